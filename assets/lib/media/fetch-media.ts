// Fetching a caller's URL from inside the Function: an SSRF risk. request-filtering-agent checks
// the address each connection actually reaches (after DNS, on every redirect, since each hop is a
// new request through it) and refuses private, loopback, link-local and metadata addresses.
// Redirects are followed here (at most 3), each one through the same checks; the body is read
// up to the size cap and no further; a connect timeout and a total one end inside the deadline.
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { HttpError } from '../http/errors';
import { checkMediaUrl, mediaUrlForbidden } from './url-policy';
import { lazy } from '../common/lazy';

const MAX_REDIRECTS = 3;
const CONNECT_TIMEOUT_MS = 2_000;
// The whole fetch (every hop and the body): what is left after it must still fit the upload and the create.
const TOTAL_TIMEOUT_MS = 5_000;
const AFTER_FETCH_MS = 2_000;

// The host's Content-Type is not kept: the type is read from the bytes (sniff.ts).
export type FetchedMedia = { bytes: Buffer; filename: string | undefined };

export type FetchOptions = { sandboxMode: boolean; maxBytes: number; deadlineAt: number };

function mediaFetchFailed(url: string, reason: string): HttpError {
  return new HttpError('media_fetch_failed', `mediaUrl ${url}: ${reason}.`, { details: { url, reason, retriable: true } });
}

export function mediaTooLarge(url: string, limit: number, channel?: string): HttpError {
  const where = channel ? ` (the limit for ${channel})` : '';
  return new HttpError('media_too_large', `mediaUrl ${url}: larger than ${limit} bytes${where}.`, { details: { url, limit, ...(channel ? { channel } : {}) } });
}

/** The file name a host gives (Content-Disposition) or the URL's last segment, bounded. */
function filenameOf(response: IncomingMessage, url: URL): string | undefined {
  const disposition = response.headers['content-disposition'];
  const named = disposition ? /filename="?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const last = decodeURIComponentSafe(url.pathname.split('/').pop() ?? '');
  // Control characters, slashes and backslashes out: the name is shown to people and written to logs.
  const name = [...(named ?? last)]
    .filter((char) => char > '\u001f' && char !== '\u007f' && char !== '/' && char !== '\\')
    .join('')
    .slice(0, 128);
  return name || undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// request-filtering-agent is ESM only: loaded with import(), once per instance.
type AgentModule = typeof import('request-filtering-agent', { with: { 'resolution-mode': 'import' } });
const loadAgents = lazy((): Promise<AgentModule> => import('request-filtering-agent'));

type Hop = { kind: 'redirect'; location: string } | { kind: 'body'; media: FetchedMedia };

async function requestOnce(url: URL, original: string, options: FetchOptions, signal: AbortSignal): Promise<Hop> {
  const { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } = await loadAgents();
  const filtering = { allowPrivateIPAddress: false, allowMetaIPAddress: false, allowIPAddressList: options.sandboxMode ? ['127.0.0.1'] : [] };
  const agent = url.protocol === 'https:' ? new RequestFilteringHttpsAgent(filtering) : new RequestFilteringHttpAgent(filtering);
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise<Hop>((resolve, reject) => {
    const request = get(url, { agent, signal, headers: { accept: '*/*', 'user-agent': 'conversations-functions media fetch' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        resolve({ kind: 'redirect', location: response.headers.location });
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        reject(mediaFetchFailed(original, `the host answered ${status}`));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        response.destroy();
        reject(mediaTooLarge(original, options.maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          reject(mediaTooLarge(original, options.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({
          kind: 'body',
          media: { bytes: Buffer.concat(chunks), filename: filenameOf(response, url) },
        }),
      );
      response.on('error', (error) => reject(failureOf(original, error, signal)));
    });
    request.on('socket', (socket) => {
      const timer = setTimeout(() => request.destroy(mediaFetchFailed(original, `no connection within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('secureConnect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.on('error', (error) => reject(failureOf(original, error, signal)));
  });
}

function failureOf(url: string, error: unknown, signal: AbortSignal): HttpError {
  if (error instanceof HttpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/is not allowed/.test(message)) return mediaUrlForbidden(url, 'it reaches a private, loopback or reserved address');
  if (signal.aborted) return mediaFetchFailed(url, 'the host did not answer in time');
  return mediaFetchFailed(url, `the host failed (${message.slice(0, 120)})`);
}

/** The bytes at `raw`, following at most 3 redirects, each hop checked like the first. */
export async function fetchMedia(raw: string, options: FetchOptions): Promise<FetchedMedia> {
  const timeLeft = Math.min(TOTAL_TIMEOUT_MS, options.deadlineAt - AFTER_FETCH_MS - Date.now());
  if (timeLeft <= 0) throw mediaFetchFailed(raw, 'no time left in this request');
  const signal = AbortSignal.timeout(timeLeft);
  let url = checkMediaUrl(raw, options.sandboxMode);
  for (let hop = 0; ; hop += 1) {
    const result = await requestOnce(url, raw, options, signal);
    if (result.kind === 'body') return result.media;
    if (hop >= MAX_REDIRECTS) throw mediaFetchFailed(raw, `more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(result.location, url);
    } catch {
      throw mediaFetchFailed(raw, 'the host redirected to an invalid URL');
    }
    try {
      url = checkMediaUrl(next.href, options.sandboxMode);
    } catch {
      throw mediaUrlForbidden(raw, `it redirects to ${next.href.slice(0, 200)}, which is not fetched`);
    }
  }
}
