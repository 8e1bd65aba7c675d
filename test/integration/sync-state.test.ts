// The state module against the sandbox's Sync, through the real twilio client: the atomic
// first-one-wins of unique names, conditional takeovers, locks and appends, and merges into
// conversation attributes that lose nobody's keys under concurrency.
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationsService } from '../../assets/lib/conversations/service';
import { mergeConversationAttributes, setKey } from '../../assets/lib/conversations/attribute-merge';
import { parseAttributes } from '../../assets/lib/conversations/attributes';
import { once } from '../../assets/lib/state/once';
import { tryLock, whenLocked } from '../../assets/lib/state/lock';
import { takeFromQuota } from '../../assets/lib/state/quota';
import { stateNames } from '../../assets/lib/state/names';
import { syncStore, type StateStore } from '../../assets/lib/state/sync-store';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { clearOfWindowEnd } from '../support/window-end';

let sandbox: Sandbox;
let store: StateStore;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
  store = syncStore(sandboxClient(sandbox), 'default');
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.assertNoViolations());

const sid = (letter: string) => 'CH' + letter.repeat(32);

describe('state on the sandbox’s Sync', () => {
  it('once: 12 parallel callers, one runs, all answer its outcome', async () => {
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        once(store, stateNames.send(sid('a'), 'key-000001'), { ttlSeconds: 60, leaseMs: 5_000, deadlineAt: Date.now() + 5_000, pollMs: 20 }, async () => {
          runs += 1;
          return { sid: 'IM' + 'a'.repeat(32), index: 0 };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(new Set(results.map((result) => JSON.stringify(result.value))).size).toBe(1);
  });

  it('a lock: exactly one of 10 takers; a dead holder’s lock is taken over by one successor', async () => {
    const name = stateNames.attributes(sid('b'));
    const taken = await Promise.all(Array.from({ length: 10 }, () => tryLock(store, name, { leaseMs: 1_000 })));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const later = () => Date.now() + 2_000;
    const successors = await Promise.all(Array.from({ length: 5 }, () => tryLock(store, name, { leaseMs: 1_000, now: later })));
    expect(successors.filter(Boolean)).toHaveLength(1);
    await store.remove(name);
  });

  it('whenLocked: 6 concurrent holders, never two at once', async () => {
    let inside = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        whenLocked(store, stateNames.attributes(sid('c')), Date.now() + 8_000, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inside -= 1;
        }),
      ),
    );
    expect(results.every((result) => result.locked)).toBe(true);
    expect(most).toBe(1);
  });

  it('the quota admits exactly its size of 25 parallel takers', async () => {
    await clearOfWindowEnd();
    const answers = await Promise.all(Array.from({ length: 25 }, () => takeFromQuota(store, 'quota:test', 9)));
    expect(answers.filter((answer) => answer.admitted)).toHaveLength(9);
  });

  it('10 concurrent merges of different keys into one conversation’s attributes lose none', async () => {
    const client = sandboxClient(sandbox);
    const service = conversationsService(client, sandbox.serviceSid);
    const conversation = await service.conversations.create({ attributes: JSON.stringify({ kept: true }) });
    const ctx = { service, state: store, deadlineAt: Date.now() + 8_000 };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) => mergeConversationAttributes(ctx, conversation.sid, setKey(`key${index}`, index))),
    );
    expect(outcomes).toEqual(outcomes.map(() => 'written'));
    const attributes = parseAttributes((await service.conversations(conversation.sid).fetch()).attributes);
    expect(attributes).toEqual({ kept: true, ...Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`key${index}`, index])) });
    expect(await mergeConversationAttributes(ctx, conversation.sid, setKey('key3', 3))).toBe('unchanged');
  });

  it('leaves attributes it cannot read as an object alone (deeper than 32 levels, or not JSON) instead of writing over them', async () => {
    const service = conversationsService(sandboxClient(sandbox), sandbox.serviceSid);
    const ctx = { service, state: store, deadlineAt: Date.now() + 8_000 };
    for (const stored of [`{"deep":${'['.repeat(40)}${']'.repeat(40)}}`, '[1,2,3]']) {
      const conversation = await service.conversations.create({ attributes: stored });
      expect(await mergeConversationAttributes(ctx, conversation.sid, setKey('channels', { sms: 1 }))).toBe('unreadable');
      expect((await service.conversations(conversation.sid).fetch()).attributes).toBe(stored);
    }
  });
});
