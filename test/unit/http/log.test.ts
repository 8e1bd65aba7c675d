import { maskAddress, RequestLog, scrub, setLogWriter } from '../../../assets/lib/http/log';

describe('maskAddress', () => {
  it('keeps only the last 4 digits and the channel prefix', () => {
    expect(maskAddress('+14155550123')).toBe('•••• 0123');
    expect(maskAddress('whatsapp:+14155550123')).toBe('whatsapp:•••• 0123');
    expect(maskAddress('+1')).toBe('••••');
  });
});

describe('scrub', () => {
  it('masks phone numbers, JWTs and bearer tokens in free text', () => {
    const text = 'send to whatsapp:+14155550123 and +44 20 7946 0958 with Bearer abc.def and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig';
    const scrubbed = scrub(text);
    expect(scrubbed).not.toMatch(/4155550|7946|abc\.def|eyJ/);
    expect(scrubbed).toContain('whatsapp:•••• 0123');
    expect(scrubbed).toContain('•••• 0958');
    expect(scrubbed).toContain('[jwt]');
  });

  it('leaves short numbers and SIDs alone', () => {
    expect(scrub('error 20404 on CH0123456789abcdef0123456789abcdef')).toBe('error 20404 on CH0123456789abcdef0123456789abcdef');
  });
});

describe('RequestLog', () => {
  it('writes one JSON line with elapsed time and scrubbed fields', () => {
    const lines: string[] = [];
    const previous = setLogWriter((line) => lines.push(line));
    try {
      const log = new RequestLog('onboard');
      log.set({ conversationSid: 'CH1', address: '+14155550123' });
      log.finish({ outcome: 'ok', status: 200 });
    } finally {
      setLogWriter(previous);
    }
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ fn: 'onboard', conversationSid: 'CH1', address: '•••• 0123', outcome: 'ok', status: 200 });
    expect(typeof entry.ms).toBe('number');
  });
});
