// /studio/handoff and /studio/attach through the real local runtime against the sandbox,
// called as Studio calls them: form-encoded, signed, with the parameters of studio/flow.json.
import { readFileSync } from 'node:fs';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { join } from 'node:path';
import { DEFAULT_NOTICE } from '../../assets/lib/handoff/input';
import type { Sandbox } from '../../sandbox/index';
import { call, postForm, postSignedForm, type HttpAnswer } from '../../sandbox/testing/functions-runtime';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';
import { startStack, type Stack } from '../support/stack';

const FLOW = 'FW' + '1'.repeat(32);
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const AGENTS = ['agent-ann', 'agent-bob', 'agent-cy'];
// Small, so that a test can fill a conversation up and make the agent add fail.
const PARTICIPANT_LIMIT = 4;

const studioLine = { type: 'whatsapp', address: WHATSAPP_SENDER, autoCreation: { enabled: true, type: 'studio' as const, studioFlowSid: FLOW } };

// The Run Function widget of the importable flow: its parameters, rendered as Studio would.
type FlowWidget = { type: string; properties: { parameters?: Array<{ key: string; value: string }> } };
const flow = JSON.parse(readFileSync(join(__dirname, '../../studio/flow.json'), 'utf8')) as { states: FlowWidget[] };
const handoffWidget = flow.states.find((state) => state.type === 'run-function')!;

function asStudioWould(variables: Record<string, string>, overrides: Record<string, string> = {}): Record<string, string> {
  const rendered = handoffWidget.properties.parameters!.map(({ key, value }) => [
    key,
    value.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => variables[name] ?? ''),
  ]);
  return { ...Object.fromEntries(rendered), ...overrides };
}

let counter = 0;
const freshCustomer = () => `whatsapp:+1415555${String(3000 + (counter += 1)).padStart(4, '0')}`;

type Signing = { signature?: string | null };

/** A form POST signed like Studio signs it (X-Twilio-Signature with the account's auth token). */
async function studioCall(stack: Stack, path: string, params: Record<string, string>, signing: Signing = {}): Promise<HttpAnswer> {
  const url = `${stack.functions.url}${path}`;
  if (signing.signature === undefined) return postSignedForm(url, stack.sandbox.authToken, params);
  return postForm(url, params, signing.signature ? { 'X-Twilio-Signature': signing.signature } : {});
}

/** The sandbox as seen from one conversation. */
/** An inbound WhatsApp message autocreates a conversation with the bot (a studio webhook) and an execution. */
async function customerWritesIn(stack: Stack, body = 'Hi, where is my order?') {
  const customer = freshCustomer();
  const inbound = await stack.sandbox.inbound({ from: customer, to: WHATSAPP_SENDER, body });
  if (inbound.outcome === 'dropped') throw new Error(`inbound dropped: ${inbound.reason}`);
  const conversationSid = inbound.conversationSid;
  const [execution] = conversationView(stack.sandbox, conversationSid).executions();
  return { customer, conversationSid, executionSid: execution!.sid };
}

const studioVariables = (conversationSid: string, executionSid: string) => ({
  'trigger.conversation.ConversationSid': conversationSid,
  'flow.sid': executionSid,
  'flow.flow_sid': FLOW,
});

function restClient(sandbox: Sandbox) {
  return sandboxClient(sandbox).conversations.v1.services(sandbox.serviceSid);
}

describe('/studio/handoff and /studio/attach (agents from AGENT_IDENTITIES)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { WHATSAPP_SENDER, AGENT_IDENTITIES: AGENTS.join(','), STUDIO_FLOW_SID: FLOW },
      sandbox: { addressConfigurations: [studioLine], limits: { participantsPerConversation: PARTICIPANT_LIMIT } },
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    stack.sandbox.setFaults({ rate429: 0, rate5xx: 0, rateDrop: 0 });
    stack.sandbox.assertNoViolations();
  });

  const handoff = (params: Record<string, string>, signing?: Signing) => studioCall(stack, '/studio/handoff', params, signing);
  const attach = (params: Record<string, string>, signing?: Signing) => studioCall(stack, '/studio/attach', params, signing);

  it('hands a WhatsApp customer from the bot to an agent, end to end', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const conversation = conversationView(stack.sandbox, conversationSid);
    expect(conversation.studioWebhooks()).toEqual([expect.objectContaining({ flowSid: FLOW })]);
    expect(conversation.executions()).toEqual([expect.objectContaining({ sid: executionSid, flowSid: FLOW, status: 'active' })]);

    const answer = await handoff(asStudioWould(studioVariables(conversationSid, executionSid)));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    expect(answer.body).toEqual({
      handedOff: true,
      alreadyHandedOff: false,
      conversationSid,
      route: 'agent',
      agentIdentity: expect.any(String),
      handedOffAt: expect.any(String),
      executionEnded: true,
    });
    // Flat: every value is a scalar, as widgets.NAME.parsed.KEY needs.
    expect(Object.values(answer.body).every((value) => typeof value !== 'object')).toBe(true);
    const agent: string = answer.body.agentIdentity;
    expect(AGENTS).toContain(agent);

    expect(conversation.studioWebhooks()).toEqual([]);
    expect(stack.sandbox.state.executions.get(executionSid)!.status).toBe('ended');
    const agentParticipant = conversation.participants().find((p) => p.identity === agent);
    expect(JSON.parse(agentParticipant!.attributes)).toEqual({ role: 'agent' });
    expect(conversation.deliveriesTo(customer).map((d) => [d.body, d.from, d.status])).toEqual([[DEFAULT_NOTICE, WHATSAPP_SENDER, 'delivered']]);
    expect(conversation.attributes()).toEqual({
      handoff: { at: answer.body.handedOffAt, reason: 'Chose 2 in the bot menu', to: agent, seq: 1 },
      handoffCount: 1,
    });

    // The agent signs in to web chat with a token for their identity...
    const token = await call(`${stack.functions.url}/token`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await sessionJwt({ sub: agent, exp: secondsFromNow(600) })}` },
    });
    expect(token.status).toBe(200);
    expect(token.body.identity).toBe(agent);
    // ...and writes: the customer gets it on WhatsApp.
    await stack.sandbox.chatMessage({ conversationSid, identity: agent, body: 'Hi, this is a person. Let me look at your order.' });
    expect(conversation.deliveriesTo(customer).map((d) => d.body)).toEqual([DEFAULT_NOTICE, 'Hi, this is a person. Let me look at your order.']);

    // The customer's reply reaches the agent, not the bot: no new execution.
    await stack.sandbox.inbound({ from: customer, to: WHATSAPP_SENDER, body: 'Thanks!' });
    expect(conversation.executions()).toHaveLength(1);
    expect(conversation.messages().at(-1)).toMatchObject({ author: customer, body: 'Thanks!' });

    // One log line for the request, without the customer's number.
    const logged = stack.functions.requestLogs().filter((line) => line.fn === 'studio/handoff' && line.conversationSid === conversationSid);
    expect(logged).toEqual([expect.objectContaining({ outcome: 'ok', status: 200, route: 'agent', alreadyHandedOff: false, executionEnded: true })]);
    expect(JSON.stringify(stack.functions.logs)).not.toContain(customer.replace('whatsapp:', ''));
  });

  it('is idempotent: a second call answers alreadyHandedOff and changes nothing', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const params = asStudioWould(studioVariables(conversationSid, executionSid), { AgentIdentity: 'agent-cy' });
    const first = await handoff(params);
    expect(first.body).toMatchObject({ alreadyHandedOff: false, agentIdentity: 'agent-cy' });
    const conversation = conversationView(stack.sandbox, conversationSid);
    const before = { messages: conversation.messages().length, participants: conversation.participants().length, attributes: conversation.attributes() };

    const second = await handoff(params);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      handedOff: true,
      alreadyHandedOff: true,
      conversationSid,
      route: 'agent',
      agentIdentity: 'agent-cy',
      handedOffAt: first.body.handedOffAt,
    });
    expect(conversation.messages()).toHaveLength(before.messages);
    expect(conversation.participants()).toHaveLength(before.participants);
    expect(conversation.attributes()).toEqual(before.attributes);
    expect(conversation.deliveriesTo(customer).filter((d) => d.body === DEFAULT_NOTICE)).toHaveLength(1);
  });

  it('takes a custom notice and works without an execution (called by an agent tool)', async () => {
    const { customer, conversationSid } = await customerWritesIn(stack);
    const answer = await handoff({ ConversationSid: conversationSid, AgentIdentity: 'agent-bob', Message: 'Bob from support here in a moment.' });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('executionEnded');
    expect(
      conversationView(stack.sandbox, conversationSid)
        .deliveriesTo(customer)
        .map((d) => d.body),
    ).toEqual(['Bob from support here in a moment.']);
  });

  it('picks the agent with the fewest active conversations (closed ones do not count; ties by list order)', async () => {
    const service = restClient(stack.sandbox);
    const activeLoad = (identity: string) =>
      [...stack.sandbox.state.participants.values()].filter(
        (p) => p.identity === identity && stack.sandbox.state.conversations.get(p.conversationSid)?.state !== 'closed',
      ).length;
    const seed = async (identity: string, count: number, state: 'active' | 'closed' = 'active') => {
      for (let i = 0; i < count; i += 1) {
        const created = await service.conversations.create({ friendlyName: `load ${identity}` });
        await service.conversations(created.sid).participants.create({ identity });
        if (state === 'closed') await service.conversations(created.sid).update({ state: 'closed' });
      }
    };
    // ann busiest; bob and cy tied one below (bob also has closed ones, which must not count).
    const top = Math.max(...AGENTS.map(activeLoad)) + 1;
    await seed('agent-ann', top + 1 - activeLoad('agent-ann'));
    await seed('agent-bob', top - activeLoad('agent-bob'));
    await seed('agent-cy', top - activeLoad('agent-cy'));
    await seed('agent-bob', 3, 'closed');
    expect(AGENTS.map(activeLoad)).toEqual([top + 1, top, top]);

    const { conversationSid, executionSid } = await customerWritesIn(stack);
    const answer = await handoff(asStudioWould(studioVariables(conversationSid, executionSid)));
    expect(answer.body.agentIdentity).toBe('agent-bob');
  });

  it('answers 404 for an unknown conversation', async () => {
    const answer = await handoff({ ConversationSid: 'CH' + '0'.repeat(32) });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('conversation_not_found');
  });

  it('answers 400 naming the field for a bad request, and when ExecutionSid comes without FlowSid', async () => {
    const missing = await handoff({ Reason: 'no sid' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toEqual([expect.objectContaining({ field: 'ConversationSid' })]);
    const half = await handoff({ ConversationSid: 'CH' + '0'.repeat(32), ExecutionSid: 'FN' + '0'.repeat(32) });
    expect(half.status).toBe(400);
    expect(half.body.error.details.fields).toEqual([expect.objectContaining({ field: 'FlowSid' })]);
  });

  it('attach after a hand-off puts the bot back, refuses a second studio webhook, and a later hand-off notifies again', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const conversation = conversationView(stack.sandbox, conversationSid);
    await handoff(asStudioWould(studioVariables(conversationSid, executionSid), { AgentIdentity: 'agent-ann' }));
    expect(conversation.studioWebhooks()).toEqual([]);

    const attached = await attach({ ConversationSid: conversationSid });
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({
      attached: true,
      conversationSid,
      flowSid: FLOW,
      webhookSid: expect.stringMatching(/^WH/),
      replayAfter: null,
      handoffCleared: true,
    });
    expect(conversation.studioWebhooks()).toEqual([expect.objectContaining({ sid: attached.body.webhookSid, flowSid: FLOW, replayAfter: null })]);
    expect(conversation.attributes()).toEqual({ handoffCount: 1 });

    const again = await attach({ ConversationSid: conversationSid, FlowSid: FLOW });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'bot_already_attached', details: { webhookSid: attached.body.webhookSid, flowSid: FLOW } });
    expect(conversation.studioWebhooks()).toHaveLength(1);

    // The bot answers the customer's next message: a new execution.
    await stack.sandbox.inbound({ from: customer, to: WHATSAPP_SENDER, body: 'One more question' });
    const executions = conversation.executions();
    expect(executions.map((e) => e.status)).toEqual(['ended', 'active']);

    // A second hand-off is a new one: a new notice, the agent already there.
    const second = await handoff(asStudioWould(studioVariables(conversationSid, executions[1]!.sid), { AgentIdentity: 'agent-ann' }));
    expect(second.body).toMatchObject({ alreadyHandedOff: false, agentIdentity: 'agent-ann', executionEnded: true });
    expect(conversation.deliveriesTo(customer).filter((d) => d.body === DEFAULT_NOTICE)).toHaveLength(2);
    expect(conversation.participants().filter((p) => p.identity === 'agent-ann')).toHaveLength(1);
    expect(conversation.attributes()).toMatchObject({ handoff: { seq: 2, to: 'agent-ann' }, handoffCount: 2 });
  });

  it('attach validates its input: 404 unknown conversation, 400 bad ReplayAfter, and replays from ReplayAfter', async () => {
    expect((await attach({ ConversationSid: 'CH' + '0'.repeat(32) })).status).toBe(404);
    const { conversationSid } = await customerWritesIn(stack);
    const bad = await attach({ ConversationSid: conversationSid, ReplayAfter: '-1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([expect.objectContaining({ field: 'ReplayAfter' })]);
    await handoff({ ConversationSid: conversationSid, AgentIdentity: 'agent-cy' });
    const replayed = await attach({ ConversationSid: conversationSid, ReplayAfter: '0' });
    expect(replayed.body.replayAfter).toBe(0);
    expect(conversationView(stack.sandbox, conversationSid).studioWebhooks()[0]!.replayAfter).toBe(0);
  });

  it('attach refuses a closed conversation (409 conversation_closed): no webhook is added', async () => {
    const { conversationSid } = await customerWritesIn(stack);
    await handoff({ ConversationSid: conversationSid, AgentIdentity: 'agent-ann' });
    await restClient(stack.sandbox).conversations(conversationSid).update({ state: 'closed' });
    const answer = await attach({ ConversationSid: conversationSid });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'conversation_closed', details: { conversationSid } });
    expect(conversationView(stack.sandbox, conversationSid).studioWebhooks()).toEqual([]);
  });

  it('leaves the bot in charge when the agent cannot be added, and a retry completes the hand-off', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const service = restClient(stack.sandbox);
    // Fill the conversation up to the participant limit: the agent add fails (50417).
    const fillers: string[] = [];
    for (let i = 1; i < PARTICIPANT_LIMIT; i += 1)
      fillers.push((await service.conversations(conversationSid).participants.create({ identity: `guest-${conversationSid}-${i}` })).sid);
    const conversation = conversationView(stack.sandbox, conversationSid);
    const params = asStudioWould(studioVariables(conversationSid, executionSid), { AgentIdentity: 'agent-bob' });

    const failed = await handoff(params);
    expect(failed.status).toBe(409);
    expect(failed.body.error).toMatchObject({ code: 'participant_limit', details: { reason: 'participant_limit', twilioCode: 50417 } });
    // Nothing was let go of: bot attached, execution alive (Studio's Fail branch can run), no notice, no record.
    expect(conversation.studioWebhooks()).toHaveLength(1);
    expect(stack.sandbox.state.executions.get(executionSid)!.status).toBe('active');
    expect(conversation.deliveriesTo(customer)).toEqual([]);
    expect(conversation.attributes()).toEqual({});

    await service.conversations(conversationSid).participants(fillers[0]!).remove();
    const retried = await handoff(params);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ alreadyHandedOff: false, agentIdentity: 'agent-bob', executionEnded: true });
    expect(conversation.studioWebhooks()).toEqual([]);
    expect(conversation.deliveriesTo(customer).map((d) => d.body)).toEqual([DEFAULT_NOTICE]);
  });

  it('finishes a hand-off whose last round failed half-way (bot still attached, or no notice), never posting the notice twice', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const conversation = conversationView(stack.sandbox, conversationSid);
    const params = asStudioWould(studioVariables(conversationSid, executionSid), { AgentIdentity: 'agent-ann' });
    const first = await handoff(params);
    expect(first.status).toBe(200);
    // As if deleting the studio webhook had failed: put one back, record untouched.
    await restClient(stack.sandbox).conversations(conversationSid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW });

    const retried = await handoff(params);
    expect(retried.body).toMatchObject({ alreadyHandedOff: false, agentIdentity: 'agent-ann', handedOffAt: first.body.handedOffAt });
    expect(conversation.studioWebhooks()).toEqual([]);
    expect(conversation.deliveriesTo(customer).map((d) => d.body)).toEqual([DEFAULT_NOTICE]);
    expect(conversation.attributes()).toMatchObject({ handoff: { seq: 1 }, handoffCount: 1 });

    // As if the notice had failed: it is not among the messages. The retry posts it, once.
    const notice = conversation.messages().find((m) => m.body === DEFAULT_NOTICE)!;
    await restClient(stack.sandbox).conversations(conversationSid).messages(notice.sid).remove();
    const third = await handoff(params);
    expect(third.body).toMatchObject({ alreadyHandedOff: false, handedOffAt: first.body.handedOffAt });
    expect(conversation.messages().filter((m) => m.body === DEFAULT_NOTICE)).toHaveLength(1);
    expect((await handoff(params)).body.alreadyHandedOff).toBe(true);
  });

  it('under injected 5xx and dropped connections, retries end with exactly one agent, one notice and no bot', async () => {
    const conversations = [];
    for (let i = 0; i < 4; i += 1) conversations.push(await customerWritesIn(stack));
    const faultsBefore = stack.sandbox.faultLog.length;
    // A 503 or a drop may come AFTER the action was applied, as with Twilio (appliedRate).
    stack.sandbox.setFaults({ rate5xx: 0.4, rateDrop: 0.1, appliedRate: 0.5, seed: 7 });
    const statuses: number[][] = [];
    for (const { conversationSid, executionSid } of conversations) {
      const params = asStudioWould(studioVariables(conversationSid, executionSid), { AgentIdentity: 'agent-cy' });
      const attempts: number[] = [];
      for (let attempt = 0; attempt < 10 && attempts.at(-1) !== 200; attempt += 1) attempts.push((await handoff(params)).status);
      statuses.push(attempts);
    }
    stack.sandbox.setFaults({ rate5xx: 0, rateDrop: 0 });

    // Creates hit by a fault that still applied them: the duplicate-detection paths ran.
    const faults = stack.sandbox.faultLog.slice(faultsBefore);
    expect(faults.some((f) => f.method === 'POST' && /\/(Messages|Participants)$/.test(f.path) && f.applied)).toBe(true);
    for (const [index, { customer, conversationSid }] of conversations.entries()) {
      const attempts = statuses[index]!;
      expect(attempts.at(-1)).toBe(200);
      expect(attempts.slice(0, -1).every((status) => status >= 500)).toBe(true);
      const conversation = conversationView(stack.sandbox, conversationSid);
      expect(conversation.studioWebhooks()).toEqual([]);
      expect(conversation.participants().filter((p) => p.identity === 'agent-cy')).toHaveLength(1);
      expect(conversation.messages().filter((m) => m.body === DEFAULT_NOTICE)).toHaveLength(1);
      expect(conversation.deliveriesTo(customer).filter((d) => d.body === DEFAULT_NOTICE)).toHaveLength(1);
      expect(conversation.attributes()).toMatchObject({ handoff: { seq: 1, to: 'agent-cy' }, handoffCount: 1 });
    }
  });

  it('refuses a closed conversation with 409', async () => {
    const { conversationSid } = await customerWritesIn(stack);
    await restClient(stack.sandbox).conversations(conversationSid).update({ state: 'closed' });
    const answer = await handoff({ ConversationSid: conversationSid, AgentIdentity: 'agent-ann' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conversation_closed');
  });
});

describe('/studio/handoff to Flex', () => {
  const WORKSPACE = 'WS' + '2'.repeat(32);
  const WORKFLOW = 'WW' + '3'.repeat(32);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { WHATSAPP_SENDER, STUDIO_FLOW_SID: FLOW, FLEX_WORKSPACE_SID: WORKSPACE, FLEX_WORKFLOW_SID: WORKFLOW },
      sandbox: { addressConfigurations: [studioLine] },
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => stack.sandbox.assertNoViolations());

  it('creates one interaction bound to the conversation (media_channel_sid), and is idempotent', async () => {
    const { customer, conversationSid, executionSid } = await customerWritesIn(stack);
    const params = asStudioWould(studioVariables(conversationSid, executionSid));
    const answer = await studioCall(stack, '/studio/handoff', params);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      handedOff: true,
      alreadyHandedOff: false,
      route: 'flex',
      interactionSid: expect.stringMatching(/^KD[0-9a-f]{32}$/),
      executionEnded: true,
    });
    expect(answer.body).not.toHaveProperty('agentIdentity');

    const interaction = stack.sandbox.state.interactions.get(answer.body.interactionSid)!;
    expect(interaction.channel).toEqual({ type: 'whatsapp', initiated_by: 'customer', properties: { media_channel_sid: conversationSid } });
    expect(interaction.routing).toEqual({
      properties: {
        workspace_sid: WORKSPACE,
        workflow_sid: WORKFLOW,
        task_channel_unique_name: 'chat',
        attributes: { conversationSid, channelType: 'whatsapp', customerName: customer, customerAddress: customer, handoffReason: 'Chose 2 in the bot menu' },
      },
    });
    const conversation = conversationView(stack.sandbox, conversationSid);
    expect(conversation.studioWebhooks()).toEqual([]);
    expect(conversation.participants()).toHaveLength(1); // Flex adds the agent when one accepts the task
    expect(conversation.deliveriesTo(customer).map((d) => d.body)).toEqual([DEFAULT_NOTICE]);
    expect(conversation.attributes().handoff).toMatchObject({ to: 'flex', interactionSid: answer.body.interactionSid, seq: 1 });

    const again = await studioCall(stack, '/studio/handoff', params);
    expect(again.body).toMatchObject({ alreadyHandedOff: true, route: 'flex', interactionSid: answer.body.interactionSid });
    expect(stack.sandbox.state.interactions.size).toBe(1);
  });

  it('still hands to a named agent when AgentIdentity is given', async () => {
    const { conversationSid } = await customerWritesIn(stack);
    const before = stack.sandbox.state.interactions.size;
    const answer = await studioCall(stack, '/studio/handoff', { ConversationSid: conversationSid, AgentIdentity: 'agent-zed' });
    expect(answer.body).toMatchObject({ route: 'agent', agentIdentity: 'agent-zed' });
    expect(stack.sandbox.state.interactions.size).toBe(before);
  });
});
