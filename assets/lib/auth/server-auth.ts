// Server auth: `Authorization: Bearer <SERVER_API_TOKEN>` (constant-time) OR a valid
// X-Twilio-Signature, so a backend, Studio and Twilio can all call the same endpoint.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FunctionContext, FunctionEvent } from '../../../runtime/types';
import { HttpError, unauthorized } from '../http/errors';
import { bearerToken, headerValue } from '../http/headers';
import { isValidTwilioSignature, signedRequestOf } from './signature';

/** Compares two secrets in constant time, whatever their lengths (hashing first equalises them). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export type AuthMethod = 'bearer' | 'twilio-signature';

/** Throws 403 unless the request carries a valid Twilio signature for this URL. */
export function requireTwilioSignature(context: FunctionContext, event: FunctionEvent, authToken: string | undefined): void {
  if (!authToken) throw new HttpError('not_configured', 'AUTH_TOKEN is not set: Twilio signatures cannot be checked.');
  const request = signedRequestOf(context, event, authToken);
  if (!request.signature) throw new HttpError('invalid_signature', 'Missing X-Twilio-Signature header.');
  if (request.unsignable) throw new HttpError('invalid_signature', request.unsignable);
  if (!isValidTwilioSignature(request)) {
    throw new HttpError('invalid_signature', 'X-Twilio-Signature does not match this URL and body. Is the webhook URL configured without a query string?');
  }
}

/** Accepts the server bearer token or a Twilio signature; answers 401 for anything else. */
export function requireServerAuth(context: FunctionContext, event: FunctionEvent, secrets: { serverApiToken?: string; authToken?: string }): AuthMethod {
  const authorization = headerValue(event, 'authorization');
  const token = bearerToken(authorization);
  if (token !== undefined) {
    if (secrets.serverApiToken && secretsEqual(token, secrets.serverApiToken)) return 'bearer';
    throw unauthorized('The bearer token is not valid.');
  }
  if (headerValue(event, 'x-twilio-signature') !== undefined) {
    requireTwilioSignature(context, event, secrets.authToken);
    return 'twilio-signature';
  }
  throw unauthorized('Send `Authorization: Bearer <SERVER_API_TOKEN>` or a valid X-Twilio-Signature.');
}
