// Reading requests and writing answers: flat form parsing (`MessagingBinding.Address` is
// one key; a repeated key becomes a list), JSON for sandbox-only routes, Basic auth.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { TwilioApiError } from '../errors';
import type { FlatParams } from '../validate';

/** Twilio's documented request size limit is far above this; 1 MB keeps a bad client from exhausting memory. */
const MAX_BODY_BYTES = 1_048_576;

export function readBody(req: IncomingMessage): Promise<string> {
  return readBytes(req, MAX_BODY_BYTES, 'Request body too large').then((bytes) => bytes.toString('utf8'));
}

/** The body as bytes, refused with a 400 (and the connection closed) past `maxBytes`. */
export function readBytes(req: IncomingMessage, maxBytes: number, tooLarge: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new TwilioApiError(400, 20001, tooLarge));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseFlat(search: URLSearchParams): FlatParams {
  const out: FlatParams = {};
  for (const [key, value] of search) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** Body of a sandbox-only route: form or JSON, flattened to strings. */
export function parseLooseBody(body: string, contentType: string | undefined): FlatParams {
  if (!body.trim()) return {};
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
    );
  }
  return parseFlat(new URLSearchParams(body));
}

/** Compares secrets in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function isAuthorized(header: string | undefined, accountSid: string, authToken: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return safeEqual(decoded.slice(0, colon), accountSid) && safeEqual(decoded.slice(colon + 1), authToken);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
