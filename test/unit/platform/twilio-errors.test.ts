// The one classifier of Twilio failures, fed what twilio-node really throws: RestExceptions
// built from Twilio's error bodies (and from bodies that are not JSON), and the network
// errors of its HTTP client. Every status and code is generated, not only the named ones.
import fc from 'fast-check';
import {
  boundConversationSid,
  classifyTwilioFailure,
  ignoreNotFound,
  isInFlight,
  isNotFound,
  mayHaveBeenApplied,
  twilioErrorCode,
  TwilioErrorCodes,
} from '../../../assets/lib/platform/twilio-errors';
import { HttpError } from '../../../assets/lib/http/errors';
import { restException } from '../../../sandbox/testing/rest-exception';
import { runCount } from '../../support/run-counts';

const RUNS = runCount('PROPERTY_RUNS', 300);
const LIMITS = [TwilioErrorCodes.participantLimit, TwilioErrorCodes.participantLimitService, TwilioErrorCodes.nonChatParticipantLimit];
const CONFLICTS = [
  TwilioErrorCodes.userExists,
  TwilioErrorCodes.uniqueNameTaken,
  TwilioErrorCodes.uniqueNameInFlux,
  TwilioErrorCodes.addressInUse,
  TwilioErrorCodes.addressPairInUse,
  TwilioErrorCodes.participantExists,
  TwilioErrorCodes.groupParticipantExists,
];
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

/** What the kind must be for a status and code, stated once from Twilio's meanings. */
function expectedKind(status: number, code: number): string {
  if (status === 404) return 'not_found';
  if (status === 429) return 'busy';
  if (status >= 500) return 'ambiguous';
  if ((LIMITS as number[]).includes(code)) return 'limit';
  if (status === 409 || (CONFLICTS as number[]).includes(code)) return 'conflict';
  return 'rejected';
}

describe('classifyTwilioFailure', () => {
  it('classifies every Twilio error answer by status first, then by code', () => {
    const status = fc.integer({ min: 400, max: 599 });
    const code = fc.oneof(fc.integer({ min: 20_000, max: 99_999 }), fc.constantFrom(...LIMITS, ...CONFLICTS, 20404, 20429));
    fc.assert(
      fc.property(status, code, (s, c) => {
        const failure = classifyTwilioFailure(restException(s, { code: c, message: 'refused' }));
        expect(failure).toEqual({ kind: expectedKind(s, c), status: s, code: c });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([502, 503, 504, 404, 429])('classifies a %i whose body is not JSON (an edge proxy page) by its status', (status) => {
    const failure = classifyTwilioFailure(restException(status, '<html><body>Bad Gateway</body></html>'));
    expect(failure).toEqual({ kind: expectedKind(status, 0), status });
    expect(twilioErrorCode(restException(status, 'not json'))).toBeUndefined();
  });

  it.each([
    ['ECONNABORTED', 'in_flight'],
    ['ETIMEDOUT', 'in_flight'],
    ['ECONNREFUSED', 'unavailable'],
    ['EAI_AGAIN', 'unavailable'],
    ['ENOTFOUND', 'unavailable'],
    ['ECONNRESET', 'ambiguous'],
    ['EPIPE', 'ambiguous'],
    ['ERR_BAD_RESPONSE', 'ambiguous'],
  ])('classifies the network error %s as %s', (code, kind) => {
    expect(classifyTwilioFailure(networkError(code))).toEqual({ kind });
  });

  it('is not fooled by errors that only look like Twilio’s: our own HttpError, plain objects, other failures', () => {
    expect(classifyTwilioFailure(new HttpError('conversation_not_found', 'gone'))).toBeUndefined();
    expect(classifyTwilioFailure({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404', message: 'x' })).toBeUndefined();
    expect(classifyTwilioFailure(new TypeError('a bug of ours'))).toBeUndefined();
    expect(classifyTwilioFailure(networkError('ERR_SOMETHING_ELSE'))).toBeUndefined();
    for (const value of [undefined, null, 0, '404', []]) expect(classifyTwilioFailure(value)).toBeUndefined();
  });
});

describe('the questions every module asks', () => {
  it('mayHaveBeenApplied: only when Twilio may have acted (5xx, lost connection, unreachable, timed out), never after a 429 or 4xx', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
        expect(mayHaveBeenApplied(restException(status, { code: 20000, message: 'x' }))).toBe(status >= 500);
      }),
      { numRuns: RUNS },
    );
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']) expect(mayHaveBeenApplied(networkError(code))).toBe(true);
    expect(mayHaveBeenApplied(new Error('ours'))).toBe(false);
  });

  it('isInFlight only for our own timed-out attempt', () => {
    expect(isInFlight(networkError('ECONNABORTED'))).toBe(true);
    expect(isInFlight(networkError('ECONNRESET'))).toBe(false);
    expect(isInFlight(restException(504, { code: 20504, message: 'timeout' }))).toBe(false);
  });

  it('ignoreNotFound swallows only a 404', () => {
    expect(ignoreNotFound(restException(404, { code: 20404, message: 'gone' }))).toBeUndefined();
    expect(isNotFound(restException(404, '404 page'))).toBe(true);
    const conflict = restException(409, { code: 50416, message: 'bound' });
    expect(() => ignoreNotFound(conflict)).toThrow(conflict);
    expect(() => ignoreNotFound(new HttpError('not_found', 'ours'))).toThrow('ours');
  });

  it('boundConversationSid reads the CH sid Twilio names in a binding conflict, and nothing else', () => {
    const sid = 'CH' + '0123456789abcdef'.repeat(2);
    const message = `A binding for this participant and proxy address already exists in Conversation ${sid}`;
    expect(boundConversationSid(restException(409, { code: 50416, message }))).toBe(sid);
    expect(boundConversationSid(restException(409, { code: 50416, message: 'already exists in Conversation CH123' }))).toBeUndefined();
    expect(boundConversationSid(new Error(message))).toBeUndefined();
  });
});
