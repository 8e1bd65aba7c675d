// Cursors into a conversation's messages: signed for one conversation and one purpose, and
// only ever a page of that conversation's Messages list.
import { decodePageCursor, encodePageCursor, firstPageUrl, type CursorBinding } from '../../../assets/lib/messages/page-cursor';
import { HttpError } from '../../../assets/lib/http/errors';

const SERVICE = 'IS' + 'c'.repeat(32);
const SID = 'CH' + 'a'.repeat(32);
const OTHER = 'CH' + 'b'.repeat(32);
const binding: CursorBinding = { purpose: 'transcript', conversationSid: SID, key: 'k'.repeat(32) };
const page = { url: firstPageUrl(SERVICE, SID, 'asc'), offset: 7 };

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as HttpError).code;
  }
  return 'accepted';
};

describe('page cursors', () => {
  it('read back what they were made of', () => {
    expect(decodePageCursor(encodePageCursor(page, binding), SERVICE, binding)).toEqual(page);
  });

  it('are refused for another conversation, another purpose or another key', () => {
    const cursor = encodePageCursor(page, binding);
    expect(code(() => decodePageCursor(cursor, SERVICE, { ...binding, conversationSid: OTHER }))).toBe('invalid_cursor');
    expect(code(() => decodePageCursor(cursor, SERVICE, { ...binding, purpose: 'history' }))).toBe('invalid_cursor');
    expect(code(() => decodePageCursor(cursor, SERVICE, { ...binding, key: 'x'.repeat(32) }))).toBe('invalid_cursor');
  });

  it('are refused when changed, or when what they hold is no page of this conversation', () => {
    const cursor = encodePageCursor(page, binding);
    expect(code(() => decodePageCursor(`${cursor}x`, SERVICE, binding))).toBe('invalid_cursor');
    expect(code(() => decodePageCursor(`${cursor}.extra`, SERVICE, binding))).toBe('invalid_cursor');
    for (const forged of [
      { url: firstPageUrl(SERVICE, OTHER, 'asc'), offset: 0 },
      { url: page.url.replace('https:', 'http:'), offset: 0 },
      { url: page.url.replace('conversations.twilio.com', 'evil.example'), offset: 0 },
      { url: page.url, offset: 100 },
      { url: page.url, offset: -1 },
      { url: 'not a url', offset: 0 },
    ])
      expect(code(() => decodePageCursor(encodePageCursor(forged, binding), SERVICE, binding))).toBe('invalid_cursor');
  });
});
