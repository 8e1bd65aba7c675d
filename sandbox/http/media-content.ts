// The Media Content Service (mcs.us1.twilio.com), which has no OpenAPI spec in the pinned
// package: the shapes follow Twilio's docs (https://www.twilio.com/docs/conversations/api/media-resource),
// see sandbox/README.md "On what authority". Handled before the spec-driven pipeline because the
// upload body is raw bytes, not a form.
//   POST /v1/Services/{IS}/Media                 raw bytes, their Content-Type; ?Filename= or ?filename=
//   GET  /v1/Services/{IS}/Media/{ME}            the Media resource
//   GET  /v1/Services/{IS}/Media/{ME}/Content    the bytes (Basic auth)
//   GET  /sandbox-media/{ME}/{token}             links.content_direct_temporary: no auth, for 5 minutes
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { TwilioApiError, serviceUnavailable, tooManyRequests, unauthorized } from '../errors';
import { isAuthorized, readBytes, sendJson } from './http-io';
import { isoDate } from '../clock';
import { newSid } from '../sids';
import type { StoredMedia } from '../state';
import type { ServerDeps } from './server';

export const MCS_HOST = 'mcs.us1.twilio.com';
const TEMPORARY_PATH = '/sandbox-media/';
const MCS_BASE = `https://${MCS_HOST}/v1`;
// Twilio's documented largest media (chat, 150 MB) is more than a test needs: 32 MB keeps the sandbox small.
const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
// Twilio documents the temporary URL as short-lived without a duration (unconfirmed: 300 s).
const TEMPORARY_URL_MS = 300_000;

function render(media: StoredMedia, accountSid: string, origin: string) {
  const url = `${MCS_BASE}/Services/${media.serviceSid}/Media/${media.sid}`;
  return {
    sid: media.sid,
    account_sid: accountSid,
    service_sid: media.serviceSid,
    date_created: isoDate(media.dateCreated),
    date_upload_updated: isoDate(media.dateCreated),
    date_updated: isoDate(media.dateCreated),
    category: 'media',
    content_type: media.content_type,
    filename: media.filename,
    size: media.size,
    message_sid: media.messageSid,
    url,
    links: {
      content: `${url}/Content`,
      content_direct_temporary: `${origin}${TEMPORARY_PATH}${media.sid}/${media.downloadToken}`,
    },
  };
}

function sendBytes(res: ServerResponse, media: StoredMedia): void {
  res.writeHead(200, { 'Content-Type': media.content_type, 'Content-Length': media.bytes.length });
  res.end(media.bytes);
}

/** Whether this request is the Media Content Service's (by the redirect header) or a temporary download. */
export function isMediaContentRequest(upstreamHost: string | undefined, path: string): boolean {
  return upstreamHost?.toLowerCase() === MCS_HOST || path.startsWith(TEMPORARY_PATH);
}

export async function handleMediaContent(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
  const { state, clock } = deps.ctx;
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  try {
    if (path.startsWith(TEMPORARY_PATH)) {
      const [sid, token] = path.slice(TEMPORARY_PATH.length).split('/');
      const media = sid ? state.media.get(sid) : undefined;
      if (!media || token !== media.downloadToken || clock.now() - media.dateCreated > TEMPORARY_URL_MS)
        throw new TwilioApiError(404, 20404, 'The requested resource was not found');
      return sendBytes(res, media);
    }
    if (!isAuthorized(req.headers.authorization, state.accountSid, deps.authToken)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      throw unauthorized();
    }
    const latency = deps.faults.latency();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = deps.faults.decide();
    if (fault.kind !== 'none') {
      deps.faultLog.push({ at: clock.now(), method: req.method ?? 'GET', path, kind: fault.kind, applied: false });
      if (fault.kind === 'drop') return void res.socket?.destroy();
      throw fault.kind === '429' ? tooManyRequests() : serviceUnavailable();
    }
    const match = /^\/v1\/Services\/(IS[0-9a-f]{32})\/Media(?:\/(ME[0-9a-f]{32})(\/Content)?)?$/.exec(path);
    if (!match || !state.conversationServices.has(match[1]!)) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
    const [, serviceSid, mediaSid, content] = match;
    if (!mediaSid) {
      if (req.method !== 'POST') throw new TwilioApiError(405, 20004, `Method not allowed: ${req.method} ${path}`);
      const bytes = await readBytes(req, MAX_UPLOAD_BYTES, 'Media too large');
      if (state.mediaUploadFailures > 0) {
        state.mediaUploadFailures -= 1;
        throw serviceUnavailable();
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (!contentType) throw new TwilioApiError(400, 20001, 'Content-Type is required');
      if (bytes.length === 0) throw new TwilioApiError(400, 20001, 'Media body is empty');
      const sid = newSid('ME');
      const filename = query.get('Filename') ?? query.get('filename') ?? sid;
      const media: StoredMedia = {
        sid,
        serviceSid: serviceSid!,
        content_type: contentType,
        filename: filename.slice(0, 256),
        size: bytes.length,
        bytes,
        dateCreated: clock.now(),
        messageSid: null,
        downloadToken: randomBytes(16).toString('hex'),
      };
      state.media.set(sid, media);
      return sendJson(res, 201, render(media, state.accountSid, origin));
    }
    if (req.method !== 'GET') throw new TwilioApiError(405, 20004, `Method not allowed: ${req.method} ${path}`);
    const media = state.media.get(mediaSid);
    if (!media || media.serviceSid !== serviceSid) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
    if (content) return sendBytes(res, media);
    return sendJson(res, 200, render(media, state.accountSid, origin));
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    if (!res.headersSent) sendJson(res, error.status, error.toJSON());
  }
}
