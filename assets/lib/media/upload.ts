// Uploading to the Media Content Service of the conversation's Service. No helper library
// covers it: plain HTTP, Basic auth with the account SID and auth token, the raw bytes as the
// body (https://www.twilio.com/docs/conversations/api/media-resource). Locally the URL goes
// to the sandbox like every *.twilio.com call (redirectUri).
import { HttpError } from '../http/errors';
import { redirectUri, UPSTREAM_HOST_HEADER } from '../platform/twilio-client';

const MCS_BASE = 'https://mcs.us1.twilio.com/v1';

export type McsCredentials = { accountSid: string; authToken: string; baseUrl: string | undefined };

export type UploadedMedia = { sid: string; contentType: string; size: number; filename: string | null };

function uploadFailed(url: string, reason: string): HttpError {
  return new HttpError('media_upload_failed', `mediaUrl ${url}: the upload to Twilio's Media Content Service failed (${reason}); retry.`, {
    details: { url, reason, retriable: true },
  });
}

export async function uploadMedia(
  credentials: McsCredentials,
  serviceSid: string,
  media: { url: string; bytes: Buffer; contentType: string; filename: string | undefined },
  deadlineAt: number,
): Promise<UploadedMedia> {
  const query = media.filename ? `?Filename=${encodeURIComponent(media.filename)}` : '';
  const { uri, upstreamHost } = redirectUri(`${MCS_BASE}/Services/${serviceSid}/Media${query}`, credentials.baseUrl);
  const timeLeft = deadlineAt - Date.now();
  if (timeLeft <= 0) throw uploadFailed(media.url, 'no time left');
  let response: Response;
  try {
    response = await fetch(uri, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
        'Content-Type': media.contentType,
        ...(upstreamHost ? { [UPSTREAM_HOST_HEADER]: upstreamHost } : {}),
      },
      body: media.bytes,
      signal: AbortSignal.timeout(timeLeft),
    });
  } catch (error) {
    throw uploadFailed(media.url, error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'no answer');
  }
  if (response.status !== 201 && response.status !== 200) {
    await response.body?.cancel();
    throw uploadFailed(media.url, `Twilio answered ${response.status}`);
  }
  const body = (await response.json()) as { sid?: unknown; size?: unknown; filename?: unknown };
  if (typeof body.sid !== 'string' || !/^ME[0-9a-f]{32}$/.test(body.sid)) throw uploadFailed(media.url, 'the answer names no ME sid');
  return { sid: body.sid, contentType: media.contentType, size: media.bytes.length, filename: typeof body.filename === 'string' ? body.filename : null };
}
