// Which media URLs a send may fetch. Production: https only, any host (the address is checked
// on the connected socket by request-filtering-agent, after every DNS answer and redirect).
// Sandbox mode (the functions run locally against the sandbox): http://127.0.0.1 too, so tests
// serve files locally. Sandbox mode needs BOTH the sandbox redirect (TWILIO_API_BASE_URL) and a
// local DOMAIN_NAME: a deployed Function always has its *.twil.io domain, whatever .env says.
import { HttpError } from '../http/errors';

export const MAX_URL_LENGTH = 2_048;

export function isSandboxMode(twilioApiBaseUrl: string | undefined, domainName: string | undefined): boolean {
  if (!twilioApiBaseUrl || !domainName) return false;
  const host = domainName.replace(/:\d+$/, '').toLowerCase();
  return host === 'localhost' || host === '127.0.0.1';
}

function mediaUrlInvalid(url: string, reason: string): HttpError {
  return new HttpError('media_url_invalid', `mediaUrl ${url}: ${reason}.`, { details: { url, reason } });
}

export function mediaUrlForbidden(url: string, reason: string): HttpError {
  return new HttpError('media_url_forbidden', `mediaUrl ${url}: ${reason}.`, { details: { url, reason } });
}

/** The URL to fetch, or a 400 naming it: malformed, credentials in it, or a scheme not allowed. */
export function checkMediaUrl(raw: string, sandboxMode: boolean): URL {
  if (raw.length > MAX_URL_LENGTH) throw mediaUrlInvalid(raw.slice(0, 100), `longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw mediaUrlInvalid(raw, 'not a URL');
  }
  if (url.username || url.password) throw mediaUrlInvalid(raw, 'credentials in a URL are not sent');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (sandboxMode && url.hostname === '127.0.0.1') return url;
    throw mediaUrlForbidden(raw, 'only https URLs are fetched');
  }
  throw mediaUrlInvalid(raw, `scheme ${url.protocol} is not fetched (https only)`);
}
