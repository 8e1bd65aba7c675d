// The runtime Response our answers become.
import { TextBody, toTwilioResponse } from '../../../assets/lib/http/response';
import { installRuntimeGlobals } from '../../support/runtime-globals';

beforeAll(installRuntimeGlobals);

describe('toTwilioResponse', () => {
  it('builds a JSON runtime Response with extra headers', () => {
    const response = toTwilioResponse({ status: 201, body: { a: 1 }, headers: { 'Retry-After': '1' } }) as unknown as {
      serialize(): { statusCode: number; body: unknown; headers: Record<string, unknown> };
    };
    const serialized = response.serialize();
    expect(serialized.statusCode).toBe(201);
    expect(JSON.parse(String(serialized.body))).toEqual({ a: 1 });
    expect(serialized.headers).toMatchObject({ 'Content-Type': 'application/json', 'Retry-After': '1' });
  });

  it('sends a TextBody as it is, with its text Content-Type', () => {
    const response = toTwilioResponse({ status: 200, body: new TextBody('one\ntwo\n'), headers: {} }) as unknown as {
      serialize(): { body: unknown; headers: Record<string, unknown> };
    };
    const serialized = response.serialize();
    expect(serialized.body).toBe('one\ntwo\n');
    expect(serialized.headers).toMatchObject({ 'Content-Type': 'text/plain; charset=utf-8' });
  });
});
