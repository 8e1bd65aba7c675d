// JSON responses, the one error type, and CORS. Every error answer has the shape
// { error: { code, message, details? } }; a 500 never carries its cause.
import type { TwilioResponse } from '../../../runtime/types';

export type SuccessStatus = 200 | 201 | 202 | 204;
export type ClientErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429;
export type ServerErrorStatus = 500 | 502 | 503 | 504;
export type ErrorStatus = ClientErrorStatus | ServerErrorStatus;
export type Headers = Record<string, string>;

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export class HttpError extends Error {
  readonly status: ErrorStatus;
  readonly code: string;
  readonly details?: unknown;
  readonly headers: Headers;

  constructor(status: ErrorStatus, code: string, message: string, options: { details?: unknown; cause?: unknown; headers?: Headers } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, { details });
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
export const forbidden = (code: string, message: string) => new HttpError(403, code, message);
export const notFound = (code: string, message: string) => new HttpError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, { details });

export type Rendered = { status: SuccessStatus | ErrorStatus; body: unknown; headers: Headers };

/** The ONE place an error becomes an answer. Returns whether the cause must be logged (unexpected errors). */
export function renderError(error: unknown): Rendered & { unexpected: boolean } {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body, headers: error.headers, unexpected: error.status >= 500 && error.code === 'internal_error' };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Internal error. The cause was logged.' } } satisfies ErrorBody,
    headers: {},
    unexpected: true,
  };
}

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

const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type';

/** CORS headers for an allowed origin; none at all for any other origin (the browser then blocks the answer). */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Headers {
  if (!origin || !allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/**
 * Functions are not told the HTTP method. A CORS preflight is recognised by its
 * Access-Control-Request-Method header (browsers always send it on OPTIONS).
 */
export function isPreflight(headers: Record<string, unknown>): boolean {
  return typeof headers['access-control-request-method'] === 'string';
}
