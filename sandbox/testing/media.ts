// Uploads to the sandbox's Media Content Service as the functions do: raw bytes over plain
// HTTP with Basic auth, the redirect header naming mcs.us1.twilio.com.
import type { Sandbox } from '../index';
import { MCS_HOST } from '../http/media-content';

export type UploadedMedia = {
  sid: string;
  account_sid: string;
  service_sid: string;
  content_type: string;
  filename: string;
  size: number;
  links: { content: string; content_direct_temporary: string };
};

export function mcsHeaders(sandbox: Pick<Sandbox, 'accountSid' | 'authToken'>): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
    'X-Twilio-Upstream-Host': MCS_HOST,
  };
}

export async function uploadMedia(sandbox: Sandbox, bytes: Uint8Array, contentType: string, filename?: string): Promise<UploadedMedia> {
  const query = filename ? `?Filename=${encodeURIComponent(filename)}` : '';
  const response = await fetch(`${sandbox.url}/v1/Services/${sandbox.serviceSid}/Media${query}`, {
    method: 'POST',
    headers: { ...mcsHeaders(sandbox), 'Content-Type': contentType },
    body: bytes,
  });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as UploadedMedia;
}
