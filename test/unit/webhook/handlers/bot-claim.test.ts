// The bot attach's takeover of a dead holder's claim, where a real run needs a race: the
// holder's attach landed after this invocation's first look. The claim itself, and the
// attach under concurrent copies, are tested on the sandbox (webhook-sandbox.test.ts).
import { setUpAutocreatedConversation } from '../../../../assets/lib/webhook/handlers/bot';
import { stateNames } from '../../../../assets/lib/state/names';
import type { PostContext } from '../../../../assets/lib/webhook/context';
import type { EventOf } from '../../../../assets/lib/webhook/events';
import { memoryStore } from '../../../support/memory-store';

const CONVERSATION = 'CH' + 'a'.repeat(32);
const FLOW = 'FW' + 'f'.repeat(32);
const studio = (sid: string, minute: number) => ({ sid, target: 'studio', dateCreated: new Date(Date.UTC(2026, 0, 1, 0, minute)) });
type Hook = ReturnType<typeof studio>;

/** A Conversations Service whose webhook lists answer `listings` in turn (the last one from then on). */
function fakeService(listings: Hook[][]) {
  const calls = { lists: 0, created: 0, removed: [] as string[] };
  const webhooks = Object.assign((sid: string) => ({ remove: async () => void calls.removed.push(sid) }), {
    list: async () => listings[Math.min(calls.lists++, listings.length - 1)]!,
    create: async () => ((calls.created += 1), studio('WHnew', 59)),
  });
  const service = { conversations: () => ({ webhooks, update: async () => ({}) }) };
  return { service, calls };
}

async function runWithAbandonedClaim(listings: Hook[][]) {
  const store = memoryStore();
  await store.create(stateNames.bot(CONVERSATION), { state: 'running', leaseUntil: Date.now() - 1_000, expiresAt: Date.now() + 60_000 }, 60);
  const { service, calls } = fakeService(listings);
  const context = { config: { STUDIO_FLOW_SID: FLOW }, service: () => service, state: () => store, deadlineAt: Date.now() + 5_000 } as unknown as PostContext;
  const event = {
    eventType: 'onConversationAdded',
    conversationSid: CONVERSATION,
    source: 'SMS',
    messagingBinding: {},
  } as unknown as EventOf<'onConversationAdded'>;
  const result = await setUpAutocreatedConversation(event, context);
  return { result, calls, claim: store.documents.get(stateNames.bot(CONVERSATION))?.data };
}

describe('the bot attach taking over a claim its holder left', () => {
  it('attaches the bot when the holder died before attaching', async () => {
    const { result, calls, claim } = await runWithAbandonedClaim([[]]);
    expect(result.action).toBe('bot_attached');
    expect(calls.created).toBe(1);
    expect(claim).toMatchObject({ state: 'done', value: { webhookSid: 'WHnew' } });
  });

  it('attaches none when the holder’s attach landed after the first look, and keeps only the oldest of two', async () => {
    const { result, calls, claim } = await runWithAbandonedClaim([[], [studio('WHlate', 2), studio('WHfirst', 1)]]);
    expect(result.action).toBe('bot_already_attached');
    expect(calls.created).toBe(0);
    expect(calls.removed).toEqual(['WHlate']);
    expect(claim).toMatchObject({ state: 'done', value: { webhookSid: 'WHfirst', duplicatesRemoved: 1 } });
  });
});
