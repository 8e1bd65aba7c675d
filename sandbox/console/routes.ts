// The console's routes (documented in sandbox/README.md):
//   GET  /                                  the page (?token=... once: sets the cookie, then redirects to /)
//   GET  /console/console.js, console.css   its script and style
//   GET  /console/api/setup                 the proxy addresses, whether hand-off can be called, the clock
//   GET  /console/api/conversations         the newest conversations, with channels and latest message
//   GET  /console/api/conversations/{CH}    one conversation: participants, thread, refused messages, webhooks, Studio
//   GET  /console/api/webhooks              the webhook log (?conversation=CH...&event=onMessageAdd), newest first
//   POST /console/api/inbound               { channel, from, to, body }: a customer texts in
//   POST /console/api/chat                  { conversationSid, identity, body }: a chat participant writes
//   POST /console/api/handoff               { conversationSid }: Studio's menu calls /studio/handoff
//   POST /console/api/clock                 { minutes }: the sandbox clock moves on
//   POST /console/api/delivery-failures     { address, status, errorCode? }: deliveries to an address fail
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx } from '../domain/context';
import { invalidParameter, TwilioApiError } from '../errors';
import { readBody, sendJson } from '../http/http-io';
import { CONVERSATION_SID, failDeliveries, handOff, moveClock, textIn, type ConsoleTarget, writeAsChat } from './actions';
import { checkAccess, cookieName, type ConsoleCredentials } from './access';
import { isAsset, readAsset } from './assets';
import { conversationDetail, conversationList, setupView, webhookLog } from './views';

export type ConsoleDeps = { ctx: Ctx; credentials: ConsoleCredentials; target: ConsoleTarget };

/** Console bodies are a few fields; anything bigger is a mistake or an attack. */
const MAX_ACTION_BYTES = 16_384;

const SECURITY_HEADERS: Record<string, string> = {
  // Everything comes from the sandbox itself: nothing is loaded from the internet, nothing inline runs.
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function isConsoleRequest(path: string): boolean {
  return isAsset(path) || path === FAVICON || path.startsWith('/console/');
}

/** Browsers ask for it unasked; without an answer they would get the API's 401 and its Basic-auth prompt. */
const FAVICON = '/favicon.ico';

const ACTIONS: Record<string, (deps: ConsoleDeps, input: unknown) => unknown> = {
  '/console/api/inbound': ({ ctx }, input) => textIn(ctx, input),
  '/console/api/chat': ({ ctx }, input) => writeAsChat(ctx, input),
  '/console/api/handoff': ({ ctx, target }, input) => handOff(ctx, target, input),
  '/console/api/clock': ({ ctx }, input) => moveClock(ctx, input),
  '/console/api/delivery-failures': ({ ctx }, input) => failDeliveries(ctx, input),
};

const CONVERSATION_PATH = /^\/console\/api\/conversations\/(CH[0-9a-f]{32})$/;

function refusalPage(res: ServerResponse, status: number, reason: string, askForCredentials: boolean): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox console</title></head><body><main><h1>Sandbox console</h1><p>${escapeHtml(reason)}.</p><p>The link is in what <code>npm start</code> printed, and in <code>.sandbox/env.json</code> (consoleUrl).</p></main></body></html>`;
  res.writeHead(status, {
    ...(askForCredentials ? { 'WWW-Authenticate': 'Basic realm="Twilio sandbox console"' } : {}),
    'Content-Type': 'text/html; charset=utf-8',
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readJson(text: string): unknown {
  if (Buffer.byteLength(text) > MAX_ACTION_BYTES) throw invalidParameter(`The body must be at most ${MAX_ACTION_BYTES} bytes`);
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw invalidParameter('The body must be JSON');
  }
}

export async function handleConsole(deps: ConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
  // Every answer of the console carries them, whatever route or refusal it comes from.
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (path === FAVICON) {
    res.writeHead(204);
    res.end();
    return;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const port = req.socket.localPort ?? 0;
  const access = checkAccess(req, url.searchParams, port, deps.credentials);
  if (access.kind === 'refused') {
    if (path === '/') return refusalPage(res, access.status, access.reason, access.status === 401);
    return sendJson(res, access.status, new TwilioApiError(access.status, access.status === 401 ? 20003 : 20403, access.reason).toJSON());
  }
  if (access.kind === 'token-link') {
    // The token goes into a cookie no script can read (HttpOnly) and no other site's request
    // carries (SameSite=Strict); the address without it replaces the one with it.
    res.writeHead(303, {
      Location: path,
      'Set-Cookie': `${cookieName(port)}=${deps.credentials.token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end();
    return;
  }
  try {
    if (method === 'GET') return await answerRead(deps, res, url, path);
    const action = ACTIONS[path];
    if (method !== 'POST' || !action) throw new TwilioApiError(404, 20404, `No console route ${method} ${path}`);
    const input = readJson(await readBody(req));
    return sendJson(res, 200, await action(deps, input));
  } catch (error) {
    if (error instanceof TwilioApiError) return sendJson(res, error.status, error.toJSON());
    throw error;
  }
}

async function answerRead(deps: ConsoleDeps, res: ServerResponse, url: URL, path: string): Promise<void> {
  const { state } = deps.ctx;
  if (isAsset(path)) {
    const asset = await readAsset(path);
    if (!asset) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The console is not built: run npm run build (npm start and npm test do).\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.content.length });
    res.end(asset.content);
    return;
  }
  if (path === '/console/api/setup') return sendJson(res, 200, setupView(deps.ctx, deps.target.functionsUrl !== undefined));
  if (path === '/console/api/conversations') return sendJson(res, 200, conversationList(state));
  const one = CONVERSATION_PATH.exec(path);
  if (one) {
    const detail = conversationDetail(state, one[1]!);
    if (!detail) throw new TwilioApiError(404, 20404, `Conversation ${one[1]} was not found`);
    return sendJson(res, 200, detail);
  }
  if (path === '/console/api/webhooks') {
    const conversation = url.searchParams.get('conversation') || undefined;
    const event = url.searchParams.get('event') || undefined;
    if (conversation !== undefined && !CONVERSATION_SID.test(conversation)) throw invalidParameter('conversation must be a Conversation SID (CH + 32 hex)');
    if (event !== undefined && !/^on[A-Za-z]{1,40}$/.test(event)) throw invalidParameter('event must be an event type, like onMessageAdd');
    return sendJson(res, 200, webhookLog(state, { conversationSid: conversation, eventType: event }));
  }
  throw new TwilioApiError(404, 20404, `No console route GET ${path}`);
}
