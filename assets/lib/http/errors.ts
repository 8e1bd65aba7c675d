// The one error type, and the ONE place an error becomes an answer. Every error answer has
// the shape { error: { code, message, details? } }, its status from the code's row in
// ERROR_CODES; a 500 never carries its cause.
import { ERROR_CODES, type ErrorCode } from './error-codes';
import type { ErrorStatus, SuccessStatus } from './statuses';

export type Headers = Record<string, string>;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class HttpError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers: Headers;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown; headers?: Headers } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.status = ERROR_CODES[code].status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** 401 for server endpoints, with the challenge browsers and clients expect. */
export const unauthorized = (message: string) => new HttpError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });

export type Rendered = { status: SuccessStatus | ErrorStatus; body: unknown; headers: Headers };

/** The ONE place an error becomes an answer: anything that is not an HttpError is a 500 that says nothing more. */
export function renderError(error: unknown): Rendered {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body, headers: error.headers };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Internal error. The cause was logged.' } } satisfies ErrorBody,
    headers: {},
  };
}
