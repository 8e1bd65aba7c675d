// Studio v2 Executions (recorded by studio-target webhooks; fetch, update Status=ended) and
// Flex v1 Interactions (create), with the real twilio 6 client.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { restError, useSandbox } from './helpers';

const FLOW = 'FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

describe('Studio executions', () => {
  const t = useSandbox();

  it('records an execution for a message sent to a studio webhook, then fetches and ends it', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'judy' });
    await t.client.conversations.v1.conversations(c.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'judy', body: 'I need help' });
    const [execution] = [...t.sandbox.state.executions.values()];
    expect(execution.sid).toMatch(/^FN[0-9a-f]{32}$/);
    expect(execution.context.trigger.conversation).toMatchObject({ ConversationSid: c.sid, Body: 'I need help', Source: 'SDK', From: 'judy' });

    const fetched = await t.client.studio.v2.flows(FLOW).executions(execution.sid).fetch();
    expect([fetched.status, fetched.flowSid, fetched.contactChannelAddress]).toEqual(['active', FLOW, 'judy']);
    expect(fetched.url).toBe(`https://studio.twilio.com/v2/Flows/${FLOW}/Executions/${execution.sid}`);
    const ended = await t.client.studio.v2.flows(FLOW).executions(execution.sid).update({ status: 'ended' });
    expect(ended.status).toBe('ended');
    expect(t.sandbox.state.executions.get(execution.sid)?.status).toBe('ended');
  });

  it('joins later messages to the active execution, and starts a new one after it ended', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'ken' });
    await t.client.conversations.v1.conversations(c.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'ken', body: 'one' });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'ken', body: 'two' });
    const mine = () => conversationView(t.sandbox, c.sid).executions();
    expect(mine()).toHaveLength(1);
    expect(mine()[0].messageSids).toHaveLength(2);
    await t.client.studio.v2.flows(FLOW).executions(mine()[0].sid).update({ status: 'ended' });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'ken', body: 'three' });
    expect(mine()).toHaveLength(2);
  });

  it('replays messages from Configuration.ReplayAfter when the studio webhook is attached', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'customer', body: 'first' });
    await t.client.conversations.v1.conversations(c.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW, 'configuration.replayAfter': 0 });
    const execution = conversationView(t.sandbox, c.sid).executions()[0];
    expect(execution?.context.trigger.conversation.Body).toBe('first');
  });

  it('answers 20404 for an unknown execution, and 400 for a Status other than ended|active', async () => {
    const missing = await restError(t.client.studio.v2.flows(FLOW).executions('FN00000000000000000000000000000000').fetch());
    expect([missing.status, missing.code]).toEqual([404, 20404]);
    const bad = await restError(
      t.client.studio.v2
        .flows(FLOW)
        .executions('FN00000000000000000000000000000000')
        .update({ status: 'stopped' as never }),
    );
    expect(bad.status).toBe(400);
  });
});

describe('Flex interactions', () => {
  const t = useSandbox();

  it('creates an interaction with Channel and Routing JSON', async () => {
    const interaction = await t.client.flexApi.v1.interaction.create({
      channel: { type: 'sms', initiated_by: 'customer', properties: { media_channel_sid: 'CH00000000000000000000000000000001' } },
      routing: { properties: { workspace_sid: 'WS00000000000000000000000000000001', workflow_sid: 'WW00000000000000000000000000000001' } },
    });
    expect(interaction.sid).toMatch(/^KD[0-9a-f]{32}$/);
    expect(interaction.url).toBe(`https://flex-api.twilio.com/v1/Interactions/${interaction.sid}`);
    const stored = t.sandbox.state.interactions.get(interaction.sid);
    expect(stored?.channel).toMatchObject({ properties: { media_channel_sid: 'CH00000000000000000000000000000001' } });
  });
});
