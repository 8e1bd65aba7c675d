// A mutex between Function invocations, made of what Twilio already guarantees: a
// conversation UniqueName is unique within a Service, so creating `lock-<job>-<CH>` either
// succeeds (we hold the lock) or fails with a unique-name conflict (someone else does).
// Used where a post-event may arrive twice, or race a sibling event, and the work must
// happen once (the auto-reply, attaching the bot). The lock conversation is created by
// REST without X-Twilio-Webhook-Enabled, so it fires no webhook, and is deleted when done.
import type { ConversationsService } from './service';
import { classifyTwilioFailure, ignoreNotFound } from '../platform/twilio-errors';

export type ConversationLock = { name: string; release(): Promise<void> };

// A Function lives at most 10 s: a lock older than this was left by one that died mid-way.
export const STALE_LOCK_MS = 30_000;

// A conflict: 50353 (a conversation with this unique name exists) or 50391 (another request
// is creating or deleting the same unique name right now). Both mean "taken".
function isLockTaken(error: unknown): boolean {
  return classifyTwilioFailure(error)?.kind === 'conflict';
}

export function lockName(job: string, conversationSid: string): string {
  return `lock-${job}-${conversationSid}`;
}

async function create(service: ConversationsService, name: string, now: number): Promise<ConversationLock> {
  const created = await service.conversations.create({
    uniqueName: name,
    friendlyName: `Lock ${name} (internal, deleted when done)`,
    attributes: JSON.stringify({ internalLock: true, takenAt: new Date(now).toISOString() }),
  });
  return {
    name,
    release: async () => {
      await service.conversations(created.sid).remove().catch(ignoreNotFound);
    },
  };
}

/**
 * Takes the lock, or answers undefined when another invocation holds it (that one is
 * doing the work). A lock left behind by a crashed invocation is broken once stale.
 */
export async function tryLock(service: ConversationsService, name: string, now: () => number = Date.now): Promise<ConversationLock | undefined> {
  try {
    return await create(service, name, now());
  } catch (error) {
    if (!isLockTaken(error)) throw error;
  }
  const holder = await service.conversations(name).fetch().catch(ignoreNotFound);
  // Released meanwhile: its holder finished the work.
  if (!holder) return undefined;
  const age = now() - (holder.dateCreated?.getTime() ?? now());
  if (age < STALE_LOCK_MS) return undefined;
  await service.conversations(holder.sid).remove().catch(ignoreNotFound);
  try {
    return await create(service, name, now());
  } catch (error) {
    if (isLockTaken(error)) return undefined;
    throw error;
  }
}

/**
 * Runs `work` under the lock; answers `{ locked: false }` without running it when the lock is
 * taken. A release that fails does not fail work that succeeded: the lock goes stale instead.
 */
export async function withLock<T>(
  service: ConversationsService,
  name: string,
  work: () => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  const lock = await tryLock(service, name);
  if (!lock) return { locked: false };
  try {
    return { locked: true, value: await work() };
  } finally {
    await lock.release().catch(() => undefined);
  }
}
