// What every domain operation works on: the state, the clock, the event router, the
// outbound deliveries and the configured limits.
import type { Clock } from '../clock';
import type { SandboxState } from '../state';
import type { Deliveries } from './deliveries';
import type { Events } from './events';
import type { Background } from './background';
import type { SyncEviction } from './sync-eviction';

export type Limits = { participantsPerConversation: number; nonChatParticipantsPerConversation: number; webhooksPerConversation: number };

/**
 * When ConversationWithParticipants answers `initializing` and creates the participants in the
 * background: for group MMS (the case Twilio documents), or for every request (`always`: what
 * the spec allows), after `delayMs`.
 */
export type Initialization = {
  scope: 'group-mms' | 'always';
  delayMs: number;
  /** Fault injection: the share (0..1) of background creations that fail (50427), as a participant error would. */
  failureRate: number;
};

export type Ctx = {
  state: SandboxState;
  clock: Clock;
  events: Events;
  deliveries: Deliveries;
  limits: Limits;
  initialization: Initialization;
  /** Twilio's work after an answer, due on the sandbox clock. */
  background: Background;
  /** How late expired Sync objects are deleted. */
  syncEviction: SyncEviction;
};

/** Where a Conversations resource lives: the default-service short paths or /v1/Services/{IS}. */
export type Scope = { serviceSid: string; base: string };

/** The hosts the rendered URLs name, as Twilio's answers do (the functions' client maps them back). */
export const CONVERSATIONS_BASE = 'https://conversations.twilio.com/v1';
export const STUDIO_BASE = 'https://studio.twilio.com/v2';
export const FLEX_BASE = 'https://flex-api.twilio.com/v1';
export const SYNC_BASE = 'https://sync.twilio.com/v1';
