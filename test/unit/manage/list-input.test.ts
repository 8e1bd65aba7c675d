// The input of /conversations/list: who (normalised as onboarding normalises), which, how many.
import { instantOf, readListRequest } from '../../../assets/lib/manage/list-input';

const read = (params: Record<string, unknown>) => readListRequest(params, { DEFAULT_COUNTRY: 'US' });
const refusal = (params: Record<string, unknown>) => {
  try {
    read(params);
  } catch (error) {
    return error as { code: string; details?: { fields?: Array<{ field: string }> } };
  }
  throw new Error('expected a 400');
};

describe('readListRequest', () => {
  it('normalises an SMS or WhatsApp address as onboarding does', () => {
    expect(read({ address: '(415) 555-0123', channel: 'sms' }).customer).toEqual({ address: '+14155550123' });
    expect(read({ address: ' +44 7911 123456 ', channel: 'whatsapp' }).customer).toEqual({ address: 'whatsapp:+447911123456' });
    expect(read({ address: 'WhatsApp:+14155550123', channel: 'whatsapp' }).customer).toEqual({ address: 'whatsapp:+14155550123' });
  });

  it('takes an identity in NFC form, a guest’s too', () => {
    expect(read({ identity: 'Zoe\u0308' }).customer).toEqual({ identity: 'Zoë' });
    expect(read({ identity: 'guest-1234' }).customer).toEqual({ identity: 'guest-1234' });
  });

  it('lists the Service without a customer, 20 at a time by default', () => {
    expect(read({})).toStrictEqual({ limit: 20 });
    expect(read({ state: 'closed', limit: '100', cursor: 'abc' })).toStrictEqual({ state: 'closed', limit: 100, cursor: 'abc' });
  });

  it.each([
    [{ address: '+14155550123' }, 'invalid_request', 'channel'],
    [{ channel: 'whatsapp' }, 'invalid_request', 'address'],
    [{ identity: 'pat', channel: 'sms' }, 'invalid_request', 'identity'],
    [{ address: '+14155550123', channel: 'messenger' }, 'invalid_request', 'channel'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'invalid_request', 'from'],
    [{ limit: '1.5' }, 'invalid_request', 'limit'],
    [{ limit: 101 }, 'invalid_request', 'limit'],
    [{ address: '' }, 'invalid_request', 'address'],
    [{ address: '+1 555', channel: 'sms' }, 'invalid_address', undefined],
    [{ identity: 'SYSTEM' }, 'invalid_identity', undefined],
    [{ identity: 'a b' }, 'invalid_identity', undefined],
  ])('refuses %j with %s', (params, code, field) => {
    const error = refusal(params);
    expect(error.code).toBe(code);
    if (field) expect(error.details?.fields?.map((f) => f.field)).toContain(field);
  });
});

describe('instantOf', () => {
  it('reads a day as its first or last millisecond, and a time with its offset as it says', () => {
    expect(instantOf('2026-01-31', 'from')?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(instantOf('2026-01-31', 'to')?.toISOString()).toBe('2026-01-31T23:59:59.999Z');
    expect(instantOf('2026-01-31T12:00:00+02:00', 'to')?.toISOString()).toBe('2026-01-31T10:00:00.000Z');
    expect(instantOf('2026-01-31T12:00Z', 'from')?.toISOString()).toBe('2026-01-31T12:00:00.000Z');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-01-31T12:00:00', '2026-01-31T25:00:00Z', '31/01/2026', 'yesterday', '', '2026-01-31 '])('refuses %j', (value) => {
    expect(instantOf(value, 'from')).toBeUndefined();
  });
});
