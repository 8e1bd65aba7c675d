// Twilio's action limits for Conversations, as token buckets: 30 actions per second per Service
// for creating and deleting conversations (and users), and 30 per second per conversation for
// updating it and for creating, updating and deleting its participants and messages. Beyond,
// 429 with code 20429; reads are not limited. Twilio documents no Retry-After, so none is sent.
// https://www.twilio.com/en-us/changelog/increasing-actions-per-second-for-conversations-
// https://www.twilio.com/docs/conversations/conversations-limits
import type { Clock } from './clock';

export type RateLimits = { enabled: boolean; perService: number; perConversation: number };

export const TWILIO_RATE_LIMITS: RateLimits = { enabled: true, perService: 30, perConversation: 30 };

const SERVICE_ACTIONS = /^(Create|Delete)(Service)?(Conversation|ConversationWithParticipants|User)$|^Update(Service)?User$/;
const CONVERSATION_ACTIONS = /^Update(Service)?Conversation$|^(Create|Update|Delete)(Service)?(ConversationParticipant|ConversationMessage)$/;

/** The bucket an operation draws from, or undefined for what is not limited (reads, configuration). */
export function bucketOf(operationId: string, serviceSid: string, conversationSid: string | undefined): string | undefined {
  if (SERVICE_ACTIONS.test(operationId)) return `service:${serviceSid}`;
  if (CONVERSATION_ACTIONS.test(operationId) && conversationSid) return `conversation:${conversationSid}`;
  return undefined;
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

  /** Takes one action from the bucket; false when it is empty (the caller answers 429). */
  take(bucket: string | undefined): boolean {
    if (!bucket || !this.limits.enabled) return true;
    const perSecond = bucket.startsWith('service:') ? this.limits.perService : this.limits.perConversation;
    const now = this.clock.now();
    const current = this.buckets.get(bucket) ?? { tokens: perSecond, at: now };
    const tokens = Math.min(perSecond, current.tokens + ((now - current.at) / 1000) * perSecond);
    if (tokens < 1) {
      this.buckets.set(bucket, { tokens, at: now });
      return false;
    }
    this.buckets.set(bucket, { tokens: tokens - 1, at: now });
    return true;
  }
}
