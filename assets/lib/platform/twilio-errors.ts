// The ONE classifier of Twilio failures. twilio-node throws a RestException (status, code,
// message, moreInfo) when Twilio answers an error, and axios/node errors when it does not
// answer at all. Every module decides from the kind, never from statuses or codes of its own.
// Codes: https://www.twilio.com/docs/api/errors

import RestException from 'twilio/lib/base/RestException';

// By class, not by shape: an answer without a JSON body (a 502 page from an edge proxy)
// still throws a RestException, only without code and moreInfo; and our own HttpError has a
// status too, which must never pass for Twilio's.
function isTwilioRestError(error: unknown): error is RestException {
  return error instanceof RestException && typeof error.status === 'number';
}

/**
 * - `not_found`: the resource is not there (404).
 * - `busy`: rate limited (429), refused before it was applied: always safe to send again.
 * - `unavailable`: Twilio could not be reached at all (refused connection, DNS).
 * - `ambiguous`: a 5xx or a connection lost mid-way: the action may or may not have been applied.
 * - `in_flight`: our attempt timed out: the request may still be applied AFTER a look for it finds nothing.
 * - `limit`: a Conversations limit is reached (participants per conversation and the like).
 * - `conflict`: the resource exists already, or is bound elsewhere (409, or a conflict code).
 * - `rejected`: any other refusal of the request (4xx).
 */
type TwilioFailureKind = 'not_found' | 'busy' | 'unavailable' | 'ambiguous' | 'in_flight' | 'limit' | 'conflict' | 'rejected';

export type TwilioFailure = { kind: TwilioFailureKind; status?: number; code?: number };

/** The Conversations error codes the functions act on. */
export const TwilioErrorCodes = {
  notFound: 20404,
  tooManyRequests: 20429,
  userExists: 50201,
  uniqueNameTaken: 50353,
  uniqueNameInFlux: 50391,
  addressInUse: 50416,
  participantLimit: 50417,
  participantLimitService: 50418,
  nonChatParticipantLimit: 50422,
  addressPairInUse: 50425,
  participantExists: 50433,
  groupParticipantExists: 50437,
  conversationClosed: 50377,
  conversationInitializing: 50386,
  // Sync (shared state): a unique name taken (409), a conditional update that lost (412).
  syncUniqueNameTaken: 54301,
  syncRevisionMismatch: 54103,
} as const;

const LIMIT_CODES = new Set<number>([TwilioErrorCodes.participantLimit, TwilioErrorCodes.participantLimitService, TwilioErrorCodes.nonChatParticipantLimit]);
const CONFLICT_CODES = new Set<number>([
  TwilioErrorCodes.userExists,
  TwilioErrorCodes.uniqueNameTaken,
  TwilioErrorCodes.uniqueNameInFlux,
  TwilioErrorCodes.addressInUse,
  TwilioErrorCodes.addressPairInUse,
  TwilioErrorCodes.participantExists,
  TwilioErrorCodes.groupParticipantExists,
  TwilioErrorCodes.syncUniqueNameTaken,
]);

const TIMEOUTS = new Set(['ECONNABORTED', 'ETIMEDOUT']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE']);

/** What kind of Twilio failure `error` is; undefined for anything that is not one (a bug of ours, say). */
export function classifyTwilioFailure(error: unknown): TwilioFailure | undefined {
  if (isTwilioRestError(error)) {
    const { status } = error;
    const code = typeof error.code === 'number' ? error.code : undefined;
    const kind: TwilioFailureKind =
      status === 404
        ? 'not_found'
        : status === 429
          ? 'busy'
          : status >= 500
            ? 'ambiguous'
            : code !== undefined && LIMIT_CODES.has(code)
              ? 'limit'
              : status === 409 || (code !== undefined && CONFLICT_CODES.has(code))
                ? 'conflict'
                : 'rejected';
    return { kind, status, ...(code !== undefined ? { code } : {}) };
  }
  const networkCode = (error as { code?: unknown } | null)?.code;
  if (typeof networkCode !== 'string') return undefined;
  if (TIMEOUTS.has(networkCode)) return { kind: 'in_flight' };
  if (UNREACHABLE.has(networkCode)) return { kind: 'unavailable' };
  if (CONNECTION_LOST.has(networkCode)) return { kind: 'ambiguous' };
  return undefined;
}

const kindOf = (error: unknown) => classifyTwilioFailure(error)?.kind;

/** Twilio's error code of a RestException, for the few conflicts that are told apart by code. */
export function twilioErrorCode(error: unknown): number | undefined {
  return isTwilioRestError(error) && typeof error.code === 'number' ? error.code : undefined;
}

export const isNotFound = (error: unknown): boolean => kindOf(error) === 'not_found';

/** For `.catch()`: swallows a 404 (resolves undefined), rethrows anything else. */
export function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

/** Twilio was asked and may have applied a create (5xx, connection lost, unreachable): look before sending again. */
export const mayHaveBeenApplied = (error: unknown): boolean => ['ambiguous', 'unavailable', 'in_flight'].includes(kindOf(error) ?? '');

/** Our attempt timed out: the request may still land. A create is never re-sent in the same call. */
export const isInFlight = (error: unknown): boolean => kindOf(error) === 'in_flight';

/** The conversation an address is already bound to: Twilio names it in the 50416/50425 message. */
export function boundConversationSid(error: unknown): string | undefined {
  if (!isTwilioRestError(error)) return undefined;
  return /\bCH[0-9a-f]{32}\b/.exec(error.message)?.[0];
}
