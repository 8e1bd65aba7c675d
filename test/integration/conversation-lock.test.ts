// The unique-name lock behind "exactly once" in the webhook, against the sandbox (which
// answers a taken unique name like Twilio: 409 / 50353).
import { lockName, STALE_LOCK_MS, tryLock, withLock } from '../../assets/lib/conversations/lock';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationsService, type ConversationsService } from '../../assets/lib/conversations/service';
import { startSandbox, type Sandbox } from '../../sandbox/index';

let sandbox: Sandbox;
let service: ConversationsService;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
  service = conversationsService(sandboxClient(sandbox), sandbox.serviceSid);
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.assertNoViolations());

const lockConversations = (name: string) => [...sandbox.state.conversations.values()].filter((c) => c.uniqueName === name);

describe('conversation lock', () => {
  it('lets exactly one of many concurrent takers through', async () => {
    const name = lockName('test', 'CH' + 'a'.repeat(32));
    const locks = await Promise.all(Array.from({ length: 8 }, () => tryLock(service, name)));
    expect(locks.filter(Boolean)).toHaveLength(1);
    expect(lockConversations(name)).toHaveLength(1);
    await locks.find(Boolean)!.release();
    expect(lockConversations(name)).toHaveLength(0);
  });

  it('runs the work once under withLock, and releases even when the work throws', async () => {
    const name = lockName('work', 'CH' + 'b'.repeat(32));
    let runs = 0;
    // The taker holds the lock until every other attempt has been turned away.
    let turnedAway = 0;
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const attempts = Array.from({ length: 4 }, () =>
      withLock(service, name, async () => {
        runs += 1;
        await gate;
        return runs;
      }),
    );
    for (const attempt of attempts)
      void attempt.then((result) => {
        if (!result.locked && (turnedAway += 1) === attempts.length - 1) openGate();
      });
    const results = await Promise.all(attempts);
    expect(runs).toBe(1);
    expect(results.filter((r) => r.locked)).toHaveLength(1);
    await expect(
      withLock(service, name, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lockConversations(name)).toHaveLength(0);
  });

  it('fires no webhook for the lock conversation (REST without X-Twilio-Webhook-Enabled)', async () => {
    const before = sandbox.state.webhookDeliveries.length;
    sandbox.setWebhooks({ preUrl: 'http://127.0.0.1:9/never', postUrl: 'http://127.0.0.1:9/never' });
    try {
      const lock = await tryLock(service, lockName('quiet', 'CH' + 'c'.repeat(32)));
      await lock!.release();
    } finally {
      sandbox.setWebhooks({ preUrl: '', postUrl: '' });
    }
    expect(sandbox.state.webhookDeliveries.length).toBe(before);
  });

  it('breaks a lock left behind by a crashed invocation once it is stale', async () => {
    const name = lockName('stale', 'CH' + 'd'.repeat(32));
    const abandoned = await tryLock(service, name);
    expect(abandoned).toBeDefined();
    expect(await tryLock(service, name)).toBeUndefined();
    const later = () => Date.now() + STALE_LOCK_MS + 1_000;
    const taken = await tryLock(service, name, later);
    expect(taken).toBeDefined();
    expect(lockConversations(name)).toHaveLength(1);
    await taken!.release();
  });
});
