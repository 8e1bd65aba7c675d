// Reading request headers as the Functions runtime hands them over (lower-cased names).
import type { FunctionEvent } from '../../../runtime/types';

/** One header value; a repeated header (an array) counts as absent, it is never guessed at. */
export function headerValue(event: FunctionEvent, name: string): string | undefined {
  const value = event.request?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
