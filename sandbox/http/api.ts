// Types shared by the REST handlers: the request a handler gets, what it answers, and
// small readers for flat form/query parameters.
import type { Ctx, Scope } from '../domain/context';
import type { Origin } from '../domain/events';
import type { Operation } from '../spec';
import type { FlatParams } from '../validate';
export type { Ctx, Limits, Scope } from '../domain/context';
export { CONVERSATIONS_BASE, FLEX_BASE, STUDIO_BASE, SYNC_BASE } from '../domain/context';

export type ApiRequest = {
  ctx: Ctx;
  op: Operation;
  path: string;
  pathParams: Record<string, string>;
  params: FlatParams;
  headers: Record<string, string | undefined>;
  scope: Scope;
  origin: Origin;
};

/** `headers`: response headers beyond Content-Type (Sync's ETag). */
export type ApiResponse = { status: 200 | 201 | 202 | 204; body?: unknown; headers?: Record<string, string> };

export type Handler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export function str(params: FlatParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

export function list(params: FlatParams, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

export function int(params: FlatParams, name: string): number | undefined {
  const value = str(params, name);
  return value === undefined ? undefined : Number(value);
}

export function bool(params: FlatParams, name: string): boolean | undefined {
  const value = str(params, name);
  return value === undefined ? undefined : value === 'true';
}
