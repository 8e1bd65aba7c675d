// What every domain operation works on: the state, the clock, the event router, the
// outbound deliveries and the configured limits.
import type { Clock } from '../clock';
import type { SandboxState } from '../state';
import type { Deliveries } from './deliveries';
import type { Events } from './events';

export type Limits = { participantsPerConversation: number; nonChatParticipantsPerConversation: number; webhooksPerConversation: number };

export type Ctx = {
  state: SandboxState;
  clock: Clock;
  events: Events;
  deliveries: Deliveries;
  limits: Limits;
};

/** Where a Conversations resource lives: the default-service short paths or /v1/Services/{IS}. */
export type Scope = { serviceSid: string; base: string };

/** The hosts the rendered URLs name, as Twilio's answers do (the functions' client maps them back). */
export const CONVERSATIONS_BASE = 'https://conversations.twilio.com/v1';
export const STUDIO_BASE = 'https://studio.twilio.com/v2';
export const FLEX_BASE = 'https://flex-api.twilio.com/v1';
