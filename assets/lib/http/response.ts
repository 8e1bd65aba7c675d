// The runtime's Response for an answer: JSON, never cached.
import type { TwilioResponse } from '../../../runtime/types';
import type { Rendered } from './errors';

/** Builds the runtime's Response (Twilio.Response is a global of the Functions runtime). */
export function toTwilioResponse({ status, body, headers }: Rendered): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'application/json');
  response.appendHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) response.appendHeader(name, value);
  if (status !== 204) response.setBody(body as object);
  return response;
}
