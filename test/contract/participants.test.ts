// Participants, Users and ParticipantConversations with the real twilio 6 client,
// including the flat form encoding of MessagingBinding.* and Twilio's conflicts.
import { raw, restError, useSandbox } from './helpers';

describe('Participants', () => {
  const t = useSandbox();
  const newConversation = () => t.client.conversations.v1.conversations.create({});

  it('sends MessagingBinding.Address as one flat form key and stores an SMS binding', async () => {
    const c = await newConversation();
    const p = await t.client.conversations.v1.conversations(c.sid).participants.create({
      'messagingBinding.address': '+15550003001',
      'messagingBinding.proxyAddress': '+15559990002',
      attributes: '{"customer":true}',
    });
    expect(p.sid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(p.messagingBinding).toEqual({ type: 'sms', address: '+15550003001', proxy_address: '+15559990002' });
    expect(p.identity).toBeNull();
    expect(t.sandbox.state.participants.get(p.sid)?.binding).toEqual({ type: 'sms', address: '+15550003001', proxyAddress: '+15559990002' });
  });

  it('binds WhatsApp addresses (whatsapp: prefix) and chat identities', async () => {
    const c = await newConversation();
    const wa = await t.client.conversations.v1.conversations(c.sid).participants.create({
      'messagingBinding.address': 'whatsapp:+15550003002',
      'messagingBinding.proxyAddress': 'whatsapp:+15559990002',
    });
    expect((wa.messagingBinding as { type: string }).type).toBe('whatsapp');
    const chat = await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'alice' });
    expect(chat.identity).toBe('alice');
    expect([...t.sandbox.state.users.values()].some((u) => u.identity === 'alice')).toBe(true);
  });

  it('fetches (by SID or identity), updates, lists and deletes participants', async () => {
    const c = await newConversation();
    const participants = t.client.conversations.v1.conversations(c.sid).participants;
    const p = await participants.create({ identity: 'bob' });
    expect((await participants('bob').fetch()).sid).toBe(p.sid);
    const updated = await participants(p.sid).update({ attributes: '{"vip":true}', lastReadMessageIndex: 3 });
    expect(updated.attributes).toBe('{"vip":true}');
    expect(updated.lastReadMessageIndex).toBe(3);
    expect((await participants.list()).map((x) => x.sid)).toEqual([p.sid]);
    await participants(p.sid).remove();
    expect(t.sandbox.state.participants.has(p.sid)).toBe(false);
    expect((await restError(participants(p.sid).fetch())).code).toBe(20404);
  });

  it('answers 50416 naming the conversation that already binds the address pair', async () => {
    const first = await newConversation();
    await t.client.conversations.v1
      .conversations(first.sid)
      .participants.create({ 'messagingBinding.address': '+15550003003', 'messagingBinding.proxyAddress': '+15559990003' });
    const second = await newConversation();
    const error = await restError(
      t.client.conversations.v1
        .conversations(second.sid)
        .participants.create({ 'messagingBinding.address': '+15550003003', 'messagingBinding.proxyAddress': '+15559990003' }),
    );
    expect([error.status, error.code]).toEqual([409, 50416]);
    expect(error.message).toContain(first.sid);
    expect(error.moreInfo).toBe('https://www.twilio.com/docs/errors/50416');
  });

  it('frees the address pair once the bound conversation is closed', async () => {
    const first = await newConversation();
    await t.client.conversations.v1
      .conversations(first.sid)
      .participants.create({ 'messagingBinding.address': '+15550003004', 'messagingBinding.proxyAddress': '+15559990004' });
    await t.client.conversations.v1.conversations(first.sid).update({ state: 'closed' });
    const second = await newConversation();
    const p = await t.client.conversations.v1
      .conversations(second.sid)
      .participants.create({ 'messagingBinding.address': '+15550003004', 'messagingBinding.proxyAddress': '+15559990004' });
    expect(p.conversationSid).toBe(second.sid);
  });

  it('answers 50433 for the same identity twice in a conversation', async () => {
    const c = await newConversation();
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'carol' });
    const error = await restError(t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'carol' }));
    expect([error.status, error.code]).toEqual([409, 50433]);
  });

  it('rejects a participant without Identity or Address, and an Address without ProxyAddress', async () => {
    const c = await newConversation();
    expect((await restError(t.client.conversations.v1.conversations(c.sid).participants.create({ attributes: '{}' }))).status).toBe(400);
    const noProxy = await restError(t.client.conversations.v1.conversations(c.sid).participants.create({ 'messagingBinding.address': '+15550003005' }));
    expect([noProxy.status, noProxy.code]).toEqual([400, 20001]);
  });

  it('serves the service-scoped participant paths', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const p = await service.conversations(c.sid).participants.create({ identity: 'svc-dave' });
    expect(p.url).toBe(`https://conversations.twilio.com/v1/Services/${t.sandbox.serviceSid}/Conversations/${c.sid}/Participants/${p.sid}`);
    expect((await service.conversations(c.sid).participants.list()).length).toBe(1);
  });

  it('checks the wire format: the raw form key MessagingBinding.Address is what the sandbox reads', async () => {
    const c = await newConversation();
    const response = await raw(t.sandbox, 'POST', `/v1/Conversations/${c.sid}/Participants`, {
      'MessagingBinding.Address': '+15550003006',
      'MessagingBinding.ProxyAddress': '+15559990006',
    });
    expect(response.status).toBe(201);
    expect(response.body?.messaging_binding).toEqual({ type: 'sms', address: '+15550003006', proxy_address: '+15559990006' });
    const nested = await raw(t.sandbox, 'POST', `/v1/Conversations/${c.sid}/Participants`, { 'MessagingBinding[Address]': '+15550003007' });
    expect(nested.status).toBe(400);
    expect(nested.body?.message).toMatch(/Unknown parameter MessagingBinding\[Address\]/);
  });
});

describe('Participant limits', () => {
  const t = useSandbox({ limits: { participantsPerConversation: 3, nonChatParticipantsPerConversation: 2 } });

  it('answers 50422 past the non-chat limit and 50417 past the total limit', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const participants = t.client.conversations.v1.conversations(c.sid).participants;
    await participants.create({ 'messagingBinding.address': '+15550004001', 'messagingBinding.proxyAddress': '+15559990010' });
    await participants.create({ 'messagingBinding.address': '+15550004002', 'messagingBinding.proxyAddress': '+15559990010' });
    const nonChat = await restError(participants.create({ 'messagingBinding.address': '+15550004003', 'messagingBinding.proxyAddress': '+15559990010' }));
    expect([nonChat.status, nonChat.code]).toEqual([400, 50422]);
    await participants.create({ identity: 'erin' });
    const total = await restError(participants.create({ identity: 'frank' }));
    expect([total.status, total.code]).toEqual([400, 50417]);
  });
});

describe('Users', () => {
  const t = useSandbox();

  it('creates, fetches (by SID or identity), updates, lists and deletes users', async () => {
    const users = t.client.conversations.v1.users;
    const u = await users.create({ identity: 'grace', friendlyName: 'Grace' });
    expect(u.sid).toMatch(/^US[0-9a-f]{32}$/);
    expect((await users('grace').fetch()).sid).toBe(u.sid);
    expect((await users(u.sid).update({ attributes: '{"tier":"gold"}' })).attributes).toBe('{"tier":"gold"}');
    expect((await users.list()).map((x) => x.identity)).toContain('grace');
    const dup = await restError(users.create({ identity: 'grace' }));
    expect([dup.status, dup.code]).toEqual([409, 50201]);
    await users(u.sid).remove();
    expect(t.sandbox.state.users.has(u.sid)).toBe(false);
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const s = await service.users.create({ identity: 'heidi' });
    expect((await service.users(s.sid).fetch()).identity).toBe('heidi');
  });
});

describe('ParticipantConversations', () => {
  const t = useSandbox();

  it('finds the conversations of an Address and of an Identity', async () => {
    const a = await t.client.conversations.v1.conversations.create({ friendlyName: 'a' });
    const b = await t.client.conversations.v1.conversations.create({ friendlyName: 'b' });
    await t.client.conversations.v1
      .conversations(a.sid)
      .participants.create({ 'messagingBinding.address': '+15550005001', 'messagingBinding.proxyAddress': '+15559990020' });
    await t.client.conversations.v1
      .conversations(b.sid)
      .participants.create({ 'messagingBinding.address': '+15550005001', 'messagingBinding.proxyAddress': '+15559990021' });
    await t.client.conversations.v1.conversations(b.sid).participants.create({ identity: 'ivan' });
    const byAddress = await t.client.conversations.v1.participantConversations.list({ address: '+15550005001' });
    expect(byAddress.map((x) => x.conversationSid).sort()).toEqual([a.sid, b.sid].sort());
    expect(byAddress[0].participantMessagingBinding).toMatchObject({ address: '+15550005001' });
    const byIdentity = await t.client.conversations.v1.participantConversations.list({ identity: 'ivan' });
    expect(byIdentity.map((x) => [x.conversationSid, x.conversationFriendlyName, x.conversationState])).toEqual([[b.sid, 'b', 'active']]);
    const viaService = await t.client.conversations.v1.services(t.sandbox.serviceSid).participantConversations.list({ identity: 'ivan' });
    expect(viaService).toHaveLength(1);
  });
});
