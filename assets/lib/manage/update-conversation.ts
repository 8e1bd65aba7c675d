// Updating a conversation: its attributes by merge patch (RFC 7396), friendly name, state and
// timers, in ONE Twilio update. Attributes change under the conversation's attributes lock
// in Sync (the one the webhook's writers take), so a concurrent write of other keys is never
// lost: lock, read, write, release (4 round trips; a uniqueName adds the read that finds it,
// and a repeat whose read shows nothing to change ends there). Without attributes nothing
// can be lost: one read, then one update of what differs (2; 1 when nothing does).
// Closed is final: a change to a closed conversation is 409; asking for what it already is,
// is not a change (a repeated close answers `changed: false`). One still initializing is
// waited for, inside the deadline, as every writer of the project does.
import * as v from 'valibot';
import type { ConversationContextUpdateOptions, ConversationInstance } from 'twilio/lib/rest/conversations/v1/service/conversation';
import { updateConversationLocked, type MergeContext } from '../conversations/attribute-merge';
import { ATTRIBUTE_LIMITS, readAttributes, type Attributes } from '../conversations/attributes';
import { conversationClosed, conversationMissing, conversationNotFound, refusedIfClosed } from '../conversations/errors';
import { validateUniqueName } from '../conversations/identifiers';
import { settledState } from '../conversations/readiness';
import { conversationsService, fetchByUniqueName } from '../conversations/service';
import { HttpError } from '../http/errors';
import { boundedText, jsonObjectField, parseInput } from '../http/validation';
import { requireConfig, timerDuration, type Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { checkAttributeSize, patchAttributes, refuseListAttributes } from './attribute-patch';

const timersObject = v.strictObject(
  {
    inactive: v.optional(v.pipe(v.string(), v.maxLength(32, 'must be at most 32 characters'), timerDuration(1))),
    closed: v.optional(v.pipe(v.string(), v.maxLength(32, 'must be at most 32 characters'), timerDuration(10))),
  },
  'timers may have inactive and closed only, like {"inactive":"PT30M","closed":"P1D"}',
);

// JSON bodies send an object; form bodies (Studio, curl -d) its JSON text.
const timersField = v.union(
  [timersObject, v.pipe(v.string(), v.maxLength(200, 'timers must be at most 200 characters'), v.parseJson(undefined, 'timers must be JSON'), timersObject)],
  'timers must be an object like {"inactive":"PT30M","closed":"P1D"}',
);

export const updateConversationSchema = v.object({
  conversationSid: v.optional(v.pipe(v.string('conversationSid must be text'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID'))),
  uniqueName: v.optional(boundedText(256, 'uniqueName')),
  attributes: v.optional(jsonObjectField('attributes', ATTRIBUTE_LIMITS.conversation)),
  friendlyName: v.optional(boundedText(256, 'friendlyName')),
  state: v.optional(v.picklist(['active', 'inactive', 'closed'], 'state must be active, inactive or closed')),
  timers: v.optional(timersField),
});

type Timers = { inactive?: string; closed?: string };

export type UpdateConversationRequest = {
  conversation: { sid: string } | { uniqueName: string };
  /** A merge patch: the keys to change, `null` for a key to remove. */
  attributes?: Attributes;
  friendlyName?: string;
  state?: 'active' | 'inactive' | 'closed';
  timers?: Timers;
};

export type ConversationUpdated = {
  conversationSid: string;
  state: ConversationInstance['state'];
  friendlyName: string | null;
  /** The attributes after the update; their raw text (and `attributesRaw`) when they are no JSON object we read. */
  attributes: Attributes | string;
  attributesRaw?: true;
  changed: boolean;
};

const fieldError = (field: string, message: string) =>
  new HttpError('invalid_request', `Invalid request: ${field}: ${message}`, { details: { fields: [{ field, message }] } });

export function readUpdateConversationRequest(params: Record<string, unknown>): UpdateConversationRequest {
  refuseListAttributes(params);
  const input = parseInput(updateConversationSchema, params);
  if (input.conversationSid && input.uniqueName) throw fieldError('uniqueName', 'give conversationSid or uniqueName, not both');
  if (!input.conversationSid && !input.uniqueName) throw fieldError('conversationSid', 'conversationSid (or uniqueName) is required');
  const timers = input.timers && (input.timers.inactive || input.timers.closed) ? (input.timers as Timers) : undefined;
  if (input.timers && !timers) throw fieldError('timers', 'timers must set inactive, closed or both');
  if (input.attributes === undefined && input.friendlyName === undefined && input.state === undefined && !timers) {
    throw fieldError('attributes', 'nothing to update: give attributes, friendlyName, state or timers');
  }
  return {
    conversation: input.conversationSid ? { sid: input.conversationSid } : { uniqueName: validateUniqueName(input.uniqueName!) },
    ...(input.attributes !== undefined ? { attributes: input.attributes } : {}),
    ...(input.friendlyName !== undefined ? { friendlyName: input.friendlyName } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(timers ? { timers } : {}),
  };
}

// Twilio takes no update while it creates a new conversation's participants (50386): wait, once.
class StillInitializing extends Error {}

/** The one update that brings `current` to what the request asks, or undefined when it is there already. */
function planConversationUpdate(current: ConversationInstance, request: UpdateConversationRequest): ConversationContextUpdateOptions | undefined {
  const patched = request.attributes ? patchAttributes(current.attributes, request.attributes, `conversation ${current.sid}`) : undefined;
  const update: ConversationContextUpdateOptions = {
    ...(request.friendlyName !== undefined && request.friendlyName !== current.friendlyName ? { friendlyName: request.friendlyName } : {}),
    ...(request.state !== undefined && request.state !== current.state ? { state: request.state } : {}),
    // Twilio shows when timers fall due, not their durations: timers asked for are always sent.
    ...(request.timers?.inactive ? { 'timers.inactive': request.timers.inactive } : {}),
    ...(request.timers?.closed ? { 'timers.closed': request.timers.closed } : {}),
  };
  if (Object.keys(update).length === 0 && !patched?.changed) return undefined;
  if (current.state === 'closed') throw conversationClosed(current.sid);
  if (current.state === 'initializing') throw new StillInitializing();
  return patched?.changed ? { ...update, attributes: checkAttributeSize(patched.attributes, ATTRIBUTE_LIMITS.conversation) } : update;
}

function answerOf(conversation: ConversationInstance, changed: boolean): ConversationUpdated {
  const read = readAttributes(conversation.attributes);
  return {
    conversationSid: conversation.sid,
    state: conversation.state,
    friendlyName: conversation.friendlyName ?? null,
    ...(read.parsed ? { attributes: read.attributes } : { attributes: read.raw, attributesRaw: true as const }),
    changed,
  };
}

export async function updateConversation(
  config: Config,
  client: TwilioClient,
  request: UpdateConversationRequest,
  deadlineAt: number,
): Promise<ConversationUpdated> {
  const { CONVERSATIONS_SERVICE_SID } = requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
  const service = conversationsService(client, CONVERSATIONS_SERVICE_SID);
  const ctx: MergeContext = { service, state: syncStore(client, syncServiceSid(config)), deadlineAt };
  // Found by its unique name: that read is also the first look at what needs changing.
  const found = 'uniqueName' in request.conversation ? await fetchByUniqueName(service, request.conversation.uniqueName) : undefined;
  if ('uniqueName' in request.conversation && !found) throw conversationNotFound(request.conversation.uniqueName);
  const conversationSid = found?.sid ?? (request.conversation as { sid: string }).sid;
  const missing = conversationMissing(conversationSid);
  const attempt = async (first: ConversationInstance | undefined): Promise<ConversationUpdated> => {
    if (request.attributes === undefined) {
      const current = first ?? (await service.conversations(conversationSid).fetch().catch(missing));
      const update = planConversationUpdate(current, request);
      if (!update) return answerOf(current, false);
      return answerOf(await service.conversations(conversationSid).update(update).catch(missing), true);
    }
    if (first && planConversationUpdate(first, request) === undefined) return answerOf(first, false);
    const { outcome, conversation } = await updateConversationLocked(ctx, conversationSid, (current) => planConversationUpdate(current, request));
    return answerOf(conversation, outcome === 'written');
  };
  try {
    return await attempt(found).catch(async (error: unknown) => {
      if (!(error instanceof StillInitializing)) throw error;
      await settledState(service, conversationSid, 'initializing', deadlineAt);
      return attempt(undefined);
    });
  } catch (error) {
    if (error instanceof StillInitializing) {
      throw new HttpError('twilio_unavailable', 'Twilio is still creating the conversation; retry shortly.', { details: { retriable: true } });
    }
    // Closed meanwhile (by a timer, say): Twilio refuses the update with 50377.
    return refusedIfClosed(service, conversationSid)(error);
  }
}
