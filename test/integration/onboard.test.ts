// /participants/onboard through the real local runtime against the sandbox.
import { twilioSignature } from '../../sandbox/testing/signer';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { call } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER, TIMERS_INACTIVE: 'PT1H', TIMERS_CLOSED: 'P1D' } });
});
afterAll(() => stack.stop());
afterEach(() => {
  stack.sandbox.setFaults({ rate429: 0, rate5xx: 0, rateDrop: 0 });
  stack.sandbox.assertNoViolations();
});

const onboard = (body: unknown) => stack.post('/participants/onboard', body);
const state = () => stack.sandbox.state;
const participantsOf = (conversationSid: string) => conversationView(stack.sandbox, conversationSid).participants();
const bindingsOf = (conversationSid: string) =>
  participantsOf(conversationSid)
    .map((p) => p.identity ?? `${p.binding && 'address' in p.binding ? p.binding.address : '?'}`)
    .sort();
let counter = 0;
/** A fresh valid US number per test, so tests never share a binding by accident. */
const freshNumber = () => `+1415555${String(2000 + (counter += 1)).padStart(4, '0')}`;

describe('POST /participants/onboard', () => {
  it('creates a conversation with SMS, WhatsApp and chat participants in one request, with timers and a user', async () => {
    const sms = freshNumber();
    const answer = await onboard({
      friendlyName: 'Order 42',
      attributes: { order: 42 },
      participants: [
        { channel: 'sms', address: sms.replace('+1', '') },
        { channel: 'whatsapp', address: sms },
        { channel: 'chat', identity: 'agent-ann', friendlyName: 'Ann (support)', attributes: { team: 'billing' } },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: true, reused: false });
    expect(answer.body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(['added', 'added', 'added']);
    const conversation = state().conversations.get(answer.body.conversationSid)!;
    expect(conversation.friendlyName).toBe('Order 42');
    expect(JSON.parse(conversation.attributes)).toEqual({ order: 42 });
    expect(conversation.timers.inactiveMs).toBe(3_600_000);
    expect(conversation.timers.closedMs).toBe(86_400_000);
    const bindings = participantsOf(conversation.sid).map((p) => p.binding);
    expect(bindings).toEqual(
      expect.arrayContaining([
        { type: 'sms', address: sms, proxyAddress: SMS_PROXY },
        { type: 'whatsapp', address: `whatsapp:${sms}`, proxyAddress: WHATSAPP_SENDER },
      ]),
    );
    const user = [...state().users.values()].find((u) => u.identity === 'agent-ann')!;
    expect(user.friendlyName).toBe('Ann (support)');
    expect(JSON.parse(user.attributes)).toEqual({ team: 'billing' });
  });

  it('gives the same end state, with no duplicates, when the same request runs twice', async () => {
    const request = {
      uniqueName: `case-${freshNumber()}`,
      participants: [
        { channel: 'sms', address: freshNumber() },
        { channel: 'chat', identity: 'bob' },
      ],
    };
    const first = await onboard(request);
    const second = await onboard(request);
    expect(second.status).toBe(200);
    expect(second.body.conversationSid).toBe(first.body.conversationSid);
    expect(second.body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(['existing', 'existing']);
    expect(second.body.participants.every((p: { participantSid: string }) => /^MB/.test(p.participantSid))).toBe(true);
    expect(participantsOf(first.body.conversationSid)).toHaveLength(2);
  });

  it('reuses the conversation a customer is already in when the same request runs twice without a unique name', async () => {
    const request = {
      participants: [
        { channel: 'sms', address: freshNumber() },
        { channel: 'chat', identity: 'carol' },
      ],
    };
    const first = await onboard(request);
    const conversations = state().conversations.size;
    const second = await onboard(request);
    expect(second.body).toMatchObject({ conversationSid: first.body.conversationSid, reused: true });
    expect(state().conversations.size).toBe(conversations);
    expect(participantsOf(first.body.conversationSid)).toHaveLength(2);
  });

  describe('an address already bound in another conversation (50416/50425)', () => {
    async function existingConversationWith(address: string): Promise<string> {
      const answer = await onboard({ participants: [{ channel: 'sms', address }] });
      expect(answer.status).toBe(200);
      return answer.body.conversationSid;
    }

    it('reuse (default): answers the existing conversation and adds the others there', async () => {
      const address = freshNumber();
      const existing = await existingConversationWith(address);
      const answer = await onboard({
        participants: [
          { channel: 'sms', address },
          { channel: 'chat', identity: 'dave' },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ conversationSid: existing, created: false, reused: true });
      expect(answer.body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(['reused', 'added']);
      expect(bindingsOf(existing)).toEqual([address, 'dave'].sort());
    });

    it('move: closes the old conversation, then creates the new one with everybody', async () => {
      const address = freshNumber();
      const old = await existingConversationWith(address);
      const answer = await onboard({
        onConflict: 'move',
        participants: [
          { channel: 'sms', address },
          { channel: 'chat', identity: 'erin' },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.created).toBe(true);
      expect(answer.body.conversationSid).not.toBe(old);
      expect(state().conversations.get(old)!.state).toBe('closed');
      expect(bindingsOf(answer.body.conversationSid)).toEqual([address, 'erin'].sort());
    });

    it('fail: answers 409 naming the conversation and creates nothing', async () => {
      const address = freshNumber();
      const existing = await existingConversationWith(address);
      const before = state().conversations.size;
      const answer = await onboard({
        onConflict: 'fail',
        participants: [
          { channel: 'chat', identity: 'frank' },
          { channel: 'sms', address },
        ],
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'address_in_use', details: { conversationSid: existing } });
      expect(answer.body.error.message).toContain(existing);
      expect(state().conversations.size).toBe(before);
    });

    it('fail on an existing target: 409 before anything is added', async () => {
      const address = freshNumber();
      await existingConversationWith(address);
      const target = (await onboard({ participants: [{ channel: 'chat', identity: 'gina' }] })).body.conversationSid;
      const answer = await onboard({
        conversationSid: target,
        onConflict: 'fail',
        participants: [
          { channel: 'chat', identity: 'hank' },
          { channel: 'sms', address },
        ],
      });
      expect(answer.status).toBe(409);
      expect(bindingsOf(target)).toEqual(['gina']);
    });

    it('reuse on an existing target: the bound participant stays where it is, the others are added', async () => {
      const address = freshNumber();
      const elsewhere = await existingConversationWith(address);
      const target = (await onboard({ participants: [{ channel: 'chat', identity: 'ivan' }] })).body.conversationSid;
      const answer = await onboard({
        conversationSid: target,
        participants: [
          { channel: 'sms', address },
          { channel: 'chat', identity: 'jane' },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.participants[0]).toMatchObject({ outcome: 'reused', conversationSid: elsewhere });
      expect(bindingsOf(target)).toEqual(['ivan', 'jane']);
    });
  });

  it('counts an identity already present (50433) as success', async () => {
    const target = (await onboard({ participants: [{ channel: 'chat', identity: 'kim' }] })).body.conversationSid;
    const answer = await onboard({
      conversationSid: target,
      participants: [
        { channel: 'chat', identity: 'kim' },
        { channel: 'chat', identity: 'lee' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.participants).toEqual([
      expect.objectContaining({ identity: 'kim', outcome: 'existing', participantSid: expect.stringMatching(/^MB/) }),
      expect.objectContaining({ identity: 'lee', outcome: 'added', participantSid: expect.stringMatching(/^MB/) }),
    ]);
    expect(bindingsOf(target)).toEqual(['kim', 'lee']);
  });

  it('creates a new conversation with more than 10 participants (10 in one request, the rest in parallel)', async () => {
    const identities = Array.from({ length: 13 }, (_, index) => `crowd-${index}`);
    const answer = await onboard({ participants: identities.map((identity) => ({ channel: 'chat', identity })) });
    expect(answer.status).toBe(200);
    expect(answer.body.participants).toHaveLength(13);
    expect(bindingsOf(answer.body.conversationSid)).toEqual([...identities].sort());
  });

  it('adds 45 participants to an existing conversation at Twilio’s ceiling (30 actions a second): each once, all answered', async () => {
    const target = (await onboard({ participants: [{ channel: 'chat', identity: 'ceiling-host' }] })).body.conversationSid as string;
    const limitedBefore = stack.sandbox.faultLog.filter((record) => record.kind === 'rate-limit').length;
    const participants = Array.from({ length: 45 }, (_, index) => ({ channel: 'chat', identity: `ceiling-${index}` }));
    const answer = await onboard({ conversationSid: target, participants });
    expect(answer.status).toBe(200);
    expect(answer.body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(Array(45).fill('added'));
    expect(participantsOf(target)).toHaveLength(46);
    // The sandbox did refuse some adds with 429: the client's backoff carried them through.
    expect(stack.sandbox.faultLog.filter((record) => record.kind === 'rate-limit').length).toBeGreaterThan(limitedBefore);
  });

  it('ends with exactly the requested participants through a storm of 429s', async () => {
    const target = (await onboard({ participants: [{ channel: 'chat', identity: 'storm-0' }] })).body.conversationSid;
    stack.sandbox.setFaults({ rate429: 0.5, seed: 7 });
    const identities = ['storm-0', 'storm-1', 'storm-2', 'storm-3', 'storm-4', 'storm-5'];
    const answer = await onboard({
      conversationSid: target,
      participants: [...identities.map((identity) => ({ channel: 'chat', identity })), { channel: 'sms', address: freshNumber() }],
    });
    stack.sandbox.setFaults({ rate429: 0 });
    expect(answer.status).toBe(200);
    expect(stack.sandbox.faultLog.some((fault) => fault.kind === '429')).toBe(true);
    expect(participantsOf(target)).toHaveLength(7);
    expect(new Set(participantsOf(target).map((p) => p.identity ?? 'sms')).size).toBe(7);
  });

  it('adds nobody twice when 5xx and dropped connections hit participant creates', async () => {
    const target = (await onboard({ participants: [{ channel: 'chat', identity: 'flaky-0' }] })).body.conversationSid;
    stack.sandbox.setFaults({ rate5xx: 0.3, rateDrop: 0.2, appliedRate: 0.5, seed: 11 });
    const identities = Array.from({ length: 8 }, (_, index) => `flaky-${index + 1}`);
    const answer = await onboard({ conversationSid: target, participants: identities.map((identity) => ({ channel: 'chat', identity })) });
    stack.sandbox.setFaults({ rate5xx: 0, rateDrop: 0 });
    expect(stack.sandbox.faultLog.filter((fault) => fault.kind !== '429' && fault.applied).length).toBeGreaterThan(0);
    const present = participantsOf(target).map((p) => p.identity);
    expect(new Set(present).size).toBe(present.length);
    for (const outcome of answer.body.participants ?? answer.body.error.details.participants) {
      if (outcome.outcome === 'added' || outcome.outcome === 'existing') expect(present).toContain(outcome.identity);
      else expect(outcome.error.retriable).toBe(true);
    }
  });

  it('reports a permanent failure of one participant and adds the others', async () => {
    const limited = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY }, sandbox: { limits: { nonChatParticipantsPerConversation: 1 } } });
    try {
      const target = (await limited.post('/participants/onboard', { participants: [{ channel: 'sms', address: freshNumber() }] })).body.conversationSid;
      const answer = await limited.post('/participants/onboard', {
        conversationSid: target,
        participants: [
          { channel: 'sms', address: freshNumber() },
          { channel: 'chat', identity: 'mia' },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.participants[0]).toMatchObject({ outcome: 'failed', error: { code: 'participant_limit' } });
      expect(answer.body.participants[1]).toMatchObject({ outcome: 'added' });
    } finally {
      await limited.stop();
    }
  });

  describe('a closed conversation (closed is final in Twilio)', () => {
    const closedConversation = async (uniqueName: string) => {
      const created = await onboard({ uniqueName, participants: [{ channel: 'chat', identity: 'closer' }] });
      const conversationSid = created.body.conversationSid as string;
      await sandboxClient(stack.sandbox).conversations.v1.services(stack.sandbox.serviceSid).conversations(conversationSid).update({ state: 'closed' });
      return conversationSid;
    };

    it('found by uniqueName: 409 naming it and the way out, before anything is written', async () => {
      const conversationSid = await closedConversation('order-closed-1');
      const writes = stack.sandbox.state.webhookDeliveries.length + stack.sandbox.state.participants.size;
      const answer = await onboard({ uniqueName: 'order-closed-1', participants: [{ channel: 'sms', address: freshNumber() }] });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'conversation_closed', details: { conversationSid, uniqueName: 'order-closed-1' } });
      expect(answer.body.error.message).toMatch(/keeps its unique name.*delete/);
      expect(stack.sandbox.state.webhookDeliveries.length + stack.sandbox.state.participants.size).toBe(writes);
      expect(participantsOf(conversationSid).map((p) => p.identity)).toEqual(['closer']);
    });

    it('named by conversationSid: 409 conversation_closed, nobody added', async () => {
      const conversationSid = await closedConversation('order-closed-2');
      const answer = await onboard({
        conversationSid,
        participants: [
          { channel: 'chat', identity: 'late-agent' },
          { channel: 'sms', address: freshNumber() },
        ],
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'conversation_closed', details: { conversationSid } });
      expect(participantsOf(conversationSid).map((p) => p.identity)).toEqual(['closer']);
    });
  });

  it('answers 404 for an unknown conversation', async () => {
    const answer = await onboard({ conversationSid: 'CH' + '0'.repeat(32), participants: [{ channel: 'chat', identity: 'nobody' }] });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('conversation_not_found');
  });

  describe('refuses bad input with 400 before calling Twilio', () => {
    it.each([
      ['a vanity number', [{ channel: 'sms', address: '555-CALL-ME' }], 'invalid_address'],
      ['a bare +1', [{ channel: 'sms', address: '+1' }], 'invalid_address'],
      ['an empty number', [{ channel: 'sms', address: '' }], 'invalid_request'],
      ['a malformed channel', [{ channel: 'tele pathy', address: 'x', proxyAddress: 'y' }], 'invalid_request'],
      ['another channel without a proxy', [{ channel: 'messenger', address: 'messenger:1' }], 'invalid_participant'],
      ['a bad identity', [{ channel: 'chat', identity: 'a b' }], 'invalid_identity'],
      ['1001 participants', Array.from({ length: 1001 }, (_, index) => ({ channel: 'chat', identity: `u${index}` })), 'invalid_request'],
      [
        '51 non-chat participants',
        Array.from({ length: 51 }, (_, index) => ({ channel: 'sms', address: `+1415555${String(3000 + index)}` })),
        'too_many_participants',
      ],
    ])('%s', async (_what, participants, code) => {
      const before = state().conversations.size;
      const answer = await onboard({ participants });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe(code);
      expect(state().conversations.size).toBe(before);
    });
  });

  it('passes other channels through as raw addresses', async () => {
    const answer = await onboard({ participants: [{ channel: 'messenger', address: 'messenger:1234567', proxyAddress: 'messenger:7654321' }] });
    expect(answer.status).toBe(200);
    expect(participantsOf(answer.body.conversationSid)[0]!.binding).toMatchObject({ address: 'messenger:1234567' });
  });

  describe('auth', () => {
    const body = { participants: [{ channel: 'chat', identity: 'auth-test' }] };

    it('accepts a form request signed by Twilio (as Studio sends it)', async () => {
      const url = `${stack.functions.url}/participants/onboard`;
      const params = { participants: JSON.stringify(body.participants), uniqueName: `signed-${freshNumber()}` };
      const signature = twilioSignature(stack.sandbox.authToken, url, params);
      const answer = await call(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      expect(answer.status).toBe(200);
    });
  });
});
