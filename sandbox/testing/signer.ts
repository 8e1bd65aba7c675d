// The one signer for tests and benchmarks: X-Twilio-Signature computed by twilio-node's own
// getExpectedTwilioSignature (what Twilio's servers compute), for form bodies and for JSON
// bodies with bodySHA256, as Twilio signs them.
import { createHash } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/** The X-Twilio-Signature Twilio sends for a form POST of `params` to `url`. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string> = {}): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** A JSON POST as Twilio signs one: `?bodySHA256=<hex>` added to the URL, which alone is signed. */
export function signedJsonRequest(authToken: string, url: string, body: string): { url: string; signature: string } {
  const signedUrl = `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
  return { url: signedUrl, signature: twilioSignature(authToken, signedUrl) };
}
