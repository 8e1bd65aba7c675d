// Conversations Services with the real twilio 6 client: create, fetch, list (what
// `npm run configure -- --create-service` calls); only the sandbox's own Service holds conversations.
import { restError, useSandbox } from './helpers';

describe('Conversations Services', () => {
  const t = useSandbox();

  it('lists the sandbox’s own Service', async () => {
    const services = await t.client.conversations.v1.services.list({ pageSize: 100 });
    expect(services.map((s) => s.sid)).toEqual([t.sandbox.serviceSid]);
  });

  it('creates a Service, then fetches and lists it', async () => {
    const created = await t.client.conversations.v1.services.create({ friendlyName: 'conversations-functions' });
    expect(created.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(created.friendlyName).toBe('conversations-functions');
    expect(created.url).toBe(`https://conversations.twilio.com/v1/Services/${created.sid}`);
    expect(created.links.conversations).toBe(`https://conversations.twilio.com/v1/Services/${created.sid}/Conversations`);
    expect((await t.client.conversations.v1.services(created.sid).fetch()).friendlyName).toBe('conversations-functions');
    const listed = await t.client.conversations.v1.services.list({ pageSize: 100 });
    expect(listed.map((s) => s.sid)).toEqual([t.sandbox.serviceSid, created.sid]);
  });

  it('answers 404 for a Service that does not exist', async () => {
    expect((await restError(t.client.conversations.v1.services('IS' + '0'.repeat(32)).fetch())).status).toBe(404);
  });

  it('refuses a create without FriendlyName, as the spec requires it', async () => {
    // twilio-node refuses it before sending: the spec's `required` is the contract both follow.
    const response = await fetch(`${t.sandbox.url}/v1/Services`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(response.status).toBe(400);
  });
});
