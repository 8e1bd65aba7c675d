// ConversationWithParticipants may answer before the participants exist: the conversation is
// `initializing` (202) until Twilio has created them in the background, then the state asked
// for, or closed with 50427 in the error log when that fails. While initializing it takes no
// update and no message (50386). Twilio documents this for group MMS; `scope: 'always'` makes
// the sandbox do it for every request, as the spec allows. The background work is due on the
// sandbox clock: these tests move it forward (a minute), so nothing depends on real time.
import { startWebhookReceiver } from '../../sandbox/testing/webhook-receiver';
import { EVERY_EVENT } from '../../sandbox/testing/webhook-fixtures';
import { restError, useSandbox } from './helpers';

const ON = { xTwilioWebhookEnabled: 'true' as const };

describe('ConversationWithParticipants for group MMS (Twilio documents `initializing` for it)', () => {
  const t = useSandbox({ initialization: { delayMs: 60_000 } });

  it('answers initializing, refuses updates and messages with 50386, then turns active with every participant', async () => {
    const receiver = await startWebhookReceiver(t.sandbox.authToken);
    t.sandbox.setWebhooks({ postUrl: `${receiver.url}/post`, filters: EVERY_EVENT });
    try {
      const created = await t.client.conversations.v1.conversationWithParticipants.create({
        participant: [
          JSON.stringify({ messaging_binding: { projected_address: '+15550007000' } }),
          JSON.stringify({ messaging_binding: { address: '+15550007001', proxy_address: '+15550007000' } }),
        ],
        ...ON,
      });
      expect(created.state).toBe('initializing');
      const conversation = t.client.conversations.v1.conversations(created.sid);
      expect(await conversation.participants.list()).toEqual([]);
      for (const attempt of [conversation.update({ friendlyName: 'too soon' }), conversation.messages.create({ body: 'too soon' })]) {
        const error = await restError(attempt);
        expect([error.status, error.code]).toEqual([400, 50386]);
      }
      t.sandbox.advanceClock(60_000);
      await t.sandbox.idle();
      expect((await conversation.fetch()).state).toBe('active');
      expect(await conversation.participants.list()).toHaveLength(2);
      expect(receiver.events('onConversationStateUpdated').map((e) => [e.params.StateFrom, e.params.StateTo, e.params.Reason])).toEqual([
        ['initializing', 'active', 'EVENT'],
      ]);
      await expect(conversation.messages.create({ body: 'now' })).resolves.toMatchObject({ body: 'now' });
    } finally {
      await receiver.close();
    }
  });

  it('answers a one-to-one conversation at once (active, participants there)', async () => {
    const created = await t.client.conversations.v1.conversationWithParticipants.create({ participant: [JSON.stringify({ identity: 'solo' })] });
    expect(created.state).toBe('active');
    expect(await t.client.conversations.v1.conversations(created.sid).participants.list()).toHaveLength(1);
  });
});

describe('ConversationWithParticipants answering initializing for every request (scope always)', () => {
  const t = useSandbox({ initialization: { scope: 'always', delayMs: 60_000 } });

  it('closes the conversation, releases what it made and logs 50427 when the background creation fails', async () => {
    const pair = { address: '+15550008001', proxy_address: '+15550008000' };
    const created = await t.client.conversations.v1.conversationWithParticipants.create({
      participant: [JSON.stringify({ identity: 'first' }), JSON.stringify({ messaging_binding: pair })],
    });
    expect(created.state).toBe('initializing');
    // Meanwhile another conversation binds the same address pair: the background add fails.
    const other = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1
      .conversations(other.sid)
      .participants.create({ 'messagingBinding.address': pair.address, 'messagingBinding.proxyAddress': pair.proxy_address });
    t.sandbox.advanceClock(60_000);
    await t.sandbox.idle();
    const conversation = t.client.conversations.v1.conversations(created.sid);
    expect((await conversation.fetch()).state).toBe('closed');
    expect(await conversation.participants.list()).toEqual([]);
    expect(t.sandbox.state.errorLog).toEqual([expect.objectContaining({ code: 50427, resourceSid: created.sid })]);
  });

  it('takes the state asked for once initialized', async () => {
    const created = await t.client.conversations.v1.conversationWithParticipants.create({
      state: 'inactive',
      participant: [JSON.stringify({ identity: 'later' })],
    });
    expect(created.state).toBe('initializing');
    t.sandbox.advanceClock(60_000);
    await t.sandbox.idle();
    expect((await t.client.conversations.v1.conversations(created.sid).fetch()).state).toBe('inactive');
  });
});
