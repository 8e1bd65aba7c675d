// Who may open the console: whoever holds the sandbox's credentials (Basic auth, the Account
// SID and Auth Token) or the console token `npm start` prints. The link with the token sets
// a cookie and the address bar forgets the token. The console acts on the sandbox, so it also
// refuses what a web page elsewhere could make a browser send: another Host (DNS rebinding),
// another Origin, or a write that is not JSON (a form post needs no preflight).
import type { IncomingMessage } from 'node:http';
import { isAuthorized, safeEqual } from '../http/http-io';

export type ConsoleCredentials = { accountSid: string; authToken: string; token: string };

export type Access = { kind: 'allowed' } | { kind: 'token-link' } | { kind: 'refused'; status: 401 | 403; reason: string };

/** Cookies do not keep ports apart: each sandbox names its cookie after its own. */
export const cookieName = (port: number) => `sandbox_console_${port}`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The hosts the sandbox answers as: it listens on 127.0.0.1 only. */
function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkAccess(req: IncomingMessage, query: URLSearchParams, port: number, credentials: ConsoleCredentials): Access {
  const host = req.headers.host ?? '';
  if (!ownHosts(port).includes(host))
    return { kind: 'refused', status: 403, reason: `The console answers at http://127.0.0.1:${port} only, not as ${host || 'no host'}` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { kind: 'refused', status: 403, reason: `Requests from ${origin} may not use the console` };
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return { kind: 'refused', status: 403, reason: 'Console actions take a JSON body (Content-Type: application/json)' };
  }
  // The link first: even someone signed in gets the token out of the address bar.
  const offered = query.get('token');
  if (method === 'GET' && offered !== null && safeEqual(offered, credentials.token)) return { kind: 'token-link' };
  if (isAuthorized(req.headers.authorization, credentials.accountSid, credentials.authToken)) return { kind: 'allowed' };
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  if (cookie !== undefined && safeEqual(cookie, credentials.token)) return { kind: 'allowed' };
  return { kind: 'refused', status: 401, reason: 'Open the console with the link npm start printed, or sign in with the sandbox Account SID and Auth Token' };
}
