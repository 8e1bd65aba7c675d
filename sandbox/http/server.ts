// The HTTP pipeline, one place for everything every request goes through:
// auth -> sandbox-only routes | (timers, route, latency, faults, request validation,
// handler, response validation) -> Twilio-style answer. Errors render in one place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONVERSATIONS_BASE, type Ctx, type Scope } from './api';
import { TwilioApiError, tooManyRequests, serviceUnavailable, unauthorized } from '../errors';
import type { Faults, FaultRecord } from '../faults';
import type { PendingWork } from '../webhook-transport';
import { isAuthorized, parseFlat, readBody, sendJson } from './http-io';
import type { Logger } from '../log';
import { tick } from '../domain/tick';
import { productFor, route, UPSTREAM_HOST_HEADER, type Route } from './router';
import { handleMediaContent, isMediaContentRequest } from './media-content';
import { handleSandboxRoute, type SandboxRouteDeps } from './sandbox-routes';
import { type ConsoleDeps, handleConsole, isConsoleRequest } from '../console/routes';
import type { Contract } from '../validate';
import { bucketOf, syncBucketOf, type RateLimiter } from '../rate-limits';
import { conversationByUniqueName } from '../domain/indexes';
import { syncObjectOf } from '../domain/sync';
import { syncRateLimited } from '../domain/sync-errors';
import type { Product } from '../spec';
import type { FlatParams } from '../validate';

export type ServerDeps = SandboxRouteDeps & {
  console: ConsoleDeps;
  ctx: Ctx;
  rateLimiter: RateLimiter;
  contract: Contract;
  faults: Faults;
  faultLog: FaultRecord[];
  authToken: string;
  failOnViolation: boolean;
  log: Logger;
  /** API requests in progress count as pending work, so idle() also waits for a slow answer (latency faults). */
  pending: PendingWork;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, new TwilioApiError(500, 20500, 'Internal Server Error').toJSON());
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname.replace(/\/$/, '') || '/';
  const upstreamHost = req.headers[UPSTREAM_HOST_HEADER];
  if (isMediaContentRequest(typeof upstreamHost === 'string' ? upstreamHost : undefined, path)) {
    const answered = handleMediaContent(deps, req, res, path, url.searchParams);
    deps.pending.track(answered);
    await answered;
    return;
  }
  // The console page has its own door (a token or cookie besides Basic auth): sandbox/console/access.ts.
  if (isConsoleRequest(path)) return handleConsole(deps.console, req, res, url, path);
  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof TwilioApiError) sendJson(res, error.status, error.toJSON());
    return;
  }
  if (!isAuthorized(req.headers.authorization, deps.ctx.state.accountSid, deps.authToken)) {
    // Twilio's 401 asks the client to authenticate, which twilio-node and curl expect.
    res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
    sendJson(res, 401, unauthorized().toJSON());
    return;
  }
  if (path.startsWith('/sandbox/')) {
    await handleSandboxRoute(deps, { method, path, body, contentType: req.headers['content-type'], query: url.searchParams }, res);
    return;
  }
  const answered = handleApi(deps, req, res, { method, path, body, query: url.searchParams });
  deps.pending.track(answered);
  await answered;
}

async function handleApi(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  request: { method: string; path: string; body: string; query: URLSearchParams },
): Promise<void> {
  const { ctx, contract, faults } = deps;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
  const latency = faults.latency();
  if (latency > 0) await sleep(latency);
  const fault = faults.decide();
  const recordFault = (kind: FaultRecord['kind'], applied: boolean) =>
    deps.faultLog.push({ at: ctx.clock.now(), method: request.method, path: request.path, kind, applied });
  if (fault.kind === '429') {
    recordFault('429', false);
    sendJson(res, 429, tooManyRequests().toJSON());
    return;
  }
  if ((fault.kind === '503' || fault.kind === 'drop') && !fault.applied) {
    recordFault(fault.kind, false);
    return answerFault(res, fault.kind);
  }
  let status: number;
  let payload: unknown;
  let headersOut: Record<string, string> | undefined;
  let op: Route['op'] | undefined;
  try {
    tick(ctx);
    const product = productFor(headers[UPSTREAM_HOST_HEADER], request.path);
    const found = route(contract, product, request.method, request.path);
    op = found.op;
    const params = request.method === 'POST' ? parseFlat(new URLSearchParams(request.body)) : parseFlat(request.query);
    contract.checkRequest(found.op, { params, headers });
    const serviceSid = found.pathParams.ChatServiceSid;
    if (serviceSid !== undefined && serviceSid !== ctx.state.serviceSid)
      throw new TwilioApiError(404, 20404, `The requested resource ${request.path} was not found`);
    if (!deps.rateLimiter.take(rateLimitBucket(ctx, product, found, params))) {
      recordFault('rate-limit', false);
      throw product === 'sync' ? syncRateLimited() : tooManyRequests();
    }
    const scope: Scope = { serviceSid: ctx.state.serviceSid, base: serviceSid ? `${CONVERSATIONS_BASE}/Services/${serviceSid}` : CONVERSATIONS_BASE };
    const origin = { source: 'API' as const, fire: headers['x-twilio-webhook-enabled'] === 'true' };
    const answer = await found.handler({ ctx, op: found.op, path: request.path, pathParams: found.pathParams, params, headers, scope, origin });
    status = answer.status;
    payload = answer.body;
    headersOut = answer.headers;
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    status = error.status;
    payload = error.toJSON();
    op = undefined; // Error bodies are Twilio's error JSON, not in the spec's responses.
  }
  if (op) {
    const errors = contract.checkResponse(op, status, payload);
    if (errors.length) {
      ctx.state.violations.push({ at: Date.now(), method: request.method, path: request.path, status, errors });
      // A response that breaks Twilio's spec is a sandbox bug: always say so, loudly.
      process.stderr.write(`[sandbox] RESPONSE VIOLATES SPEC ${request.method} ${request.path}:\n  ${errors.join('\n  ')}\n`);
      if (deps.failOnViolation) {
        status = 500;
        payload = new TwilioApiError(500, 20500, `Sandbox response violates Twilio's spec: ${errors[0]}`).toJSON();
        headersOut = undefined;
      }
    }
  }
  if (fault.kind === '503' || fault.kind === 'drop') {
    recordFault(fault.kind, true);
    return answerFault(res, fault.kind);
  }
  sendJson(res, status, payload, headersOut);
}

/** The rate-limit bucket a request draws from: Conversations' per Service or conversation, Sync's per object. */
function rateLimitBucket(ctx: Ctx, product: Product, found: Route, params: FlatParams): string | undefined {
  const { operationId } = found.op;
  if (product === 'sync') {
    const uniqueName = typeof params.UniqueName === 'string' ? params.UniqueName : undefined;
    return syncBucketOf(operationId, syncObjectOf(ctx.state, operationId, found.pathParams, uniqueName));
  }
  const named = found.pathParams.ConversationSid;
  const conversationSid = named && (ctx.state.conversations.get(named)?.sid ?? conversationByUniqueName(ctx.state, ctx.state.serviceSid, named)?.sid ?? named);
  return bucketOf(operationId, ctx.state.serviceSid, conversationSid);
}

function answerFault(res: ServerResponse, kind: '503' | 'drop'): void {
  if (kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  sendJson(res, 503, serviceUnavailable().toJSON());
}
