// Conversations building blocks shared by the endpoints: the service-scoped API, attributes,
// timers, participant specs for ConversationWithParticipants, Studio webhooks, and the
// Twilio error codes the endpoints turn into outcomes.
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import type { Config } from './config.private';
import { isTwilioRestError, type TwilioClient } from './twilio.private';

export type ConversationsService = ServiceContext;

/**
 * Every REST call goes through the Conversations Service of CONVERSATIONS_SERVICE_SID: the
 * same service the access tokens grant, so chat users and server calls meet.
 */
export function conversationsService(client: TwilioClient, serviceSid: string): ConversationsService {
  return client.conversations.v1.services(serviceSid);
}

export type Attributes = Record<string, unknown>;

/** Twilio stores attributes as a JSON string; anything unreadable counts as empty. */
export function parseAttributes(raw: unknown): Attributes {
  if (typeof raw !== 'string' || raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Attributes) : {};
  } catch {
    return {};
  }
}

/** Timers from config, as twilio-node's flat option keys (nested objects are silently dropped). */
export function timerOptions(config: Pick<Config, 'TIMERS_INACTIVE' | 'TIMERS_CLOSED'>): { 'timers.inactive'?: string; 'timers.closed'?: string } {
  return {
    ...(config.TIMERS_INACTIVE ? { 'timers.inactive': config.TIMERS_INACTIVE } : {}),
    ...(config.TIMERS_CLOSED ? { 'timers.closed': config.TIMERS_CLOSED } : {}),
  };
}

export type ParticipantSpec =
  | { identity: string; attributes?: Attributes }
  | { address: string; proxyAddress: string; attributes?: Attributes };

/** One `Participant` value of ConversationWithParticipants: a JSON string in the API's snake_case. */
export function participantJson(spec: ParticipantSpec): string {
  const attributes = spec.attributes && Object.keys(spec.attributes).length > 0 ? { attributes: JSON.stringify(spec.attributes) } : {};
  if ('identity' in spec) return JSON.stringify({ identity: spec.identity, ...attributes });
  return JSON.stringify({ messaging_binding: { address: spec.address, proxy_address: spec.proxyAddress }, ...attributes });
}

// ConversationWithParticipants takes at most this many participants in one request.
export const MAX_PARTICIPANTS_PER_CREATE = 10;

/**
 * Attaches a Studio flow as a conversation-scoped webhook, with the FLAT option keys
 * twilio-node reads (a nested `configuration` object is silently dropped). `replayAfter`
 * replays the messages from that index to the flow; left out, nothing is replayed.
 */
export async function attachStudioFlow(service: ConversationsService, conversationSid: string, flowSid: string, replayAfter?: number) {
  return service.conversations(conversationSid).webhooks.create({
    target: 'studio',
    'configuration.flowSid': flowSid,
    ...(replayAfter !== undefined ? { 'configuration.replayAfter': replayAfter } : {}),
  });
}

export function isStudioWebhook(webhook: { target?: string | null }): boolean {
  return webhook.target === 'studio';
}

export const TwilioErrorCodes = {
  notFound: 20404,
  tooManyRequests: 20429,
  addressInUse: 50416,
  participantExists: 50433,
  groupParticipantExists: 50437,
  addressPairInUse: 50425,
  uniqueNameTaken: 50353,
} as const;

export function twilioErrorCode(error: unknown): number | undefined {
  return isTwilioRestError(error) ? error.code : undefined;
}

/** The conversation an address is already bound to: Twilio names it in the 50416/50425 message. */
export function boundConversationSid(error: unknown): string | undefined {
  if (!isTwilioRestError(error)) return undefined;
  return /\bCH[0-9a-f]{32}\b/.exec(error.message)?.[0];
}
