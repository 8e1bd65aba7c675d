// The transcript's text lines: one per message, and nothing a customer writes (a body, a
// name, a file name) can end a line, start one, or pass for another part of it.
import fc from 'fast-check';
import { escapeBody, escapeField, transcriptLine } from '../../../assets/lib/manage/transcript-text';
import type { TranscriptMessage } from '../../../assets/lib/manage/transcript';

const message = (changes: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  sid: 'IM' + 'a'.repeat(32),
  index: 0,
  dateCreated: '2026-07-01T12:00:00.000Z',
  author: '+14155550123',
  label: 'sms +14155550123',
  participantSid: 'MB' + 'b'.repeat(32),
  channel: 'sms',
  body: 'Hello',
  media: [],
  ...changes,
});

describe('transcriptLine', () => {
  it('writes time, label and body on one line', () => {
    expect(transcriptLine(message())).toBe('2026-07-01T12:00:00Z [sms +14155550123] Hello\n');
  });

  it('keeps milliseconds when there are some, and leaves out a missing body', () => {
    expect(transcriptLine(message({ dateCreated: '2026-07-01T12:00:00.250Z', body: null }))).toBe('2026-07-01T12:00:00.250Z [sms +14155550123]\n');
  });

  it('lists media names and content types before the body', () => {
    const media = [
      { sid: null, filename: 'a.jpg', contentType: 'image/jpeg' },
      { sid: null, filename: null, contentType: null },
    ];
    expect(transcriptLine(message({ media }))).toBe('2026-07-01T12:00:00Z [sms +14155550123] [media: a.jpg image/jpeg; (unnamed)] Hello\n');
  });

  it('never lets a body, a label or a file name make more than one line, whatever they hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (body, label, filename) => {
        const line = transcriptLine(message({ body, label, media: [{ sid: null, filename, contentType: 'text/plain' }] }));
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toMatch(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u);
      }),
    );
  });
});

describe('escapeBody and escapeField', () => {
  it('write line breaks, tabs, backslashes and bidi controls as escapes', () => {
    expect(escapeBody('a\nb\r\tc \\ \u202Ed\u2028')).toBe('a\\nb\\r\\tc \\\\ \\u{202e}d\\u{2028}');
    expect(escapeBody('\u0000\u007f\u0085')).toBe('\\u{0}\\u{7f}\\u{85}');
  });

  it('escape a lone surrogate', () => {
    expect(escapeBody('x\ud800y')).toBe('x\\u{d800}y');
  });

  it('keep emoji and scripts as they are', () => {
    expect(escapeBody('Zoë 👩‍👩‍👧 مرحبا')).toBe('Zoë 👩‍👩‍👧 مرحبا');
  });

  it('escape a body that starts like a media block, and brackets and ; in a field', () => {
    expect(escapeBody('[media: x] hi [ok]')).toBe('\\[media: x] hi [ok]');
    expect(escapeField('a] [sms +1;b')).toBe('a\\] \\[sms +1\\;b');
  });

  it('can be read back unambiguously: escaping distinct texts gives distinct lines', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        if (a !== b) expect(escapeBody(a)).not.toBe(escapeBody(b));
      }),
    );
  });
});
