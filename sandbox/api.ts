// Types shared by the REST handlers: the request a handler gets, what it answers, and
// small readers for flat form/query parameters.
import type { Clock } from './clock';
import type { Deliveries } from './deliveries';
import type { Events, Origin } from './events';
import type { Operation } from './spec';
import type { SandboxState } from './state';
import type { FlatParams } from './validate';

export type Limits = { participantsPerConversation: number; nonChatParticipantsPerConversation: number; webhooksPerConversation: number };

export type Ctx = {
  state: SandboxState;
  clock: Clock;
  events: Events;
  deliveries: Deliveries;
  limits: Limits;
};

/** Where a Conversations resource lives: the default-service short paths or /v1/Services/{IS}. */
export type Scope = { serviceSid: string; base: string };

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

export type ApiResponse = { status: 200 | 201 | 204; body?: unknown };

export type Handler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export const CONVERSATIONS_BASE = 'https://conversations.twilio.com/v1';
export const STUDIO_BASE = 'https://studio.twilio.com/v2';
export const FLEX_BASE = 'https://flex-api.twilio.com/v1';

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
