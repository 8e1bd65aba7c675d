// The state's indexes follow every change made through the domain: lookups by conversation,
// unique name, binding and identity agree with a scan of the maps, after adds, renames,
// identity and binding changes, and removals.
import { sandboxClient } from '../../sandbox/testing/client';
import { startSandbox, type Sandbox } from '../../sandbox/index';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

function indexesAgreeWithMaps() {
  const { state } = sandbox;
  const byConversation = (records: Iterable<{ conversationSid: string; sid: string }>) => {
    const map = new Map<string, string[]>();
    for (const r of records) map.set(r.conversationSid, [...(map.get(r.conversationSid) ?? []), r.sid].sort());
    return map;
  };
  const sorted = (index: ReadonlyMap<string, ReadonlySet<string>>) => new Map([...index].map(([key, set]) => [key, [...set].sort()]));
  expect(sorted(state.index.participantsOf)).toEqual(byConversation(state.participants.values()));
  expect(sorted(state.index.webhooksOf)).toEqual(byConversation(state.webhooks.values()));
  expect(new Map([...state.index.messagesOf].map(([key, list]) => [key, list.map((m) => m.sid).sort()]))).toEqual(byConversation(state.messages.values()));
  const names = new Map([...state.conversations.values()].filter((c) => c.uniqueName).map((c) => [`${c.serviceSid}/${c.uniqueName}`, c.sid]));
  expect(new Map(state.index.uniqueNames)).toEqual(names);
}

describe('state indexes', () => {
  it('stay in step with the maps through creates, renames, edits and removals', async () => {
    const client = sandboxClient(sandbox);
    const service = client.conversations.v1.services(sandbox.serviceSid);
    const a = await service.conversations.create({ uniqueName: 'index-a' });
    const b = await service.conversations.create({ uniqueName: 'index-b' });
    await service.conversations(a.sid).participants.create({ identity: 'ann' });
    const sms = await service
      .conversations(a.sid)
      .participants.create({ 'messagingBinding.address': '+14155550101', 'messagingBinding.proxyAddress': '+14155550100' });
    await service.conversations(b.sid).participants.create({ identity: 'ann' });
    for (const body of ['one', 'two', 'three']) await service.conversations(a.sid).messages.create({ author: 'ann', body });
    await service
      .conversations(a.sid)
      .webhooks.create({ target: 'webhook', 'configuration.url': 'https://example.com/hook', 'configuration.filters': ['onMessageAdded'] });
    indexesAgreeWithMaps();
    expect(sandbox.state.index.participantsByKey.get('ann')?.size).toBe(2);

    await service.conversations(a.sid).update({ uniqueName: 'index-a2' });
    await service.conversations(a.sid).participants(sms.sid).update({ 'messagingBinding.proxyAddress': '+14155550199' });
    const [first] = await service.conversations(a.sid).messages.list({ limit: 1 });
    await service.conversations(a.sid).messages(first!.sid).remove();
    indexesAgreeWithMaps();
    expect((await service.conversations('index-a2').fetch()).sid).toBe(a.sid);
    expect(sandbox.state.index.bindings.has('+14155550101|+14155550100')).toBe(false);

    await service.conversations(a.sid).remove();
    indexesAgreeWithMaps();
    expect(sandbox.state.index.participantsByKey.get('ann')?.size).toBe(1);
    expect(sandbox.state.index.uniqueNames.has(`${sandbox.serviceSid}/index-a2`)).toBe(false);
  });
});
