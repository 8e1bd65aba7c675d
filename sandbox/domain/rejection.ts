// What the REST caller gets when a pre-event webhook rejects an action (answers 4xx/5xx).
// GUESS (see README): Twilio's exact status and code are undocumented; 400 and code 50000
// were chosen so callers can tell this apart from validation errors (20001).
import { TwilioApiError } from '../errors';
import type { PreOutcome } from './events';

export function throwIfRejected(outcome: PreOutcome): void {
  if (outcome.kind !== 'rejected') return;
  throw new TwilioApiError(400, 50000, `The action was rejected by your ${outcome.eventType} pre-event webhook (HTTP ${outcome.status})`);
}
