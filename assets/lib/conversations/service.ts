// Conversations building blocks shared by the endpoints: the service-scoped API, attributes,
// timers, participant specs for ConversationWithParticipants, Studio webhooks, and the
// Twilio error codes the endpoints turn into outcomes.
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import { parseBoundedJson } from '../shared/bounded-json';
import type { Config } from '../platform/config';
import { isTwilioRestError, type TwilioClient } from '../platform/twilio-client';

export type ConversationsService = ServiceContext;

/**
 * Every REST call goes through the Conversations Service of CONVERSATIONS_SERVICE_SID: the
 * same service the access tokens grant, so chat users and server calls meet.
 */
export function conversationsService(client: TwilioClient, serviceSid: string): ConversationsService {
  return client.conversations.v1.services(serviceSid);
}

export type Attributes = Record<string, unknown>;

/** Twilio's attribute sizes in bytes of JSON (https://www.twilio.com/docs/conversations/conversations-limits). */
export const ATTRIBUTE_LIMITS = { conversation: 16_384, participant: 4_096, message: 4_096 } as const;

/**
 * Twilio stores attributes as a JSON string, and customers write them too (message
 * attributes through the SDK): anything unreadable or nested deeper than MAX_JSON_DEPTH
 * counts as empty, so no decision and no answer ever recurses into it.
 */
export function parseAttributes(raw: unknown): Attributes {
  const rendered = readAttributes(raw);
  return rendered.parsed ? rendered.attributes : {};
}

export type ReadAttributes = { parsed: true; attributes: Attributes } | { parsed: false; raw: string };

/** Attributes as an object when they are a JSON object within the depth limit; otherwise the raw text. */
export function readAttributes(raw: unknown): ReadAttributes {
  if (typeof raw !== 'string' || raw === '') return { parsed: true, attributes: {} };
  const result = parseBoundedJson(raw);
  if (result.ok && result.value && typeof result.value === 'object' && !Array.isArray(result.value)) return { parsed: true, attributes: result.value as Attributes };
  return { parsed: false, raw };
}

/**
 * The conversation whose unique name is exactly `uniqueName`, or undefined when there is none.
 * The name is a path segment: the name read back is compared as well, so a name that Twilio
 * resolves to something else (a SID, a decoded escape) never answers another conversation.
 */
export async function fetchByUniqueName(service: ConversationsService, uniqueName: string) {
  try {
    const found = await service.conversations(uniqueName).fetch();
    return found.uniqueName === uniqueName ? found : undefined;
  } catch (error) {
    if (twilioErrorCode(error) === TwilioErrorCodes.notFound) return undefined;
    throw error;
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
