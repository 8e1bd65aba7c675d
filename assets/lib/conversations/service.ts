// The Conversations Service every call goes through, and what creating conversations needs:
// timers, participant specs for ConversationWithParticipants, the fetch by unique name.
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import type { Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { isNotFound } from '../platform/twilio-errors';
import type { Attributes } from './attributes';

export type ConversationsService = ServiceContext;

/**
 * Every REST call goes through the Conversations Service of CONVERSATIONS_SERVICE_SID: the
 * same service the access tokens grant, so chat users and server calls meet.
 */
export function conversationsService(client: TwilioClient, serviceSid: string): ConversationsService {
  return client.conversations.v1.services(serviceSid);
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
    if (isNotFound(error)) return undefined;
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

export type ParticipantSpec = { identity: string; attributes?: Attributes } | { address: string; proxyAddress: string; attributes?: Attributes };

/** One `Participant` value of ConversationWithParticipants: a JSON string in the API's snake_case. */
export function participantJson(spec: ParticipantSpec): string {
  const attributes = spec.attributes && Object.keys(spec.attributes).length > 0 ? { attributes: JSON.stringify(spec.attributes) } : {};
  if ('identity' in spec) return JSON.stringify({ identity: spec.identity, ...attributes });
  return JSON.stringify({ messaging_binding: { address: spec.address, proxy_address: spec.proxyAddress }, ...attributes });
}

// ConversationWithParticipants takes at most this many participants in one request.
export const MAX_PARTICIPANTS_PER_CREATE = 10;
