// X-Twilio-Signature, checked in our own code: the local runtime does not check
// protected functions at all, and the URL must be rebuilt exactly as Twilio signed it.
import type { FunctionContext, FunctionEvent } from '../../../runtime/types';
import { headerValue } from '../http/headers';
import { lazy } from '../common/lazy';

const webhooks = lazy(() => require('twilio/lib/webhooks/webhooks') as typeof import('twilio/lib/webhooks/webhooks'));

export type SignedRequest = {
  authToken: string;
  signature: string | undefined;
  /** The full URL Twilio called, with its query string (for JSON bodies: `?bodySHA256=...`). */
  url: string;
  /** Form parameters (POST body) for form requests. */
  params?: Record<string, unknown>;
  /** The raw body for JSON requests, checked against `bodySHA256`. */
  rawBody?: string;
  /** Why no signature can cover this body (it is then refused, whatever the signature). */
  unsignable?: string;
};

/**
 * A form value as Twilio signs it: text, or a list of texts (a repeated key). Anything else
 * (an object or a number from a JSON body) would be signed as "[object Object]" or "1", so
 * one signature would fit any value: such a body is never signed.
 */
const isSignedFormValue = (value: unknown): boolean => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** True when `signature` is Twilio's HMAC-SHA1 of the request (constant-time compare in twilio-node). */
export function isValidTwilioSignature({ authToken, signature, url, params, rawBody, unsignable }: SignedRequest): boolean {
  if (!signature || signature.length > 64 || unsignable !== undefined) return false;
  if (rawBody !== undefined) return webhooks().validateRequestWithBody(authToken, signature, url, rawBody);
  return webhooks().validateRequest(authToken, signature, url, (params ?? {}) as Record<string, string>);
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * The request as Twilio signed it, rebuilt from the Function context: https + DOMAIN_NAME + PATH.
 * Only two kinds of body count as signed: a form (every value text) and JSON whose
 * `bodySHA256` query parameter matches it. A JSON body without one has no signature to check.
 * Local runtimes serve plain http on loopback, so those are rebuilt with http. Functions
 * are not told the query string: configure webhook URLs without one. For JSON bodies
 * Twilio adds `bodySHA256` to the query; the runtime only gives us the parsed body, so
 * it is re-serialised (compact JSON, the form Twilio sends).
 */
export function signedRequestOf(context: FunctionContext, event: FunctionEvent, authToken: string): SignedRequest {
  const domain = String(context.DOMAIN_NAME ?? '');
  const scheme = LOCAL_HOST.test(domain) ? 'http' : 'https';
  const url = `${scheme}://${domain}${String(context.PATH ?? '')}`;
  const signature = headerValue(event, 'x-twilio-signature');
  const { request: _request, bodySHA256, ...params } = event;
  if (typeof bodySHA256 === 'string') {
    return { authToken, signature, url: `${url}?bodySHA256=${encodeURIComponent(bodySHA256)}`, rawBody: JSON.stringify(params) };
  }
  // Only form bodies are signed parameter by parameter; JSON is signed through bodySHA256 alone.
  if (/^application\/json/i.test(headerValue(event, 'content-type') ?? '')) {
    return {
      authToken,
      signature,
      url,
      params,
      unsignable: 'Twilio signs a JSON body only through its bodySHA256 query parameter, and this request has none.',
    };
  }
  if (!Object.values(params).every(isSignedFormValue)) {
    return { authToken, signature, url, params, unsignable: 'Only form bodies, every value text, are signed parameter by parameter.' };
  }
  return { authToken, signature, url, params };
}
