// The work of /webchat/start: a place in this minute's guest quota (GUEST_CHAT_MAX_PER_MINUTE,
// shared by every invocation through Sync: state/quota), then a guest conversation with its
// chat participant in ONE round trip, then (in parallel) the first message and the Studio
// bot, then a token and a session for the server-made identity. Over the quota nothing is
// created: 429 guest_chat_busy with Retry-After (each guest is a billed active user). Nothing is left behind when a step fails. The
// question is a message like any other: it passes the message policy before anything is
// created, and only its published form is stored (as the first message and in the attributes).
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { mintForSession, TOKEN_CONFIG } from '../tokens/access-token';
import { requireConfig, type Config } from '../platform/config';
import { attachStudioFlow } from '../conversations/studio-webhooks';
import { settledState, type ConversationState } from '../conversations/readiness';
import { conversationsService, fetchByUniqueName, participantJson, timerOptions } from '../conversations/service';
import { GUEST_IDENTITY_PREFIX } from '../conversations/identifiers';
import { writeLog } from '../http/log';
import { applyMessagePolicy, messagePolicyOf } from '../policy/message-policy';
import { signSession } from '../auth/session';
import type { TwilioClient } from '../platform/twilio-client';
import { parseInput } from '../http/validation';
import { HttpError } from '../http/errors';
import { takeFromQuota } from '../state/quota';
import { stateNames } from '../state/names';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { classifyTwilioFailure } from '../platform/twilio-errors';

/** Refuses the request when this minute's guest chats are all taken; Sync's own limit counts as full too. */
async function admitGuest(config: Config, client: TwilioClient): Promise<void> {
  const busy = (retryAfterSeconds: number) =>
    new HttpError('guest_chat_busy', `Too many guest chats are starting right now (at most ${config.GUEST_CHAT_MAX_PER_MINUTE} a minute); retry later.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  let answer;
  try {
    answer = await takeFromQuota(syncStore(client, syncServiceSid(config)), stateNames.guestQuota, config.GUEST_CHAT_MAX_PER_MINUTE);
  } catch (error) {
    // Sync itself rate limits the quota list (54009, 429) only under a flood: that is "busy" too.
    if (classifyTwilioFailure(error)?.kind === 'busy') throw busy(1);
    throw error;
  }
  if (!answer.admitted) throw busy(answer.retryAfterSeconds);
}

const trimmed = (max: number, what: string) =>
  v.optional(v.pipe(v.string(`${what} must be text`), v.trim(), v.maxLength(max, `${what} must be at most ${max} characters`)));

export const preEngagementSchema = v.object({
  friendlyName: trimmed(100, 'friendlyName'),
  email: v.optional(
    v.pipe(v.string('email must be text'), v.trim(), v.maxLength(254, 'email must be at most 254 characters'), v.email('email must be an email address')),
  ),
  question: trimmed(1600, 'question'),
});

export type PreEngagement = v.InferOutput<typeof preEngagementSchema>;

export type GuestChat = { token: string; identity: string; conversationSid: string; sessionToken: string; expiresAt: string };

export function readPreEngagement(params: Record<string, unknown>): PreEngagement {
  // An empty field (a form left blank) means "not given".
  const given = Object.fromEntries(Object.entries(params).filter(([, value]) => typeof value !== 'string' || value.trim() !== ''));
  return parseInput(preEngagementSchema, given);
}

export async function startGuestChat(config: Config, client: TwilioClient, form: PreEngagement, deadlineAt: number): Promise<GuestChat> {
  const settings = requireConfig(config, TOKEN_CONFIG);
  const question = form.question === undefined ? undefined : applyMessagePolicy(form.question, messagePolicyOf(settings));
  await admitGuest(config, client);
  const service = conversationsService(client, settings.CONVERSATIONS_SERVICE_SID);
  const identity = `${GUEST_IDENTITY_PREFIX}${randomUUID()}`;
  const guest = {
    channel: 'chat',
    guest: true,
    ...(form.friendlyName ? { friendlyName: form.friendlyName } : {}),
    ...(form.email ? { email: form.email } : {}),
  };

  // The unique name lets a create whose answer was lost (5xx, dropped connection) be found again.
  const uniqueName = `webchat-${identity}`;
  const createOptions = {
    uniqueName,
    friendlyName: `Web chat: ${form.friendlyName ?? 'guest'}`,
    attributes: JSON.stringify({ ...guest, ...(question ? { question } : {}) }),
    participant: [participantJson({ identity, attributes: guest })],
    ...timerOptions(settings),
  };
  let created: { sid: string; state: ConversationState };
  try {
    created = await service.conversationWithParticipants.create(createOptions);
  } catch (error) {
    const found = await fetchByUniqueName(service, uniqueName).catch(() => undefined);
    if (!found) throw error;
    created = found;
  }
  const conversationSid = created.sid;

  try {
    // Nothing can be posted into a conversation Twilio is still initializing (50386): wait.
    const state = await settledState(service, conversationSid, created.state, deadlineAt);
    if (state !== 'active') throw new HttpError('twilio_unavailable', `Twilio did not finish creating the conversation (it is ${state}); retry.`);
    // Parallel and safe against double delivery: the message fires the bot's webhook if the
    // flow is attached first; otherwise ReplayAfter=0 replays it to the flow on attach.
    await Promise.all([
      question ? service.conversations(conversationSid).messages.create({ author: identity, body: question, xTwilioWebhookEnabled: 'true' }) : undefined,
      settings.STUDIO_FLOW_SID ? attachStudioFlow(service, conversationSid, settings.STUDIO_FLOW_SID, 0) : undefined,
    ]);
  } catch (error) {
    await service
      .conversations(conversationSid)
      .remove()
      .catch(() => writeLog({ fn: 'webchat/start', outcome: 'error', code: 'orphan_conversation', conversationSid }));
    throw error;
  }

  const session = signSession(
    identity,
    settings.GUEST_SESSION_TTL_SECONDS,
    { secret: settings.SESSION_SECRET, issuer: settings.SESSION_ISSUER, audience: settings.SESSION_AUDIENCE },
    // The conversation is named in the session: /webchat/end closes this one and no other.
    { guest: true, conversationSid },
  );
  const chat = mintForSession(settings, identity, session.expiresAt);
  return { token: chat.token, identity, conversationSid, sessionToken: session.token, expiresAt: chat.expiresAt };
}
