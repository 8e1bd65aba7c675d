// /conversations/webhook end to end: the sandbox sends its signed pre- and post-event
// webhooks to the functions on the real local runtime, and the functions call the sandbox
// back. What is checked is the state the sandbox is left in.
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import { conversationsService } from '../../assets/lib/conversations/service';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { postSignedForm } from '../../sandbox/testing/functions-runtime';
import { stateNames } from '../../assets/lib/state/names';
import { syncStore } from '../../assets/lib/state/sync-store';
import { OWN_AUTHOR } from '../../assets/lib/conversations/own-messages';
import { startStack, type Stack } from '../support/stack';
import { quietConversation } from '../support/quiet-conversation';

const SUPPORT_SMS = '+15005550006';
const SUPPORT_WHATSAPP = 'whatsapp:+15005550007';
const FLOW_SID = 'FW' + 'f'.repeat(32);
const AUTO_REPLY = 'Thanks for your message! Someone will answer shortly.';
const addressConfigurations = [
  { type: 'sms', address: SUPPORT_SMS, autoCreation: { enabled: true, type: 'default' as const } },
  { type: 'whatsapp', address: SUPPORT_WHATSAPP, autoCreation: { enabled: true, type: 'default' as const } },
];

const autoRepliesTo = (stack: Stack, address: string) => stack.sandbox.state.deliveries.filter((d) => d.to === address && d.body === AUTO_REPLY);
const lockConversations = (stack: Stack) => [...stack.sandbox.state.conversations.values()].filter((c) => c.uniqueName?.startsWith('lock-'));
const webhookLogs = (stack: Stack) => stack.functions.requestLogs().filter((line) => line.fn === 'conversations/webhook');
/** The actions the functions logged for one event type of a conversation, once `count` are there (log lines follow the answers). */
async function loggedActions(stack: Stack, conversationSid: string, event: string, count: number) {
  const actions = () =>
    webhookLogs(stack)
      .filter((l) => l.conversationSid === conversationSid && l.event === event)
      .map((l) => l.action);
  for (const until = Date.now() + 5_000; actions().length < count && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 20));
  return actions();
}

async function inbound(stack: Stack, from: string, to: string, body: string) {
  const result = await stack.sandbox.inbound({ from, to, body });
  await stack.sandbox.idle();
  return result;
}

async function createdConversation(stack: Stack, from: string, to: string, body: string): Promise<string> {
  const result = await inbound(stack, from, to, body);
  if (result.outcome !== 'created') throw new Error(`expected an autocreated conversation, got ${JSON.stringify(result)}`);
  return result.conversationSid;
}

/** The claim an invocation that died while holding it leaves in Sync: running, its lease run out. */
async function abandonedClaim(stack: Stack, name: string): Promise<void> {
  const created = await syncStore(sandboxClient(stack.sandbox), 'default').create(
    name,
    { state: 'running', leaseUntil: Date.now() - 1_000, expiresAt: Date.now() + 60_000 },
    60,
  );
  if (created === 'taken') throw new Error(`${name} was claimed already`);
}

describe('with a Studio bot (STUDIO_FLOW_SID), post-events delivered twice', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      webhooks: true,
      sandbox: { addressConfigurations, duplicateWebhooks: true },
      env: { STUDIO_FLOW_SID: FLOW_SID, TIMERS_INACTIVE: 'PT30M', TIMERS_CLOSED: 'P7D', AUTO_REPLY_TEXT: AUTO_REPLY },
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => stack.sandbox.assertNoViolations());

  it('gets only the events the function handles, as `npm run configure` sets the Filters in Twilio', async () => {
    expect(stack.sandbox.state.serviceWebhooks.get(stack.sandbox.serviceSid)!.filters).toEqual([...HANDLED_WEBHOOK_EVENTS]);
    await createdConversation(stack, '+14155550161', SUPPORT_SMS, 'Which events?');
    const sent = new Set(stack.sandbox.state.webhookDeliveries.filter((d) => d.scope === 'service').map((d) => d.eventType));
    expect([...sent].filter((event) => !HANDLED_WEBHOOK_EVENTS.includes(event as never))).toEqual([]);
    expect(sent.has('onMessageAdded')).toBe(true);
  });

  it('names an SMS-autocreated conversation, attaches ONE bot that gets the first message, sets timers, sends no auto-reply', async () => {
    const customer = '+14155550123';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'Hi, I need help');
    const conversation = conversationView(stack.sandbox, sid).conversation()!;
    expect(conversation.friendlyName).toBe('SMS •••• 0123');
    expect(conversation.timers).toMatchObject({ inactiveMs: 30 * 60_000, closedMs: 7 * 86_400_000 });

    const studio = conversationView(stack.sandbox, sid).studioWebhooks();
    expect(studio).toHaveLength(1);
    expect(studio[0]).toMatchObject({ flowSid: FLOW_SID, replayAfter: 0 });
    const executions = conversationView(stack.sandbox, sid).executions();
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ flowSid: FLOW_SID, status: 'active' });
    expect(executions[0]!.messageSids).toContain(conversationView(stack.sandbox, sid).messages()[0]!.sid);

    expect(autoRepliesTo(stack, customer)).toHaveLength(0);
    expect(conversationView(stack.sandbox, sid).attributes()).toMatchObject({ channels: { sms: 1 } });
    expect(lockConversations(stack)).toHaveLength(0);
    // The duplicates really were sent, and answered.
    const added = stack.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onConversationAdded' && d.params.ConversationSid === sid);
    expect(added.map((d) => [d.copy, d.status, d.answer])).toEqual([
      [1, 200, '{}'],
      [2, 200, '{}'],
    ]);
  });

  it('names a WhatsApp conversation after the channel', async () => {
    const sid = await createdConversation(stack, 'whatsapp:+14155554567', SUPPORT_WHATSAPP, 'Hola');
    expect(conversationView(stack.sandbox, sid).conversation()!.friendlyName).toBe('WhatsApp •••• 4567');
    expect(conversationView(stack.sandbox, sid).studioWebhooks()).toHaveLength(1);
    expect(conversationView(stack.sandbox, sid).attributes().channels).toEqual({ whatsapp: 1 });
  });

  it('attaches one studio webhook when 6 copies of onConversationAdded arrive at the same moment', async () => {
    const template = await createdConversation(stack, '+14155550188', SUPPORT_SMS, 'first');
    const delivery = stack.sandbox.state.webhookDeliveries.find((d) => d.eventType === 'onConversationAdded' && d.params.ConversationSid === template)!;
    // Built by REST without X-Twilio-Webhook-Enabled: no webhook fires until we send the copies.
    const fresh = await conversationsService(sandboxClient(stack.sandbox), stack.sandbox.serviceSid).conversations.create({ friendlyName: 'race' });
    const url = `${stack.functions.url}/conversations/webhook`;
    const params = { ...delivery.params, ConversationSid: fresh.sid };
    const answers = await Promise.all(Array.from({ length: 6 }, () => postSignedForm(url, stack.sandbox.authToken, params)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(conversationView(stack.sandbox, fresh.sid).studioWebhooks()).toHaveLength(1);
    const actions = await loggedActions(stack, fresh.sid, 'onConversationAdded', 6);
    expect(actions.filter((a) => a === 'bot_attached')).toHaveLength(1);
    expect(actions.filter((a) => a !== 'bot_attached' && a !== 'bot_attach_in_progress' && a !== 'bot_already_attached')).toEqual([]);
    expect(lockConversations(stack)).toHaveLength(0);
  });

  it('never attaches the bot again for a late copy of onConversationAdded after a hand-off removed it', async () => {
    const sid = await createdConversation(stack, '+14155550189', SUPPORT_SMS, 'first');
    const webhooks = conversationsService(sandboxClient(stack.sandbox), stack.sandbox.serviceSid).conversations(sid).webhooks;
    // What the hand-off does to the bot.
    for (const webhook of conversationView(stack.sandbox, sid).studioWebhooks()) await webhooks(webhook.sid).remove();
    const delivery = stack.sandbox.state.webhookDeliveries.find((d) => d.eventType === 'onConversationAdded' && d.params.ConversationSid === sid)!;
    const answer = await postSignedForm(`${stack.functions.url}/conversations/webhook`, stack.sandbox.authToken, delivery.params);
    expect(answer.status).toBe(200);
    expect(conversationView(stack.sandbox, sid).studioWebhooks()).toHaveLength(0);
    // Two copies when the conversation was made (the sandbox delivers each event twice), then the late one.
    expect((await loggedActions(stack, sid, 'onConversationAdded', 3)).at(-1)).toBe('bot_already_attached');
  });
});

describe('without a bot, post-events delivered twice', () => {
  const failing = '+14155550199';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      webhooks: true,
      sandbox: { addressConfigurations, duplicateWebhooks: true, deliveryFailures: { [failing]: { status: 'undelivered', errorCode: 30003 } } },
      env: { AUTO_REPLY_TEXT: AUTO_REPLY, AGENT_IDENTITIES: 'agent-ann', BLOCKED_PATTERNS: '["\\\\bfree crypto\\\\b"]' },
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => stack.sandbox.assertNoViolations());

  it('delivers exactly ONE auto-reply to the SMS customer, recorded in the attributes', async () => {
    const customer = '+14155550124';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'Hello?');
    const added = stack.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdded' && d.params.ConversationSid === sid);
    expect(added.map((d) => d.copy)).toEqual([1, 2]);

    const replies = autoRepliesTo(stack, customer);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ channel: 'sms', from: SUPPORT_SMS, status: 'delivered' });
    const autoReply = conversationView(stack.sandbox, sid)
      .messages()
      .filter((m) => m.body === AUTO_REPLY);
    expect(autoReply).toHaveLength(1);
    expect(autoReply[0]).toMatchObject({ author: 'system', source: 'API' });
    expect(conversationView(stack.sandbox, sid).attributes()).toEqual({
      autoReply: { sentAt: expect.any(String), messageSid: autoReply[0]!.sid },
      channels: { sms: 1 },
    });
    expect(conversationView(stack.sandbox, sid).studioWebhooks()).toHaveLength(0);
    expect(lockConversations(stack)).toHaveLength(0);
    // Our own message fired no webhook (sent without X-Twilio-Webhook-Enabled).
    expect(stack.sandbox.state.webhookDeliveries.filter((d) => d.params.MessageSid === autoReply[0]!.sid && d.eventType !== 'onDeliveryUpdated')).toHaveLength(
      0,
    );

    await inbound(stack, customer, SUPPORT_SMS, 'Anyone there?');
    expect(autoRepliesTo(stack, customer)).toHaveLength(1);
    expect(
      conversationView(stack.sandbox, sid)
        .messages()
        .map((m) => m.body),
    ).toEqual(['Hello?', AUTO_REPLY, 'Anyone there?']);
  });

  it('sends one auto-reply when many copies of onMessageAdded arrive at the same moment', async () => {
    const customer = '+14155550177';
    const { sid, form: params } = await quietConversation(stack, { address: customer, proxy: SUPPORT_SMS }, 'race me');
    const url = `${stack.functions.url}/conversations/webhook`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => postSignedForm(url, stack.sandbox.authToken, params)));
    await stack.sandbox.idle();
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(autoRepliesTo(stack, customer)).toHaveLength(1);
    expect(
      conversationView(stack.sandbox, sid)
        .messages()
        .filter((m) => m.body === AUTO_REPLY),
    ).toHaveLength(1);
    expect(lockConversations(stack)).toHaveLength(0);
    const actions = webhookLogs(stack)
      .filter((l) => l.conversationSid === sid)
      .map((l) => l.action);
    expect(actions.filter((a) => a === 'auto_reply_sent')).toHaveLength(1);
  });

  it('takes over the claim of an invocation that died before sending, and sends the one reply', async () => {
    const customer = '+14155550178';
    const { sid, form: params } = await quietConversation(stack, { address: customer, proxy: SUPPORT_SMS }, 'anyone?');
    await abandonedClaim(stack, stateNames.autoReply(sid));
    const answer = await postSignedForm(`${stack.functions.url}/conversations/webhook`, stack.sandbox.authToken, params);
    await stack.sandbox.idle();
    expect(answer.status).toBe(200);
    expect(autoRepliesTo(stack, customer)).toHaveLength(1);
    expect(conversationView(stack.sandbox, sid).attributes().autoReply).toMatchObject({ messageSid: expect.stringMatching(/^IM/) });
  });

  it('takes over the claim of an invocation that died after sending, and finds its reply: none sent twice', async () => {
    const customer = '+14155550179';
    const { service, sid, form: params } = await quietConversation(stack, { address: customer, proxy: SUPPORT_SMS }, 'anyone?');
    // What the dead invocation did: the reply went out, neither the claim nor the attributes recorded it.
    await service.conversations(sid).messages.create({ author: OWN_AUTHOR, body: AUTO_REPLY, attributes: JSON.stringify({ autoReply: true }) });
    await stack.sandbox.idle();
    await abandonedClaim(stack, stateNames.autoReply(sid));
    const url = `${stack.functions.url}/conversations/webhook`;
    for (let copy = 0; copy < 2; copy += 1) expect((await postSignedForm(url, stack.sandbox.authToken, params)).status).toBe(200);
    await stack.sandbox.idle();
    expect(autoRepliesTo(stack, customer)).toHaveLength(1);
    expect(await loggedActions(stack, sid, 'onMessageAdded', 2)).toEqual(['skipped_already_sent', 'skipped_already_sent']);
  });

  it('lets go of a taken-over claim when an agent joined meanwhile, so a later message still gets the reply once the agent leaves', async () => {
    const customer = '+14155550181';
    const { service, sid, form: params } = await quietConversation(stack, { address: customer, proxy: SUPPORT_SMS }, 'anyone?');
    const agent = await service.conversations(sid).participants.create({ identity: 'agent-ann' });
    await abandonedClaim(stack, stateNames.autoReply(sid));
    const url = `${stack.functions.url}/conversations/webhook`;
    expect((await postSignedForm(url, stack.sandbox.authToken, params)).status).toBe(200);
    await service.conversations(sid).participants(agent.sid).remove();
    expect((await postSignedForm(url, stack.sandbox.authToken, params)).status).toBe(200);
    await stack.sandbox.idle();
    expect(autoRepliesTo(stack, customer)).toHaveLength(1);
    expect(await loggedActions(stack, sid, 'onMessageAdded', 2)).toEqual(['skipped_agent_present', 'auto_reply_sent']);
  });

  it('redacts a card number in the first message of an autocreated conversation (no pre-event sees it) after publication', async () => {
    const customer = '+14155550125';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'my card is 4111 1111 1111 1111, exp 12/29');
    const [first] = conversationView(stack.sandbox, sid).messages();
    expect(first!.body).toBe('my card is [card •••• 1111], exp 12/29');
    expect(JSON.stringify([...stack.sandbox.state.messages.values()])).not.toContain('4111 1111 1111 1111');
    // Twilio sent no onMessageAdd for it; onMessageAdded (delivered twice) redacted it by REST.
    const events = stack.sandbox.state.webhookDeliveries.filter((d) => d.params.ConversationSid === sid || d.params['MessagingBinding.Address'] === customer);
    expect(events.map((d) => d.eventType)).not.toContain('onMessageAdd');
    const moderated = webhookLogs(stack).filter((l) => l.conversationSid === sid && l.event === 'onMessageAdded');
    expect(moderated.map((l) => l.moderation)).toEqual(['redacted_after_publication', 'redacted_after_publication']);
  });

  it('refuses the autocreation when the first message is blocked: no conversation, the message dropped', async () => {
    const customer = '+14155550128';
    const conversations = stack.sandbox.state.conversations.size;
    const result = await inbound(stack, customer, SUPPORT_SMS, 'Get FREE CRYPTO now');
    expect(result).toMatchObject({ outcome: 'dropped', reason: expect.stringMatching(/onConversationAdd/) });
    expect(stack.sandbox.state.conversations.size).toBe(conversations);
    const refused = stack.sandbox.state.webhookDeliveries.filter(
      (d) => d.eventType === 'onConversationAdd' && d.params['MessagingBinding.Address'] === customer,
    );
    expect(refused).toMatchObject([{ status: 422, outcome: 'rejected' }]);
    expect(JSON.parse(refused[0]!.answer!)).toMatchObject({ error: { code: 'message_blocked' } });
  });

  it('applies the policy after publication to a message whose pre-event failed: redacted, or removed when refused', async () => {
    const customer = '+14155550129';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'hello');
    const wired = stack.sandbox.state.serviceWebhooks.get(stack.sandbox.serviceSid)!.preWebhookUrl!;
    // Nothing listens there: Twilio publishes unchanged when a pre-event gets no answer.
    stack.sandbox.setWebhooks({ preUrl: 'http://127.0.0.1:9/unreachable' });
    try {
      await inbound(stack, customer, SUPPORT_SMS, 'pay with 5555 5555 5555 4444 please');
      await inbound(stack, customer, SUPPORT_SMS, 'free crypto for you');
    } finally {
      stack.sandbox.setWebhooks({ preUrl: wired });
    }
    const preEvents = stack.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdd' && d.params.ConversationSid === sid);
    expect(preEvents.map((d) => d.outcome)).toEqual(['failed', 'failed']);
    expect(conversationView(stack.sandbox, sid).bodies()).toEqual(['hello', AUTO_REPLY, 'pay with [card •••• 4444] please']);
    const actions = webhookLogs(stack).filter((l) => l.conversationSid === sid && l.event === 'onMessageAdded');
    expect(actions.map((l) => l.action)).toEqual(expect.arrayContaining(['removed_after_publication']));
  });

  it('rejects a blocked message: it is not stored and nothing follows from it', async () => {
    const customer = '+14155550126';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'hello');
    const before = conversationView(stack.sandbox, sid).messages().length;
    const result = await inbound(stack, customer, SUPPORT_SMS, 'Get FREE CRYPTO now');
    expect(result).toMatchObject({ outcome: 'dropped' });
    expect(conversationView(stack.sandbox, sid).messages()).toHaveLength(before);
    expect(
      conversationView(stack.sandbox, sid)
        .messages()
        .some((m) => /crypto/i.test(m.body ?? '')),
    ).toBe(false);
    const rejected = stack.sandbox.state.webhookDeliveries.filter(
      (d) => d.eventType === 'onMessageAdd' && d.params.ConversationSid === sid && d.outcome === 'rejected',
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ status: 422 });
    expect(JSON.parse(rejected[0]!.answer!)).toMatchObject({ error: { code: 'message_blocked' } });
  });

  it('rejects a blocked chat message from the SDK too', async () => {
    const customer = '+14155550127';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'hi');
    const client = sandboxClient(stack.sandbox);
    await conversationsService(client, stack.sandbox.serviceSid).conversations(sid).participants.create({ identity: 'visitor-1' });
    await expect(stack.sandbox.chatMessage({ conversationSid: sid, identity: 'visitor-1', body: 'free crypto here' })).rejects.toThrow();
    const redacted = await stack.sandbox.chatMessage({ conversationSid: sid, identity: 'visitor-1', body: 'card 4111-1111-1111-1111' });
    expect(redacted.body).toBe('card [card •••• 1111]');
  });

  it('keeps the channels summary as participants come and go, and no auto-reply once an agent is in', async () => {
    const customer = '+14155550128';
    const client = sandboxClient(stack.sandbox);
    const service = conversationsService(client, stack.sandbox.serviceSid);
    const conversation = await service.conversations.create({ friendlyName: 'agent first' });
    await service
      .conversations(conversation.sid)
      .participants.create({ 'messagingBinding.address': customer, 'messagingBinding.proxyAddress': SUPPORT_SMS, xTwilioWebhookEnabled: 'true' });
    const agent = await service.conversations(conversation.sid).participants.create({ identity: 'agent-ann', xTwilioWebhookEnabled: 'true' });
    await stack.sandbox.idle();
    expect(conversationView(stack.sandbox, conversation.sid).attributes().channels).toEqual({ chat: 1, sms: 1 });

    await inbound(stack, customer, SUPPORT_SMS, 'is anyone there?');
    expect(autoRepliesTo(stack, customer)).toHaveLength(0);
    const skipped = webhookLogs(stack).filter((l) => l.conversationSid === conversation.sid && l.event === 'onMessageAdded');
    expect(skipped.map((l) => l.action)).toEqual(['skipped_agent_present', 'skipped_agent_present']);

    await service.conversations(conversation.sid).participants(agent.sid).remove({ xTwilioWebhookEnabled: 'true' });
    await stack.sandbox.idle();
    expect(conversationView(stack.sandbox, conversation.sid).attributes().channels).toEqual({ sms: 1 });
  });

  it('treats a post-event for a conversation closed meanwhile as nothing to do (200), not as a failure to redeliver', async () => {
    const customer = '+14155550130';
    const sid = await createdConversation(stack, customer, SUPPORT_SMS, 'bye');
    const conversation = conversationsService(sandboxClient(stack.sandbox), stack.sandbox.serviceSid).conversations(sid);
    await conversation.update({ state: 'closed' });
    const [participant] = await conversation.participants.list();
    await conversation.participants(participant!.sid).remove({ xTwilioWebhookEnabled: 'true' });
    await stack.sandbox.idle();
    const removed = stack.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onParticipantRemoved' && d.params.ConversationSid === sid);
    expect(removed.map((d) => d.status)).toEqual([200, 200]);
    expect(
      webhookLogs(stack)
        .filter((l) => l.conversationSid === sid && l.event === 'onParticipantRemoved')
        .map((l) => l.action),
    ).toEqual(['conversation_closed', 'conversation_closed']);
  });

  it('logs a failed delivery with channel, error code and the masked address', async () => {
    await createdConversation(stack, failing, SUPPORT_SMS, 'my replies never arrive');
    const failed = webhookLogs(stack).filter((l) => l.event === 'onDeliveryUpdated' && l.action === 'delivery_failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]).toMatchObject({ channel: 'sms', errorCode: 30003, deliveryStatus: 'undelivered', address: '•••• 0199', status: 200 });
    expect(JSON.stringify(failed)).not.toContain('4155550199');
  });
});
