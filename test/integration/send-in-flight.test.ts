// A send whose attempt timed out may still be applied later by Twilio: it must never be
// re-sent in the same call (the caller retries with the same key once it has landed).
import { conversationView } from '../../sandbox/testing/conversation-view';
import { readConfig } from '../../assets/lib/platform/config';
import { sandboxClient } from '../../sandbox/testing/client';
import { sendMessage } from '../../assets/lib/messages/send';
import { createTwilioClient } from '../../assets/lib/platform/twilio-client';
import { isInFlight } from '../../assets/lib/platform/twilio-errors';
import { startSandbox, type Sandbox } from '../../sandbox/index';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

describe('sendMessage when Twilio is slower than the attempt timeout', () => {
  it('answers an in-flight error instead of sending twice', async () => {
    const fast = sandboxClient(sandbox);
    const conversation = await fast.conversations.v1.services(sandbox.serviceSid).conversations.create({ friendlyName: 'slow' });
    const config = { ...readConfig({}), CONVERSATIONS_SERVICE_SID: sandbox.serviceSid };
    const slow = createTwilioClient({
      accountSid: sandbox.accountSid,
      authToken: sandbox.authToken,
      baseUrl: sandbox.url,
      attemptTimeoutMs: 100,
      deadlineMs: 250,
    });
    sandbox.setFaults({ latencyMs: 300 });
    const request = { conversationSid: conversation.sid, body: 'only once', webhookEnabled: false };
    let failure: unknown;
    try {
      await sendMessage(config, slow, request);
    } catch (error) {
      failure = error;
    }
    expect(isInFlight(failure)).toBe(true);
    // Twilio (the sandbox) applies the timed-out create afterwards.
    await sandbox.idle();
    sandbox.setFaults({ latencyMs: 0 });
    const stored = conversationView(sandbox, conversation.sid).messages();
    expect(stored.map((m) => m.body)).toEqual(['only once']);
  });
});
