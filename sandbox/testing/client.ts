// The one REST client for tests and benchmarks: the functions' own client (deadlines,
// retries, the *.twilio.com redirect), pointed at a sandbox (or at a proxy in front of it).
import { createTwilioClient, type TwilioClient } from '../../assets/lib/platform/twilio-client';
import type { Sandbox } from '../index';

export function sandboxClient(sandbox: Pick<Sandbox, 'accountSid' | 'authToken' | 'url'>, baseUrl = sandbox.url): TwilioClient {
  return createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl });
}
