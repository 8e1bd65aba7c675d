// The runtime's Response for an answer: JSON (or, for an endpoint that offers it, text), never cached.
import type { TwilioResponse } from '../../../runtime/types';
import type { Rendered } from './errors';

/**
 * A text answer (the transcript's `format=text`): sent as it is with its own Content-Type.
 * Only an instance of this class is sent as text; any other body is JSON.
 */
export class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: 'text/plain; charset=utf-8' = 'text/plain; charset=utf-8',
  ) {}
}

/** Builds the runtime's Response (Twilio.Response is a global of the Functions runtime). */
export function toTwilioResponse({ status, body, headers }: Rendered): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', body instanceof TextBody ? body.contentType : 'application/json');
  response.appendHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) response.appendHeader(name, value);
  if (status !== 204) response.setBody(body instanceof TextBody ? body.text : (body as object));
  return response;
}
