// The endpoint wrapper: the one place errors become answers, auth before the handler,
// CORS and preflight, and one log line per request.
import { restException } from '../../../sandbox/testing/rest-exception';
import { endpoint, fromUpstreamError } from '../../../assets/lib/http/endpoint';
import { HttpError } from '../../../assets/lib/http/errors';
import { TextBody } from '../../../assets/lib/http/response';
import { captureLogLines } from '../../support/log-capture';
import { baseEnv, ORIGIN, SERVER_API_TOKEN } from '../../../sandbox/testing/fixtures';
import { callHandler, installRuntimeGlobals } from '../../support/runtime-globals';

beforeAll(installRuntimeGlobals);

const logLines = captureLogLines();

const context = { ...baseEnv, DOMAIN_NAME: 'demo.twil.io', PATH: '/x' };
const withHeaders = (headers: Record<string, string>, params: Record<string, unknown> = {}) => ({ ...params, request: { headers } });

describe('endpoint', () => {
  it('passes parameters without `request` and answers the handler result as JSON', async () => {
    const handler = endpoint({ name: 't', auth: 'public', handle: async ({ params }) => ({ echo: params }) });
    const answer = await callHandler(handler, context, withHeaders({}, { a: '1' }));
    expect(answer).toMatchObject({ statusCode: 200, body: { echo: { a: '1' } } });
    expect(logLines()).toEqual([expect.objectContaining({ fn: 't', outcome: 'ok', status: 200 })]);
  });

  it('honours an explicit status and headers', async () => {
    const handler = endpoint({ name: 't', auth: 'public', handle: async () => ({ status: 201, body: { made: true }, headers: { Location: '/y' } }) });
    const answer = await callHandler(handler, context, withHeaders({}));
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toMatchObject({ Location: '/y' });
  });

  it('answers a TextBody as text, returned alone or with headers', async () => {
    const alone = await callHandler(endpoint({ name: 't', auth: 'public', handle: async () => new TextBody('a line\n') }), context, withHeaders({}));
    expect(alone).toMatchObject({ statusCode: 200, body: 'a line\n', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    const withCursor = endpoint({ name: 't', auth: 'public', handle: async () => ({ status: 200, body: new TextBody('x'), headers: { 'Next-Cursor': 'c' } }) });
    expect(await callHandler(withCursor, context, withHeaders({}))).toMatchObject({ body: 'x', headers: { 'Next-Cursor': 'c' } });
  });

  it('renders an HttpError with its status and code, logged as rejected', async () => {
    const handler = endpoint({
      name: 't',
      auth: 'public',
      handle: async () => {
        throw new HttpError('invalid_body', 'No.', { details: { field: 'x' } });
      },
    });
    const answer = await callHandler(handler, context, withHeaders({}));
    expect(answer).toMatchObject({ statusCode: 400, body: { error: { code: 'invalid_body', message: 'No.', details: { field: 'x' } } } });
    expect(logLines()[0]).toMatchObject({ outcome: 'rejected', status: 400, code: 'invalid_body' });
  });

  it('hides an unexpected error behind a generic 500 and logs its scrubbed cause', async () => {
    const handler = endpoint({
      name: 't',
      auth: 'public',
      handle: async () => {
        throw new TypeError('boom for +14155550123');
      },
    });
    const answer = await callHandler(handler, context, withHeaders({}));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toEqual({ error: { code: 'internal_error', message: 'Internal error. The cause was logged.' } });
    expect(logLines()[0]).toMatchObject({ outcome: 'error', cause: 'TypeError: boom for •••• 0123' });
  });

  it('runs server auth before the handler', async () => {
    let ran = false;
    const handler = endpoint({
      name: 't',
      auth: 'server',
      handle: async ({ authMethod }) => {
        ran = true;
        return { authMethod };
      },
    });
    expect((await callHandler(handler, context, withHeaders({}))).statusCode).toBe(401);
    expect(ran).toBe(false);
    const ok = await callHandler(handler, context, withHeaders({ authorization: `Bearer ${SERVER_API_TOKEN}` }));
    expect(ok.body).toEqual({ authMethod: 'bearer' });
  });

  it('runs the signature check for twilio-signature endpoints', async () => {
    const handler = endpoint({ name: 't', auth: 'twilio-signature', handle: async () => ({}) });
    const answer = await callHandler(handler, context, withHeaders({ 'x-twilio-signature': 'bogus' }));
    expect(answer).toMatchObject({ statusCode: 403, body: { error: { code: 'invalid_signature' } } });
  });

  it('answers a preflight from an allowed origin with 204 and CORS headers, others with 403 and none', async () => {
    const handler = endpoint({ name: 't', auth: 'public', cors: true, handle: async () => ({}) });
    const ok = await callHandler(handler, context, withHeaders({ origin: ORIGIN, 'access-control-request-method': 'POST' }));
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({ 'Access-Control-Allow-Origin': ORIGIN });
    const refused = await callHandler(handler, context, withHeaders({ origin: 'https://evil.example', 'access-control-request-method': 'POST' }));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('answers 503 not_configured when the handler needs the REST client without credentials', async () => {
    const handler = endpoint({
      name: 't',
      auth: 'public',
      handle: async ({ twilio }) => {
        twilio();
        return {};
      },
    });
    const answer = await callHandler(handler, { DOMAIN_NAME: 'd', PATH: '/x' }, withHeaders({}));
    expect(answer).toMatchObject({ statusCode: 503, body: { error: { code: 'not_configured', details: { variables: ['ACCOUNT_SID', 'AUTH_TOKEN'] } } } });
  });
});

describe('fromUpstreamError', () => {
  const rest = (status: number, code: number) => restException(status, { code, message: 'upstream text with +14155550123' });

  it('maps 429 to a retriable 503 with Retry-After', () => {
    expect(fromUpstreamError(rest(429, 20429))).toMatchObject({
      status: 503,
      code: 'twilio_busy',
      headers: { 'Retry-After': '1' },
      details: { retriable: true },
    });
  });

  it('maps 5xx and network errors to a retriable 502', () => {
    expect(fromUpstreamError(rest(503, 20503))).toMatchObject({ status: 502, code: 'twilio_unavailable' });
    expect(fromUpstreamError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({ status: 502, code: 'twilio_unavailable' });
  });

  it('never echoes the upstream message', () => {
    const mapped = fromUpstreamError(rest(400, 21211))!;
    expect(mapped).toMatchObject({ status: 502, code: 'twilio_rejected', details: { twilioCode: 21211 } });
    expect(mapped.message).not.toContain('4155550123');
  });

  it('leaves other errors alone', () => {
    expect(fromUpstreamError(new Error('x'))).toBeUndefined();
  });
});
