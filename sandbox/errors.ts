// One error type that knows how to render itself as Twilio's REST error JSON:
// { code, message, more_info, status }. Every handler throws it; the server renders it.

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 412 | 429 | 500 | 503;

export type TwilioErrorBody = { code: number; message: string; more_info: string; status: number };

export class TwilioApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toJSON(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

export const notFound = (what: string, path: string): TwilioApiError =>
  new TwilioApiError(404, 20404, `The requested resource ${path} was not found${what ? ` (${what})` : ''}`);

/** Twilio answers malformed or missing parameters with 400 and (mostly) code 20001. */
export const invalidParameter = (message: string): TwilioApiError => new TwilioApiError(400, 20001, message);

export const unauthorized = (): TwilioApiError => new TwilioApiError(401, 20003, 'Authentication Error - invalid username or password');

export const tooManyRequests = (): TwilioApiError => new TwilioApiError(429, 20429, 'Too Many Requests');

export const serviceUnavailable = (): TwilioApiError => new TwilioApiError(503, 20503, 'Service Unavailable');

/**
 * Closed is final: https://www.twilio.com/docs/api/errors/50377 ("Can't update conversation as
 * it's in final closed state"). Documented for updates; that adding messages or participants
 * answers the same code is inferred, and the HTTP status (400) is not documented.
 */
export const conversationClosed = (sid: string, what: string): TwilioApiError =>
  new TwilioApiError(400, 50377, `Can't update conversation as it's in final closed state: ${what} (Conversation ${sid})`);

/**
 * https://www.twilio.com/docs/api/errors/50386: while `initializing`, a conversation "may not be
 * updated or used for message sending". The HTTP status (400) is not documented.
 */
export const conversationInitializing = (sid: string, what: string): TwilioApiError =>
  new TwilioApiError(400, 50386, `Conversation is in initializing state: ${what} until it is active (Conversation ${sid})`);
