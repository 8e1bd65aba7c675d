// What webhook handlers receive and answer. Pre-event handlers get NO REST client: they run
// on the hot path of the user's action (Twilio waits for them, 5 s at most) and must
// decide from the event alone. Post-event handlers may call Twilio and must be idempotent
// by state, because Twilio may deliver an event more than once and events race.
import type { Config } from '../platform/config';
import type { ConversationsService } from '../conversations/service';
import type { StateStore } from '../state/sync-store';
import type { HttpError } from '../http/errors';
import type { TwilioClient } from '../platform/twilio-client';
import type { EventOf, PostEventType, PreEventType } from './events';

/** What a pre-event answer may change (Twilio's snake_case keys; `attributes` as a JSON string). */
export type PreEventChanges = {
  body?: string;
  author?: string;
  attributes?: string;
  friendly_name?: string;
};

/** `note` says why, for the request's log line. */
export type PreAnswer =
  { action: 'publish'; note?: string } | { action: 'modify'; changes: PreEventChanges; note?: string } | { action: 'reject'; error: HttpError };

/** Fields added to the request's one log line (never bodies or full addresses). */
type LogDetails = Record<string, string | number | boolean | undefined>;

export type PreContext = { config: Config };

export type PostContext = {
  config: Config;
  /** The Conversations Service of CONVERSATIONS_SERVICE_SID, created on first use. */
  service(): ConversationsService;
  /** Shared state in Sync (locks, outcomes), created on first use. */
  state(): StateStore;
  /** The REST client itself, for work shared with endpoints that take one (the agent's hand-off). */
  twilio(): TwilioClient;
  /** When the request must be answered: waits for a lock end before it. */
  deadlineAt: number;
};

/** `action` names what was done or why nothing was, e.g. `auto_reply_sent`, `skipped_agent_present`. */
export type PostResult = { action: string; details?: LogDetails };

export type PreHandler<T extends PreEventType> = (event: EventOf<T>, context: PreContext) => PreAnswer | Promise<PreAnswer>;
export type PostHandler<T extends PostEventType> = (event: EventOf<T>, context: PostContext) => Promise<PostResult>;

export type HandlerTable = { [T in PreEventType]?: PreHandler<T> } & { [T in PostEventType]?: PostHandler<T> };
