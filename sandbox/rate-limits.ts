// Twilio's rate limits, as token buckets on the sandbox clock.
// Conversations: 30 actions per second per Service for creating and deleting conversations (and
// users), and 30 per second per conversation for updating it and for creating, updating and
// deleting its participants and messages. Beyond, 429 with code 20429; reads are not limited.
// https://www.twilio.com/en-us/changelog/increasing-actions-per-second-for-conversations-
// https://www.twilio.com/docs/conversations/conversations-limits
// Sync: up to 20 writes and 20 reads per second per object, each with a 10 s burst window; the
// limit applies at the top level (a list's items count toward the list); beyond, 429 with 54009
// (https://www.twilio.com/docs/sync/limits, https://www.twilio.com/docs/api/errors/54009). The
// burst window is modelled as a bucket holding 20 x 10 actions refilled at 20 a second: that
// shape is the sandbox's reading, unconfirmed. Reads have their own buckets: a test has to read
// one object more than 200 times in a few seconds to meet the limit (and the functions' client
// retries 429s).
// Twilio documents no Retry-After for either product, so none is sent.
import type { Clock } from './clock';

export type RateLimits = {
  enabled: boolean;
  perService: number;
  perConversation: number;
  /** Sync reads, and writes, per second per object. */
  perSyncObject: number;
  /** Sync's burst window: a bucket holds perSyncObject x this many actions. */
  syncBurstSeconds: number;
};

export const TWILIO_RATE_LIMITS: RateLimits = { enabled: true, perService: 30, perConversation: 30, perSyncObject: 20, syncBurstSeconds: 10 };

const SERVICE_ACTIONS = /^(Create|Delete)(Service)?(Conversation|ConversationWithParticipants|User)$|^Update(Service)?User$/;
const CONVERSATION_ACTIONS = /^Update(Service)?Conversation$|^(Create|Update|Delete)(Service)?(ConversationParticipant|ConversationMessage)$/;
const SYNC_READS = /^(Fetch|List)/;

/** The bucket an operation draws from, or undefined for what is not limited (reads, configuration). */
export function bucketOf(operationId: string, serviceSid: string, conversationSid: string | undefined): string | undefined {
  if (SERVICE_ACTIONS.test(operationId)) return `service:${serviceSid}`;
  if (CONVERSATION_ACTIONS.test(operationId) && conversationSid) return `conversation:${conversationSid}`;
  return undefined;
}

/** A Sync operation's bucket: reads or writes of the object it touches (domain/sync.ts `syncObjectOf`). */
export function syncBucketOf(operationId: string, object: string | undefined): string | undefined {
  if (object === undefined) return undefined;
  return `${SYNC_READS.test(operationId) ? 'sync-read' : 'sync-write'}:${object}`;
}

type Bucket = { tokens: number; at: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private limits: RateLimits,
  ) {}

  set(limits: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.buckets.clear();
  }

  private shape(bucket: string): { capacity: number; perSecond: number } {
    if (bucket.startsWith('sync-')) return { capacity: this.limits.perSyncObject * this.limits.syncBurstSeconds, perSecond: this.limits.perSyncObject };
    const perSecond = bucket.startsWith('service:') ? this.limits.perService : this.limits.perConversation;
    return { capacity: perSecond, perSecond };
  }

  /** Takes one action from the bucket; false when it is empty (the caller answers 429). */
  take(bucket: string | undefined): boolean {
    if (!bucket || !this.limits.enabled) return true;
    const { capacity, perSecond } = this.shape(bucket);
    const now = this.clock.now();
    const current = this.buckets.get(bucket) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, current.tokens + ((now - current.at) / 1000) * perSecond);
    if (tokens < 1) {
      this.buckets.set(bucket, { tokens, at: now });
      return false;
    }
    this.buckets.set(bucket, { tokens: tokens - 1, at: now });
    return true;
  }
}
