// A 404 from Twilio while cleaning up or re-reading means the resource is already gone:
// for a delete that is success, and for a post-event about a deleted conversation, nothing to do.
import { isTwilioRestError } from './twilio.private';

export function isNotFound(error: unknown): boolean {
  return isTwilioRestError(error) && error.status === 404;
}

/** For `.catch()`: swallows a 404 (resolves undefined), rethrows anything else. */
export function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}
