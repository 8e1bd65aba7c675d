// Error answers like Twilio's: JSON {code, message, more_info, status}; 401/20003 for bad
// credentials, 20404 for unknown resources, 400/20001 for requests the spec rejects.
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { raw, restError, useSandbox } from './helpers';
import { createTwilioClient } from '../../assets/lib/platform/twilio-client';

describe('Errors', () => {
  const t = useSandbox();

  it('answers 401 with code 20003 for a wrong auth token, on API and sandbox routes', async () => {
    const wrong = createTwilioClient({ accountSid: t.sandbox.accountSid, authToken: 'f'.repeat(32), baseUrl: t.sandbox.url });
    const error = await restError(wrong.conversations.v1.conversations.list());
    expect([error.status, error.code]).toEqual([401, 20003]);
    const anonymous = await fetch(`${t.sandbox.url}/sandbox/state`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ code: 20003, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  });

  it('answers 20404 with Twilio error JSON for an unknown conversation', async () => {
    const response = await raw(t.sandbox, 'GET', '/v1/Conversations/CH00000000000000000000000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      code: 20404,
      message: expect.stringContaining('/v1/Conversations/CH00000000000000000000000000000000'),
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
    const error = await restError(t.client.conversations.v1.conversations('CH00000000000000000000000000000000').messages.list());
    expect([error.status, error.code]).toEqual([404, 20404]);
  });

  it('answers 400/20001 for an invalid enum, a missing required parameter, an unknown parameter, a wrong type', async () => {
    const badState = await restError(t.client.conversations.v1.conversations.create({ state: 'open' as never }));
    expect([badState.status, badState.code]).toEqual([400, 20001]);
    expect(badState.message).toMatch(/State/);
    const c = await t.client.conversations.v1.conversations.create({});
    const missing = await raw(t.sandbox, 'POST', `/v1/Conversations/${c.sid}/Webhooks`, { 'Configuration.Url': 'https://example.com' });
    expect([missing.status, missing.body?.code, missing.body?.message]).toEqual([400, 20001, 'Missing required parameter Target in the post body']);
    const unknown = await raw(t.sandbox, 'POST', '/v1/Conversations', { FriendlyName: 'x', Colour: 'blue' });
    expect([unknown.status, unknown.body?.message]).toEqual([400, 'Unknown parameter Colour in the post body']);
    const notInteger = await raw(t.sandbox, 'GET', '/v1/Conversations?PageSize=many');
    expect(notInteger.status).toBe(400);
    const tooLarge = await raw(t.sandbox, 'GET', '/v1/Conversations?PageSize=1000');
    expect(tooLarge.status).toBe(400);
    const badHeader = await raw(t.sandbox, 'POST', '/v1/Conversations', { FriendlyName: 'x' }, { 'X-Twilio-Webhook-Enabled': 'yes' });
    expect(badHeader.status).toBe(400);
    const notJson = await restError(t.client.conversations.v1.conversations.create({ attributes: '{not json' }));
    expect(notJson.status).toBe(400);
  });

  it('answers 405 for a method the path does not have, and 404 for an unknown path', async () => {
    expect((await raw(t.sandbox, 'DELETE', '/v1/Conversations')).status).toBe(405);
    expect((await raw(t.sandbox, 'GET', '/v1/Nothing')).body?.code).toBe(20404);
  });

  it('picks the product from X-Twilio-Upstream-Host: /v1/Configuration is Conversations without it, Flex with flex-api.twilio.com', async () => {
    const conversations = await raw(t.sandbox, 'GET', '/v1/Configuration');
    expect(conversations.body?.default_chat_service_sid).toBe(t.sandbox.serviceSid);
    const flex = await restError(t.client.flexApi.v1.configuration().fetch());
    expect(flex.status).toBe(404);
    expect(flex.message).toMatch(/does not emulate FetchConfiguration/);
    const realHost = await raw(t.sandbox, 'GET', '/2010-04-01/Accounts.json', undefined, { 'X-Twilio-Upstream-Host': 'api.twilio.com' });
    expect(realHost.status).toBe(404);
  });

  it('accepts the plain twilio client with a custom RequestClient too', async () => {
    class Redirect extends twilio.RequestClient {
      request<T>(opts: RequestClient.RequestOptions<T>) {
        const url = new URL(opts.uri);
        return super.request<T>({
          ...opts,
          uri: `${t.sandbox.url}${url.pathname}${url.search}`,
          headers: { ...opts.headers, 'X-Twilio-Upstream-Host': url.hostname },
        });
      }
    }
    const client = twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: new Redirect() });
    const c = await client.conversations.v1.conversations.create({ friendlyName: 'plain client' });
    expect(t.sandbox.state.conversations.get(c.sid)?.friendlyName).toBe('plain client');
  });
});
