// POST /v1/ConversationWithParticipants: a conversation and up to 10 participants in one
// request. Each `Participant` is a JSON string: {"identity": ...} or
// {"messaging_binding": {"address": ..., "proxy_address": ...}}. Everything is checked
// before anything is created; a bound address pair answers 50425 (not 50416).
// Twilio may answer before the participants exist: the conversation is `initializing` (202)
// while they are created in the background, then `active`, or `closed` with error 50427 in
// the error log when that fails (https://www.twilio.com/docs/api/errors/50386, /50427). Twilio
// documents this for group MMS; `initialization.scope: 'always'` does it for every request.
import { type Handler, list } from './api';
import { invalidParameter, TwilioApiError } from '../errors';
import { conversationInput } from './conversations';
import { changeState, checkConversationInput, createConversation } from '../domain/conversations';
import type { Ctx } from '../domain/context';
import type { Origin } from '../domain/events';
import { dropParticipant, participantsOf } from '../domain/indexes';
import type { ConversationRecord, ConversationState } from '../state';
import { addParticipant, checkParticipantInput, type ParticipantInput } from '../domain/participants';
import { renderConversation } from './render';

type ParticipantJson = {
  identity?: string;
  attributes?: string;
  role_sid?: string;
  messaging_binding?: { address?: string; proxy_address?: string; projected_address?: string };
};

function parseParticipant(raw: string): ParticipantInput {
  let parsed: ParticipantJson;
  try {
    parsed = JSON.parse(raw) as ParticipantJson;
  } catch {
    throw invalidParameter(`Participant must be a JSON object, got ${raw.slice(0, 60)}`);
  }
  if (!parsed || typeof parsed !== 'object') throw invalidParameter('Participant must be a JSON object');
  return {
    identity: parsed.identity,
    attributes: parsed.attributes,
    roleSid: parsed.role_sid,
    address: parsed.messaging_binding?.address,
    proxyAddress: parsed.messaging_binding?.proxy_address,
    projectedAddress: parsed.messaging_binding?.projected_address,
  };
}

const create: Handler = async (req) => {
  const participants = (list(req.params, 'Participant') ?? []).map(parseParticipant);
  if (participants.length > 10) throw new TwilioApiError(400, 50426, `Request contains too many participants: ${participants.length} (at most 10)`);
  const input = conversationInput(req.params);
  checkConversationInput(req.ctx, req.scope.serviceSid, input);
  const identities = new Set<string>();
  for (const p of participants) {
    checkParticipantInput(req.ctx, null, p, 50425);
    if (p.identity && identities.has(p.identity)) throw new TwilioApiError(409, 50433, `Participant already exists: ${p.identity} is listed twice`);
    if (p.identity) identities.add(p.identity);
  }
  const { initialization } = req.ctx;
  const inBackground = initialization.scope === 'always' || participants.some((p) => p.projectedAddress !== undefined);
  if (!inBackground) {
    const c = await createConversation(req.ctx, req.scope.serviceSid, input, req.origin);
    for (const p of participants) await addParticipant(req.ctx, c, p, req.origin, 50425);
    return { status: 201, body: renderConversation(req.ctx.state, req.scope, c) };
  }
  const c = await createConversation(req.ctx, req.scope.serviceSid, { ...input, state: 'initializing' }, req.origin);
  const origin = req.origin;
  req.ctx.background.later(initialization.delayMs, () => initialize(req.ctx, c, participants, input.state ?? 'active', origin));
  return { status: 202, body: renderConversation(req.ctx.state, req.scope, c) };
};

/** The background half: every participant, then the state it was asked for; or closed and released. */
async function initialize(ctx: Ctx, c: ConversationRecord, participants: ParticipantInput[], target: ConversationState, origin: Origin): Promise<void> {
  if (ctx.state.conversations.get(c.sid) !== c) return; // deleted meanwhile
  try {
    if (Math.random() < ctx.initialization.failureRate) throw new Error('injected failure (initialization.failureRate)');
    for (const p of participants) await addParticipant(ctx, c, p, origin, 50425, true);
    changeState(ctx, c, target, 'EVENT', origin);
  } catch (error) {
    for (const p of participantsOf(ctx.state, c.sid)) dropParticipant(ctx.state, p);
    ctx.state.errorLog.push({
      at: ctx.clock.now(),
      code: 50427,
      message: `One or more other errors occurred during multiple participants creation: ${error instanceof Error ? error.message : String(error)}`,
      resourceSid: c.sid,
    });
    changeState(ctx, c, 'closed', 'EVENT', origin);
  }
}

export const conversationWithParticipantsHandlers: Record<string, Handler> = {
  CreateConversationWithParticipants: create,
  CreateServiceConversationWithParticipants: create,
};
