// The functions against a Twilio whose ConversationWithParticipants answers `initializing` and
// creates the participants in the background (the sandbox's `scope: 'always'`): nothing posts
// into a conversation before it is active, answers say its state, a background failure is
// answered and cleaned up so the request can be sent again.
import { conversationsService } from '../../assets/lib/conversations/service';
import { settledState } from '../../assets/lib/conversations/readiness';
import { startSandbox } from '../../sandbox/index';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { ORIGIN } from '../../sandbox/testing/fixtures';
import { startStack, type Stack } from '../support/stack';

const FLOW_SID = 'FW' + 'a'.repeat(32);
const SMS_PROXY = '+14155550100';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    sandbox: { initialization: { scope: 'always', delayMs: 300 } },
    env: { GUEST_CHAT_ENABLED: 'true', STUDIO_FLOW_SID: FLOW_SID, SMS_PROXY_NUMBER: SMS_PROXY },
  });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

let numbers = 0;
const freshNumber = () => `+1415555${String(3000 + (numbers += 1)).padStart(4, '0')}`;
const initializingStates = (sid: string) =>
  stack.sandbox.state.webhookDeliveries.filter((d) => d.params.ConversationSid === sid && d.eventType === 'onConversationStateUpdated');

describe('onboarding a new conversation Twilio answers initializing', () => {
  it('waits until the participants exist and answers the state', async () => {
    const answer = await stack.post('/participants/onboard', {
      participants: [
        { channel: 'sms', address: freshNumber() },
        { channel: 'chat', identity: 'agent-i1' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'active', created: true });
    expect(conversationView(stack.sandbox, answer.body.conversationSid).participants()).toHaveLength(2);
  });

  it('adds the participants beyond the first 10 only once it is active (Twilio refuses them before: 50386)', async () => {
    const participants = Array.from({ length: 13 }, (_, i) => ({ channel: 'chat', identity: `crowd-${i}` }));
    const answer = await stack.post('/participants/onboard', { participants });
    expect(answer.status).toBe(200);
    expect(answer.body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(Array(13).fill('added'));
    expect(conversationView(stack.sandbox, answer.body.conversationSid).participants()).toHaveLength(13);
  });

  it('answers 502 conversation_failed when Twilio closed it in the background, removes it, and a retry succeeds', async () => {
    const request = { uniqueName: 'init-fails-once', participants: [{ channel: 'sms', address: freshNumber() }] };
    stack.sandbox.setInitialization({ failureRate: 1 });
    let failed;
    try {
      failed = await stack.post('/participants/onboard', request);
    } finally {
      stack.sandbox.setInitialization({ failureRate: 0 });
    }
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'conversation_failed', details: { conversationSid: expect.stringMatching(/^CH/) } });
    expect(stack.sandbox.state.conversations.has(failed.body.error.details.conversationSid)).toBe(false);
    expect(stack.sandbox.state.errorLog.map((entry) => entry.resourceSid)).toContain(failed.body.error.details.conversationSid);
    // Removed, so the unique name is free again: the same request succeeds.
    const retried = await stack.post('/participants/onboard', request);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ created: true, state: 'active' });
  });
});

describe('/webchat/start when Twilio answers initializing', () => {
  it('posts the question and attaches the bot only once the conversation is active', async () => {
    const answer = await stack.post('/webchat/start', { question: 'Is anyone there?' }, { Origin: ORIGIN });
    expect(answer.status).toBe(200);
    const conversation = conversationView(stack.sandbox, answer.body.conversationSid);
    expect(conversation.bodies()).toEqual(['Is anyone there?']);
    expect(conversation.studioWebhooks()).toHaveLength(1);
    expect(conversation.conversation()!.state).toBe('active');
    expect(initializingStates(answer.body.conversationSid)).toEqual([]);
  });
});

describe('settledState', () => {
  it('reads nothing for a conversation that is not initializing, and gives up at the deadline', async () => {
    const sandbox = await startSandbox({ quiet: true, initialization: { scope: 'always', delayMs: 60_000 } });
    try {
      const service = conversationsService(sandboxClient(sandbox), sandbox.serviceSid);
      const created = await service.conversationWithParticipants.create({ participant: [JSON.stringify({ identity: 'slow' })] });
      expect(created.state).toBe('initializing');
      // With 2 s left and 1.5 s kept for the caller's own work, it reads a few times, then gives up.
      await expect(settledState(service, created.sid, 'initializing', Date.now() + 2_000)).resolves.toBe('initializing');
      await expect(settledState(service, created.sid, 'active', Date.now())).resolves.toBe('active');
    } finally {
      await sandbox.close();
    }
  });
});
