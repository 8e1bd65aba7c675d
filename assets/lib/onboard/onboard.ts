// The work of /participants/onboard: the right people on the right channels in ONE
// conversation, in as few sequential round trips as possible, idempotently.
//   new conversation, <= 10 participants: ONE ConversationWithParticipants request
//   existing conversation: every add in parallel (bounded), one round
//   an address bound elsewhere (50416/50425): onConflict = reuse | move | fail (+1 round)
import { randomUUID } from 'node:crypto';
import { requireConfig, type Config } from '../platform/config';
import { boundConversationSid, mayHaveBeenApplied, twilioErrorCode, TwilioErrorCodes } from '../platform/twilio-errors';
import {
  conversationsService,
  fetchByUniqueName,
  MAX_PARTICIPANTS_PER_CREATE,
  participantJson,
  timerOptions,
  type ConversationsService,
} from '../conversations/service';
import { HttpError } from '../http/errors';
import { conversationClosed, conversationNotFound } from '../conversations/errors';
import { settledState, type ConversationState } from '../conversations/readiness';
import { participantKey, type NormalisedParticipant, type OnboardRequest } from './input';
import {
  addParticipant,
  describeParticipantError,
  findBoundConversation,
  upsertUser,
  type AddResult,
  type ParticipantError,
} from '../conversations/participants';
import { mapBounded } from '../common/map-bounded';
import { type TwilioClient } from '../platform/twilio-client';

export type ParticipantOutcome = {
  channel: string;
  identity?: string;
  address?: string;
  proxyAddress?: string;
  /** null when the participant was created together with the conversation (one request; Twilio does not return their SIDs). */
  participantSid: string | null;
  outcome: 'added' | 'existing' | 'reused' | 'failed';
  /** Where the participant is, when that is not the answered conversation. */
  conversationSid?: string;
  error?: ParticipantError;
};

/**
 * `state`: `initializing` when Twilio is still creating the participants in the background (send
 * messages once it is active); `active` or `inactive` otherwise.
 */
export type OnboardResult = { conversationSid: string; state: OpenState; created: boolean; reused: boolean; participants: ParticipantOutcome[] };

type OpenState = Exclude<ConversationState, 'closed'>;

// Adds in flight at once: Twilio allows 30 actions per second on one conversation.
const ADD_CONCURRENCY = 10;

type Context = { service: ConversationsService; config: Config; deadlineAt: number };

/** A participant beyond the first 10 while Twilio was still initializing the conversation past the deadline. */
const notYetAdded = (participant: NormalisedParticipant): ParticipantOutcome => ({
  ...describe(participant),
  participantSid: null,
  outcome: 'failed',
  error: { code: 'twilio_unavailable', message: 'Twilio was still creating the conversation; send this participant again.', retriable: true },
});

function describe(participant: NormalisedParticipant): Pick<ParticipantOutcome, 'channel' | 'identity' | 'address' | 'proxyAddress'> {
  return 'identity' in participant
    ? { channel: participant.channel, identity: participant.identity }
    : { channel: participant.channel, address: participant.address, proxyAddress: participant.proxyAddress };
}

const addressInUse = (conversationSid: string | undefined, participant?: NormalisedParticipant) =>
  new HttpError(
    'address_in_use',
    `${participant && 'address' in participant ? participant.address : 'An address'} is already in conversation ` +
      `${conversationSid ?? '(unknown)'} with that proxy address.`,
    {
      details: {
        conversationSid,
        ...(participant ? describe(participant) : {}),
      },
    },
  );

/** Chat participants' Conversations Users get their friendly name and attributes. */
async function upsertChatUsers(ctx: Context, participants: NormalisedParticipant[]): Promise<Map<string, ParticipantError>> {
  const failures = new Map<string, ParticipantError>();
  await Promise.all(
    participants.map(async (participant) => {
      if (!('identity' in participant)) return;
      const friendlyName = 'friendlyName' in participant ? participant.friendlyName : undefined;
      try {
        await upsertUser(ctx.service, participant.identity, friendlyName, participant.attributes);
      } catch (error) {
        failures.set(participant.identity, describeParticipantError(error));
      }
    }),
  );
  return failures;
}

/** Which conversation holds a conflicting binding: named in Twilio's message, else found with one read per address. */
async function conflictingConversation(ctx: Context, error: unknown, participants: NormalisedParticipant[]): Promise<string | undefined> {
  const named = boundConversationSid(error);
  if (named) return named;
  const found = await Promise.all(
    participants.map((participant) =>
      'address' in participant ? findBoundConversation(ctx.service, participant.address, participant.proxyAddress) : undefined,
    ),
  );
  return found.find((sid) => sid !== undefined);
}

async function closeConversation(ctx: Context, conversationSid: string): Promise<void> {
  await ctx.service.conversations(conversationSid).update({ state: 'closed' });
}

/** Adds every participant to an existing conversation in one parallel round, resolving conflicts per onConflict. */
async function addToConversation(
  ctx: Context,
  conversationSid: string,
  request: OnboardRequest,
  participants: NormalisedParticipant[],
): Promise<ParticipantOutcome[]> {
  const add = (participant: NormalisedParticipant) => addParticipant(ctx.service, conversationSid, participant, ctx.deadlineAt);
  const results: AddResult[] = await mapBounded(participants, ADD_CONCURRENCY, add);
  if (results.some((result) => result.kind === 'failed' && result.error.code === 'conversation_not_found')) {
    throw conversationNotFound(conversationSid);
  }
  // Closed is final: Twilio refuses every add, so the answer is about the conversation.
  if (results.some((result) => result.kind === 'failed' && result.error.code === 'conversation_closed')) {
    throw conversationClosed(conversationSid, request.uniqueName);
  }

  // `move`: close the other conversation, then add again (one more round for all of them).
  if (request.onConflict === 'move') {
    const movers = results.flatMap((result, index) =>
      result.kind === 'bound-elsewhere' && result.conversationSid ? [{ index, from: result.conversationSid }] : [],
    );
    await Promise.all([...new Set(movers.map((mover) => mover.from))].map((sid) => closeConversation(ctx, sid)));
    const again = await mapBounded(movers, ADD_CONCURRENCY, (mover) => add(participants[mover.index]!));
    movers.forEach((mover, position) => (results[mover.index] = again[position]!));
  }

  return results.map((result, index): ParticipantOutcome => {
    const base = describe(participants[index]!);
    switch (result.kind) {
      case 'added':
      case 'existing':
        return { ...base, participantSid: result.participantSid ?? null, outcome: result.kind };
      case 'bound-elsewhere':
        return request.onConflict === 'fail'
          ? {
              ...base,
              participantSid: null,
              outcome: 'failed',
              conversationSid: result.conversationSid,
              error: { code: 'address_in_use', message: `Already in conversation ${result.conversationSid ?? '(unknown)'}.` },
            }
          : { ...base, participantSid: null, outcome: 'reused', conversationSid: result.conversationSid };
      case 'failed':
        return { ...base, participantSid: null, outcome: 'failed', error: result.error };
    }
  });
}

/** With onConflict=fail nothing may be added when any address is bound elsewhere: check first (reads only). */
async function refuseBoundAddresses(ctx: Context, conversationSid: string | undefined, participants: NormalisedParticipant[]): Promise<void> {
  await Promise.all(
    participants.map(async (participant) => {
      if (!('address' in participant)) return;
      const bound = await findBoundConversation(ctx.service, participant.address, participant.proxyAddress);
      if (bound && bound !== conversationSid) throw addressInUse(bound, participant);
    }),
  );
}

type ParticipantSidsByKey = Map<string, string>;

/** The conversation's participants by identity or binding (one read of up to 1,000). */
async function listParticipantSids(ctx: Context, conversationSid: string): Promise<ParticipantSidsByKey> {
  const listed = await ctx.service
    .conversations(conversationSid)
    .participants.list({ pageSize: 100, limit: 1_000 })
    .catch(() => []);
  return new Map(
    listed.map((participant) => {
      const binding = participant.messagingBinding as { address?: string; proxy_address?: string } | null;
      return [participantKey({ identity: participant.identity, address: binding?.address, proxyAddress: binding?.proxy_address }), participant.sid];
    }),
  );
}

function fillExistingSids(outcomes: ParticipantOutcome[], sids: ParticipantSidsByKey): ParticipantOutcome[] {
  return outcomes.map((outcome) => {
    if (outcome.participantSid !== null || (outcome.outcome !== 'existing' && outcome.outcome !== 'reused') || outcome.conversationSid) return outcome;
    return { ...outcome, participantSid: sids.get(participantKey(outcome)) ?? null };
  });
}

/**
 * Adds to an existing conversation. Participants that were already there get their SID from
 * the participant list: read in parallel with the adds when one is known to be there (the
 * reused conversation), otherwise afterwards and only when needed (a repeated request), so
 * the common path stays one round whatever the conversation's size.
 */
async function addWithSids(ctx: Context, conversationSid: string, request: OnboardRequest, expectExisting: boolean): Promise<ParticipantOutcome[]> {
  const listing = expectExisting ? listParticipantSids(ctx, conversationSid) : undefined;
  const outcomes = await addToConversation(ctx, conversationSid, request, request.participants);
  const needed = outcomes.some((outcome) => outcome.outcome === 'existing' || (outcome.outcome === 'reused' && !outcome.conversationSid));
  if (!needed) return outcomes;
  return fillExistingSids(outcomes, await (listing ?? listParticipantSids(ctx, conversationSid)));
}

/** The state of a conversation the request adds to: known already, or read alongside the adds (no extra round). */
async function stateOf(ctx: Context, conversationSid: string, known: ConversationState | undefined): Promise<ConversationState> {
  return known ?? (await ctx.service.conversations(conversationSid).fetch()).state;
}

/** The answer's state: closed means Twilio refused the adds, which addToConversation answers already. */
function openState(conversationSid: string, state: ConversationState, uniqueName: string | undefined): OpenState {
  if (state === 'closed') throw conversationClosed(conversationSid, uniqueName);
  return state;
}

async function onboardExisting(ctx: Context, found: Found, request: OnboardRequest): Promise<OnboardResult> {
  const { sid: conversationSid } = found;
  if (request.onConflict === 'fail') await refuseBoundAddresses(ctx, conversationSid, request.participants);
  // Initializing: Twilio refuses adds until it is done (50386); wait for it first.
  const ready = found.state === 'initializing' ? await settledState(ctx.service, conversationSid, found.state, ctx.deadlineAt) : found.state;
  const [outcomes, userFailures, state] = await Promise.all([
    addWithSids(ctx, conversationSid, request, false),
    upsertChatUsers(ctx, request.participants),
    stateOf(ctx, conversationSid, ready),
  ]);
  return {
    conversationSid,
    state: openState(conversationSid, state, request.uniqueName),
    created: false,
    reused: false,
    participants: withUserFailures(outcomes, userFailures),
  };
}

/** A conversation the request names: its SID, and its state when the lookup read it. */
type Found = { sid: string; state?: ConversationState };

/** The conversation a unique name names, refused before any write when it is closed (it keeps its name). */
async function openByUniqueName(ctx: Context, uniqueName: string): Promise<Found | undefined> {
  const found = await fetchByUniqueName(ctx.service, uniqueName);
  if (found?.state === 'closed') throw conversationClosed(found.sid, uniqueName);
  return found ? { sid: found.sid, state: found.state } : undefined;
}

function withUserFailures(outcomes: ParticipantOutcome[], failures: Map<string, ParticipantError>): ParticipantOutcome[] {
  return outcomes.map((outcome) =>
    outcome.identity && failures.has(outcome.identity) && outcome.outcome !== 'failed' ? { ...outcome, error: failures.get(outcome.identity) } : outcome,
  );
}

/** Creates the conversation with its first participants in ONE request; returns its SID and state. */
async function createWithParticipants(
  ctx: Context,
  request: OnboardRequest,
  uniqueName: string,
  first: NormalisedParticipant[],
): Promise<Found & { state: ConversationState }> {
  const options = {
    uniqueName,
    ...(request.friendlyName ? { friendlyName: request.friendlyName } : {}),
    ...(request.attributes ? { attributes: JSON.stringify(request.attributes) } : {}),
    participant: first.map((participant) =>
      participantJson('identity' in participant ? { identity: participant.identity, attributes: participant.attributes } : participant),
    ),
    ...timerOptions(ctx.config),
  };
  try {
    const created = await ctx.service.conversationWithParticipants.create(options);
    return { sid: created.sid, state: created.state };
  } catch (error) {
    // The answer was lost but the create may have happened: the unique name finds it.
    if (!mayHaveBeenApplied(error)) throw error;
    const found = await fetchByUniqueName(ctx.service, uniqueName).catch(() => undefined);
    if (!found) throw error;
    return { sid: found.sid, state: found.state };
  }
}

/**
 * A conversation Twilio answered `initializing`: wait until its participants exist. When their
 * creation failed in the background Twilio closed it: it is removed (which frees its unique
 * name) and the request may be sent again.
 */
async function settleCreated(ctx: Context, created: Found & { state: ConversationState }): Promise<ConversationState> {
  const state = await settledState(ctx.service, created.sid, created.state, ctx.deadlineAt);
  if (state !== 'closed') return state;
  await ctx.service
    .conversations(created.sid)
    .remove()
    .catch(() => undefined);
  throw new HttpError('conversation_failed', 'Twilio could not create the participants and closed the new conversation (error 50427); it was removed: retry.', {
    details: { conversationSid: created.sid },
    headers: { 'Retry-After': '1' },
  });
}

const isBindingConflict = (error: unknown) => {
  const code = twilioErrorCode(error);
  return code === TwilioErrorCodes.addressInUse || code === TwilioErrorCodes.addressPairInUse;
};

async function onboardNew(ctx: Context, request: OnboardRequest): Promise<OnboardResult> {
  const uniqueName = request.uniqueName ?? `onboard-${randomUUID()}`;
  const first = request.participants.slice(0, MAX_PARTICIPANTS_PER_CREATE);
  const rest = request.participants.slice(MAX_PARTICIPANTS_PER_CREATE);
  const users = upsertChatUsers(ctx, request.participants);

  // At most one close-and-retry per non-chat participant for `move`.
  for (let attempt = 0; attempt <= first.length; attempt += 1) {
    let created: Found & { state: ConversationState };
    try {
      created = await createWithParticipants(ctx, request, uniqueName, first);
    } catch (error) {
      // The same request running concurrently created the named conversation first: join it.
      if (request.uniqueName && twilioErrorCode(error) === TwilioErrorCodes.uniqueNameTaken) {
        const existing = await openByUniqueName(ctx, request.uniqueName);
        if (existing) {
          await users;
          return onboardExisting(ctx, existing, request);
        }
      }
      if (!isBindingConflict(error)) {
        await users;
        throw error;
      }
      const bound = await conflictingConversation(ctx, error, first);
      if (request.onConflict === 'fail' || !bound) {
        await users;
        throw addressInUse(bound);
      }
      if (request.onConflict === 'move') {
        await closeConversation(ctx, bound);
        continue;
      }
      // reuse: the customer already has a conversation; everyone joins that one.
      const [outcomes, state] = await Promise.all([addWithSids(ctx, bound, request, true), stateOf(ctx, bound, undefined)]);
      const reused = outcomes.map((outcome) => (outcome.outcome === 'existing' ? { ...outcome, outcome: 'reused' as const } : outcome));
      return {
        conversationSid: bound,
        state: openState(bound, state, undefined),
        created: false,
        reused: true,
        participants: withUserFailures(reused, await users),
      };
    }
    const { sid: conversationSid } = created;
    const state = await settleCreated(ctx, created);
    const inFirst: ParticipantOutcome[] = first.map((participant) => ({ ...describe(participant), participantSid: null, outcome: 'added' }));
    const added = rest.length === 0 ? [] : state === 'initializing' ? rest.map(notYetAdded) : await addToConversation(ctx, conversationSid, request, rest);
    return {
      conversationSid,
      state: openState(conversationSid, state, request.uniqueName),
      created: true,
      reused: false,
      participants: withUserFailures([...inFirst, ...added], await users),
    };
  }
  throw new HttpError('address_in_use', 'The addresses kept conflicting with other conversations; nothing was created.');
}

export async function onboardParticipants(config: Config, client: TwilioClient, request: OnboardRequest, deadlineAt: number): Promise<OnboardResult> {
  const { CONVERSATIONS_SERVICE_SID } = requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
  const ctx: Context = { service: conversationsService(client, CONVERSATIONS_SERVICE_SID), config, deadlineAt };
  if (request.conversationSid) return onboardExisting(ctx, { sid: request.conversationSid }, request);
  if (request.uniqueName) {
    const existing = await openByUniqueName(ctx, request.uniqueName);
    if (existing) return onboardExisting(ctx, existing, request);
  }
  return onboardNew(ctx, request);
}

/** Every participant failed: answer with an error status the caller (or Studio's Fail branch) can act on. */
export function assertSomeSucceeded(result: OnboardResult): OnboardResult {
  const failed = result.participants.filter((participant) => participant.outcome === 'failed');
  if (failed.length === 0 || failed.length < result.participants.length) return result;
  const retriable = failed.every((participant) => participant.error?.retriable);
  const code = retriable
    ? 'twilio_busy'
    : failed.every((participant) => participant.error?.code === 'address_in_use')
      ? 'address_in_use'
      : 'participants_failed';
  throw new HttpError(code, 'No participant could be added.', { details: result, ...(retriable ? { headers: { 'Retry-After': '1' } } : {}) });
}
