// /conversations/update, /participants/update and /participants/remove through the real local
// runtime against the sandbox: merge patches that lose no concurrent key, one Twilio update,
// the round trips each is built to, closed is final, and repeated calls that change nothing.
import { mergeConversationAttributes, setKey } from '../../assets/lib/conversations/attribute-merge';
import { conversationsService } from '../../assets/lib/conversations/service';
import { syncStore } from '../../assets/lib/state/sync-store';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { call } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const UNKNOWN_CONVERSATION = 'CH' + '1'.repeat(32);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER }, webhooks: true, countRequests: true });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

let counter = 0;
const freshNumber = () => `+1415555${String(7000 + (counter += 1)).padStart(4, '0')}`;

async function conversationWith(participants: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const created = await stack.post('/participants/onboard', { participants, ...extra });
  expect(created.status).toBe(200);
  await stack.sandbox.idle();
  return created.body.conversationSid as string;
}

const service = () => conversationsService(sandboxClient(stack.sandbox), stack.sandbox.serviceSid);

/** The REST calls one request makes, as `METHOD what` (Sync documents and conversation resources told apart). */
async function callsOf(request: () => Promise<unknown>): Promise<string[]> {
  const before = stack.calls().length;
  await request();
  return stack
    .calls()
    .slice(before)
    .map((line) =>
      line
        .replace(
          /\/v1\/Services\/\w+\/Documents(\/[^/]+)?$/,
          (_all, name: string | undefined) => ` sync${name ? ` ${decodeURIComponent(name.slice(1)).split(':').slice(0, 2).join(':')}` : ''}`,
        )
        .replace(/\/v1\/Services\/IS\w+\/Conversations\/[^/]+/, ' conversation')
        .replace(/ conversation\/Participants\/MB\w+$/, ' participant')
        .replace(/ conversation\/Participants$/, ' participants')
        .replace(/\s+/g, ' '),
    );
}

const fieldsOf = (answer: { body: { error: { details?: { fields?: Array<{ field: string }>; field?: string } } } }) =>
  // Each field once: one value can break two rules (too deep, and so no object we read).
  [...new Set(answer.body.error.details?.fields?.map((problem) => problem.field) ?? [answer.body.error.details?.field])];

describe('POST /conversations/update', () => {
  const update = (body: Record<string, unknown>) => stack.post('/conversations/update', body);

  it('merges the attribute patch and sets name, state and timers in one update under the lock (4 round trips)', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }], { attributes: { keep: 1, nested: { a: 1, b: 2 }, drop: true } });
    let answer: Awaited<ReturnType<typeof update>> | undefined;
    const calls = await callsOf(async () => {
      answer = await update({
        conversationSid: sid,
        attributes: { nested: { b: null, c: 3 }, drop: null, added: 'x' },
        friendlyName: 'Order 42',
        state: 'inactive',
        timers: { inactive: 'PT5M', closed: 'PT20M' },
      });
    });
    const attributes = { keep: 1, nested: { a: 1, c: 3 }, added: 'x' };
    expect(answer!.body).toEqual({ conversationSid: sid, state: 'inactive', friendlyName: 'Order 42', attributes, changed: true });
    expect(calls).toEqual(['POST sync', 'GET conversation', 'POST conversation', 'DELETE sync lock:attributes']);
    const stored = conversationView(stack.sandbox, sid).conversation()!;
    expect([JSON.parse(stored.attributes), stored.friendlyName, stored.state, stored.timers.inactiveMs, stored.timers.closedMs]).toEqual([
      attributes,
      'Order 42',
      'inactive',
      300_000,
      1_200_000,
    ]);
  });

  it('answers a repeated patch changed: false without writing, and goes back from inactive to active', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }]);
    expect((await update({ conversationSid: sid, attributes: { a: 1 }, state: 'inactive' })).body.changed).toBe(true);
    let again: Awaited<ReturnType<typeof update>> | undefined;
    const calls = await callsOf(async () => (again = await update({ conversationSid: sid, attributes: { a: 1, b: null }, state: 'inactive' })));
    expect(again!.body).toMatchObject({ attributes: { a: 1 }, state: 'inactive', changed: false });
    expect(calls).not.toContain('POST conversation');
    expect((await update({ conversationSid: sid, state: 'active' })).body).toMatchObject({ state: 'active', changed: true });
  });

  it('without attributes: one read and one update (2 round trips), one read when nothing changes', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }]);
    expect(await callsOf(() => update({ conversationSid: sid, friendlyName: 'Renamed' }))).toEqual(['GET conversation', 'POST conversation']);
    let again: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (again = await update({ conversationSid: sid, friendlyName: 'Renamed' })))).toEqual(['GET conversation']);
    expect(again!.body).toMatchObject({ friendlyName: 'Renamed', changed: false });
  });

  it('finds the conversation by its exact uniqueName, and answers 404 for a name nobody has', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }], { uniqueName: 'order-77' });
    const answer = await update({ uniqueName: 'order-77', attributes: { vip: true } });
    expect(answer.body).toMatchObject({ conversationSid: sid, attributes: { vip: true }, changed: true });
    // The read that found it settles a repeat: no lock.
    expect(await callsOf(() => update({ uniqueName: 'order-77', attributes: { vip: true } }))).toEqual(['GET conversation']);
    for (const body of [
      { uniqueName: 'order-78', attributes: { a: 1 } },
      { uniqueName: 'order-7', state: 'closed' },
    ]) {
      const missing = await update(body);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'conversation_not_found']);
    }
  });

  it('treats closed as final: 409 for any change, success for asking what it is', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }]);
    expect((await update({ conversationSid: sid, state: 'closed', attributes: { outcome: 'solved' } })).body).toMatchObject({
      state: 'closed',
      attributes: { outcome: 'solved' },
      changed: true,
    });
    expect((await update({ conversationSid: sid, state: 'closed', attributes: { outcome: 'solved' } })).body.changed).toBe(false);
    for (const body of [{ state: 'active' }, { friendlyName: 'x' }, { attributes: { more: 1 } }, { timers: { closed: 'PT10M' } }]) {
      const refused = await update({ conversationSid: sid, ...body });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'conversation_closed']);
    }
    expect(JSON.parse(conversationView(stack.sandbox, sid).conversation()!.attributes)).toEqual({ outcome: 'solved' });
  });

  it('answers 404 conversation_not_found for an unknown SID, with or without attributes', async () => {
    for (const body of [{ attributes: { a: 1 } }, { friendlyName: 'x' }]) {
      const answer = await update({ conversationSid: UNKNOWN_CONVERSATION, ...body });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
    }
  });

  it('checks the patch before any call, and the merged size (16 KiB) before the write: 400 naming attributes', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }], { attributes: { big: 'x'.repeat(15_000) } });
    let tooLarge: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (tooLarge = await update({ conversationSid: sid, attributes: { huge: 'y'.repeat(16_400) } })))).toEqual([]);
    expect([tooLarge!.status, fieldsOf(tooLarge!)]).toEqual([400, ['attributes']]);
    const merged = await update({ conversationSid: sid, attributes: { more: 'z'.repeat(2_000) } });
    expect([merged.status, merged.body.error.code, fieldsOf(merged)]).toEqual([400, 'invalid_request', ['attributes']]);
    expect(JSON.parse(conversationView(stack.sandbox, sid).conversation()!.attributes)).toEqual({ big: 'x'.repeat(15_000) });
    // Making room in the same patch is fine.
    expect((await update({ conversationSid: sid, attributes: { big: null, more: 'z'.repeat(2_000) } })).status).toBe(200);
  });

  it.each([
    [{}, ['conversationSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION }, ['attributes']],
    [{ conversationSid: 'CH123', state: 'closed' }, ['conversationSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION, uniqueName: 'a', state: 'closed' }, ['uniqueName']],
    [{ uniqueName: 'CH' + 'a'.repeat(32), state: 'closed' }, ['uniqueName']],
    [{ conversationSid: UNKNOWN_CONVERSATION, state: 'initializing' }, ['state']],
    [{ conversationSid: UNKNOWN_CONVERSATION, friendlyName: 'x'.repeat(257) }, ['friendlyName']],
    [{ conversationSid: UNKNOWN_CONVERSATION, attributes: [1] }, ['attributes']],
    [{ conversationSid: UNKNOWN_CONVERSATION, attributes: '{"a":' }, ['attributes']],
    [{ conversationSid: UNKNOWN_CONVERSATION, attributes: '{"a":'.repeat(33) + '1' + '}'.repeat(33) }, ['attributes']],
    [{ conversationSid: UNKNOWN_CONVERSATION, timers: { inactive: 'PT30S' } }, ['timers.inactive']],
    [{ conversationSid: UNKNOWN_CONVERSATION, timers: { closed: 'PT5M' } }, ['timers.closed']],
    [{ conversationSid: UNKNOWN_CONVERSATION, timers: { inactive: '5 minutes' } }, ['timers.inactive']],
    [{ conversationSid: UNKNOWN_CONVERSATION, timers: { later: 'PT5M' } }, ['timers']],
    [{ conversationSid: UNKNOWN_CONVERSATION, timers: {} }, ['timers']],
  ])('answers 400 for %j, naming %j, before any call', async (body, fields) => {
    let answer: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (answer = await update(body)))).toEqual([]);
    expect([answer!.status, answer!.body.error.code]).toEqual([400, 'invalid_request']);
    expect(fieldsOf(answer!)).toEqual(fields);
  });

  it('takes a form body: attributes and timers as JSON text', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }]);
    const answer = await call(`${stack.functions.url}/conversations/update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${SERVER_API_TOKEN}` },
      body: new URLSearchParams({ conversationSid: sid, attributes: '{"topic":"billing"}', timers: '{"inactive":"PT1H"}' }).toString(),
    });
    expect(answer.body).toMatchObject({ attributes: { topic: 'billing' }, changed: true });
    expect(conversationView(stack.sandbox, sid).conversation()!.timers.inactiveMs).toBe(3_600_000);
  });

  it('leaves attributes it cannot read safely as they are: 409 attributes_unreadable, their raw text answered otherwise', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'ann' }]);
    const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
    await service().conversations(sid).update({ attributes: deep });
    const refused = await update({ conversationSid: sid, attributes: { b: 1 } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'attributes_unreadable']);
    expect((await update({ conversationSid: sid, friendlyName: 'Still named' })).body).toMatchObject({ attributes: deep, attributesRaw: true, changed: true });
    expect(conversationView(stack.sandbox, sid).conversation()!.attributes).toBe(deep);
  });

  it('10 concurrent patches of different keys, a webhook-style merge and a real webhook write lose no key', async () => {
    const sid = await conversationWith([{ channel: 'sms', address: freshNumber() }], { attributes: { kept: true } });
    const client = sandboxClient(stack.sandbox);
    const ctx = { service: service(), state: syncStore(client, 'default'), deadlineAt: Date.now() + 8_000 };
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, index) => update({ conversationSid: sid, attributes: { [`key${index}`]: { index } } })),
      mergeConversationAttributes(ctx, sid, setKey('fromWebhook', 'merged')),
      // Fires onParticipantAdded at the functions: the channels summary is merged under the same lock.
      client.conversations.v1
        .services(stack.sandbox.serviceSid)
        .conversations(sid)
        .participants.create({ identity: 'agent-zoe', xTwilioWebhookEnabled: 'true' }),
    ]);
    await stack.sandbox.idle();
    expect(answers.slice(0, 10).map((answer) => (answer as { status: number }).status)).toEqual(Array(10).fill(200));
    expect(conversationView(stack.sandbox, sid).attributes()).toEqual({
      kept: true,
      fromWebhook: 'merged',
      channels: { chat: 1, sms: 1 },
      ...Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`key${index}`, { index }])),
    });
  });
});

describe('POST /participants/update', () => {
  const update = (body: Record<string, unknown>) => stack.post('/participants/update', body);

  it('merges into the attributes of the participant named by SID under its lock (4 round trips)', async () => {
    const address = freshNumber();
    const sid = await conversationWith([{ channel: 'sms', address, attributes: { tier: 'silver', keep: 1 } }]);
    const participant = conversationView(stack.sandbox, sid).participants()[0]!;
    let answer: Awaited<ReturnType<typeof update>> | undefined;
    const calls = await callsOf(
      async () => (answer = await update({ conversationSid: sid, participantSid: participant.sid, attributes: { tier: 'gold', optOut: null } })),
    );
    expect(answer!.body).toEqual({
      conversationSid: sid,
      participantSid: participant.sid,
      identity: null,
      address,
      channel: 'sms',
      attributes: { tier: 'gold', keep: 1 },
      changed: true,
    });
    expect(calls).toEqual(['POST sync', 'GET participant', 'POST participant', 'DELETE sync lock:participant']);
    expect(JSON.parse(stack.sandbox.state.participants.get(participant.sid)!.attributes)).toEqual({ tier: 'gold', keep: 1 });
  });

  it('finds the participant by identity or by address (normalised), one read more; a repeat ends at that read', async () => {
    const address = freshNumber();
    const sid = await conversationWith([
      { channel: 'sms', address },
      { channel: 'whatsapp', address },
      { channel: 'chat', identity: 'agent-ann' },
    ]);
    const byIdentity = await update({ conversationSid: sid, identity: 'agent-ann', attributes: { shift: 'day' } });
    expect(byIdentity.body).toMatchObject({ identity: 'agent-ann', channel: 'chat', attributes: { shift: 'day' }, changed: true });
    const national = `(${address.slice(2, 5)}) ${address.slice(5, 8)}-${address.slice(8)}`;
    let byAddress: Awaited<ReturnType<typeof update>> | undefined;
    const calls = await callsOf(
      async () => (byAddress = await update({ conversationSid: sid, address: national, channel: 'whatsapp', attributes: { lang: 'es' } })),
    );
    expect(byAddress!.body).toMatchObject({ address: `whatsapp:${address}`, channel: 'whatsapp', attributes: { lang: 'es' }, changed: true });
    expect(calls).toEqual(['GET participants', 'POST sync', 'GET participant', 'POST participant', 'DELETE sync lock:participant']);
    let again: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (again = await update({ conversationSid: sid, address, channel: 'whatsapp', attributes: { lang: 'es' } })))).toEqual([
      'GET participants',
    ]);
    expect(again!.body.changed).toBe(false);
    const sms = conversationView(stack.sandbox, sid)
      .participants()
      .find((p) => p.binding && 'address' in p.binding && p.binding.address === address)!;
    expect(JSON.parse(sms.attributes)).toEqual({});
  });

  it('answers 404 participant_not_found for a participant not there, 404 conversation_not_found for an unknown conversation', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'agent-ann' }]);
    for (const body of [{ identity: 'agent-bob' }, { participantSid: 'MB' + '2'.repeat(32) }, { address: freshNumber(), channel: 'sms' }]) {
      const answer = await update({ conversationSid: sid, attributes: { a: 1 }, ...body });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'participant_not_found']);
    }
    for (const body of [{ identity: 'agent-ann' }, { participantSid: 'MB' + '2'.repeat(32) }]) {
      const answer = await update({ conversationSid: UNKNOWN_CONVERSATION, attributes: { a: 1 }, ...body });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
    }
  });

  it('keeps the 4 KiB limit: the patch before any call, the merged attributes before the write', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'agent-ann', attributes: { notes: 'n'.repeat(3_000) } }]);
    let tooLarge: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (tooLarge = await update({ conversationSid: sid, identity: 'agent-ann', attributes: { x: 'x'.repeat(4_100) } })))).toEqual(
      [],
    );
    expect([tooLarge!.status, fieldsOf(tooLarge!)]).toEqual([400, ['attributes']]);
    const merged = await update({ conversationSid: sid, identity: 'agent-ann', attributes: { more: 'm'.repeat(1_500) } });
    expect([merged.status, fieldsOf(merged)]).toEqual([400, ['attributes']]);
  });

  it.each([
    [{ conversationSid: UNKNOWN_CONVERSATION, attributes: { a: 1 } }, 'invalid_request', ['participantSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION, identity: 'ann', participantSid: 'MB' + '2'.repeat(32), attributes: { a: 1 } }, 'invalid_request', ['identity']],
    [{ conversationSid: UNKNOWN_CONVERSATION, address: '+14155550123', attributes: { a: 1 } }, 'invalid_request', ['address']],
    [{ conversationSid: UNKNOWN_CONVERSATION, address: 'not a number', channel: 'sms', attributes: { a: 1 } }, 'invalid_address', ['address']],
    [{ conversationSid: UNKNOWN_CONVERSATION, identity: 'a b', attributes: { a: 1 } }, 'invalid_identity', ['identity']],
    [{ conversationSid: UNKNOWN_CONVERSATION, identity: 'ann' }, 'invalid_request', ['attributes']],
    [{ conversationSid: UNKNOWN_CONVERSATION, identity: 'ann', attributes: ['a'] }, 'invalid_request', ['attributes']],
    [{ identity: 'ann', attributes: { a: 1 } }, 'invalid_request', ['conversationSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participantSid: 'MB1', attributes: { a: 1 } }, 'invalid_request', ['participantSid']],
  ])('answers 400 for %j: %s naming %j, before any call', async (body, code, fields) => {
    let answer: Awaited<ReturnType<typeof update>> | undefined;
    expect(await callsOf(async () => (answer = await update(body)))).toEqual([]);
    expect([answer!.status, answer!.body.error.code, fieldsOf(answer!)]).toEqual([400, code, fields]);
  });

  it('8 concurrent patches of different keys into one participant lose none', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'agent-ann', attributes: { kept: true } }]);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => update({ conversationSid: sid, identity: 'agent-ann', attributes: { [`key${index}`]: index } })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const participant = conversationView(stack.sandbox, sid).participants()[0]!;
    expect(JSON.parse(participant.attributes)).toEqual({ kept: true, ...Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`key${index}`, index])) });
  });
});

describe('POST /participants/remove', () => {
  const remove = (body: Record<string, unknown>) => stack.post('/participants/remove', body);

  it('removes participants named three ways in one round of reads and one of deletes; the conversation stays open', async () => {
    const [sms, whatsapp] = [freshNumber(), freshNumber()];
    const sid = await conversationWith([
      { channel: 'sms', address: sms },
      { channel: 'whatsapp', address: whatsapp },
      { channel: 'chat', identity: 'agent-ann' },
      { channel: 'chat', identity: 'agent-bob' },
    ]);
    const bob = conversationView(stack.sandbox, sid)
      .participants()
      .find((p) => p.identity === 'agent-bob')!.sid;
    let answer: Awaited<ReturnType<typeof remove>> | undefined;
    const calls = await callsOf(
      async () =>
        (answer = await remove({
          conversationSid: sid,
          participants: [{ address: sms, channel: 'sms' }, { address: whatsapp, channel: 'whatsapp' }, { identity: 'agent-ann' }, { participantSid: bob }],
        })),
    );
    expect(answer!.body).toMatchObject({ conversationSid: sid, state: 'active', changed: true });
    expect(answer!.body.participants).toEqual([
      { participantSid: expect.stringMatching(/^MB/), address: sms, channel: 'sms', removed: true, outcome: 'removed' },
      { participantSid: expect.stringMatching(/^MB/), address: `whatsapp:${whatsapp}`, channel: 'whatsapp', removed: true, outcome: 'removed' },
      { participantSid: expect.stringMatching(/^MB/), identity: 'agent-ann', removed: true, outcome: 'removed' },
      { participantSid: bob, removed: true, outcome: 'removed' },
    ]);
    expect(calls.slice(0, 2).sort()).toEqual(['GET conversation', 'GET participants']);
    expect(calls.slice(2)).toEqual(Array(4).fill('DELETE participant'));
    expect(conversationView(stack.sandbox, sid).participants()).toEqual([]);
    expect(conversationView(stack.sandbox, sid).conversation()!.state).toBe('active');
  });

  it('answers absent for each on a second call, and for someone never there', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'agent-ann' }]);
    const body = { conversationSid: sid, participants: [{ identity: 'agent-ann' }, { identity: 'agent-nobody' }] };
    expect((await remove(body)).body.participants.map((p: { outcome: string }) => p.outcome)).toEqual(['removed', 'absent']);
    expect((await remove(body)).body).toMatchObject({
      changed: false,
      participants: [
        { participantSid: null, identity: 'agent-ann', removed: false, outcome: 'absent' },
        { participantSid: null, identity: 'agent-nobody', removed: false, outcome: 'absent' },
      ],
    });
    const bySid = await remove({ conversationSid: sid, participants: [{ participantSid: 'MB' + '3'.repeat(32) }] });
    expect(bySid.body.participants).toEqual([{ participantSid: 'MB' + '3'.repeat(32), removed: false, outcome: 'absent' }]);
  });

  it('closes the conversation after the removals with close: true; a repeat changes nothing', async () => {
    const address = freshNumber();
    const sid = await conversationWith([{ channel: 'sms', address }]);
    const body = { conversationSid: sid, participants: [{ address, channel: 'sms' }], close: true };
    const calls = await callsOf(() => remove(body));
    expect([...calls.slice(0, 2).sort(), ...calls.slice(2)]).toEqual(['GET conversation', 'GET participants', 'DELETE participant', 'POST conversation']);
    expect(conversationView(stack.sandbox, sid).conversation()!.state).toBe('closed');
    expect((await remove(body)).body).toMatchObject({ state: 'closed', changed: false, participants: [{ outcome: 'absent' }] });
  });

  it('takes a form body with participants[i][field] keys and close=true', async () => {
    const sid = await conversationWith([{ channel: 'chat', identity: 'agent-ann' }]);
    const answer = await call(`${stack.functions.url}/participants/remove`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${SERVER_API_TOKEN}` },
      body: new URLSearchParams({ conversationSid: sid, 'participants[0][identity]': 'agent-ann', close: 'true' }).toString(),
    });
    expect(answer.body).toMatchObject({ state: 'closed', changed: true, participants: [{ identity: 'agent-ann', outcome: 'removed' }] });
  });

  it('answers 404 conversation_not_found for an unknown conversation, however participants are named', async () => {
    for (const participants of [[{ participantSid: 'MB' + '3'.repeat(32) }], [{ identity: 'agent-ann' }]]) {
      const answer = await remove({ conversationSid: UNKNOWN_CONVERSATION, participants });
      expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
    }
  });

  it.each([
    [{ participants: [{ identity: 'ann' }] }, 'invalid_request', ['conversationSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION }, 'invalid_request', ['participants']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [] }, 'invalid_request', ['participants']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: Array(51).fill({ identity: 'ann' }) }, 'invalid_request', ['participants']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [{ identity: 'ann' }, {}] }, 'invalid_request', ['participants.1.participantSid']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [{ address: '+14155550123' }] }, 'invalid_request', ['participants.0.address']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [{ address: 'nope', channel: 'sms' }] }, 'invalid_address', ['participants.0.address']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [{ identity: 'system' }] }, 'invalid_identity', ['participants.0.identity']],
    [{ conversationSid: UNKNOWN_CONVERSATION, participants: [{ identity: 'ann' }], close: 'maybe' }, 'invalid_request', ['close']],
  ])('answers 400 for %j: %s naming %j, before any call', async (body, code, fields) => {
    let answer: Awaited<ReturnType<typeof remove>> | undefined;
    expect(await callsOf(async () => (answer = await remove(body)))).toEqual([]);
    expect([answer!.status, answer!.body.error.code, fieldsOf(answer!)]).toEqual([400, code, fields]);
  });
});
