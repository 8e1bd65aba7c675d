// The REST client factory. A Function lives at most 10 s, so every call runs inside a
// deadline: per-attempt timeouts, and retries of 429 and 5xx with full-jitter backoff
// that never sleep past the deadline. With TWILIO_API_BASE_URL (the local sandbox only)
// every *.twilio.com call goes to that base URL instead.
import type { Twilio } from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient';
import { lazy } from '../common/lazy';

const twilioPackage = lazy(() => require('twilio') as typeof import('twilio'));

export type TwilioClient = Twilio;

export type ClientOptions = {
  accountSid: string;
  authToken: string;
  /** Local sandbox base URL; unset in production. */
  baseUrl?: string;
  /** Total time for one call, retries included (default 8 s: inside the 10 s Function limit). */
  deadlineMs?: number;
  /** Absolute time (ms since epoch) after which no call may run: the whole request's budget. */
  deadlineAt?: number;
  /** Time for one attempt (default 4 s). */
  attemptTimeoutMs?: number;
  /** Backoff base and cap for the full-jitter delay random() * min(cap, base * 2^n). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
};

/** The header the redirect adds so that one local server can tell products apart (/v1/Configuration exists twice). */
export const UPSTREAM_HOST_HEADER = 'X-Twilio-Upstream-Host';

type RequestOptions = Parameters<RequestClientType['request']>[0];
type Response = Awaited<ReturnType<RequestClientType['request']>>;

const SID_AT_END = /\/[A-Z]{2}[0-9a-f]{32}$/;
const SINGLETONS = /\/Configuration(\/Webhooks)?$/;

/**
 * Whether re-sending after a 5xx or a dropped connection is safe. Reads and deletes are;
 * a POST to an existing resource (an update) is; a POST that creates is NOT (Twilio may
 * have applied it): the caller decides, because only it knows how to detect a duplicate.
 */
export function isRetrySafe(method: string, uri: string): boolean {
  const verb = method.toUpperCase();
  if (verb === 'GET' || verb === 'DELETE') return true;
  const path = new URL(uri).pathname;
  return SID_AT_END.test(path) || SINGLETONS.test(path);
}

export function redirectUri(uri: string, baseUrl: string | undefined): { uri: string; upstreamHost?: string } {
  if (!baseUrl) return { uri };
  const url = new URL(uri);
  if (!url.hostname.endsWith('.twilio.com')) return { uri };
  return { uri: `${baseUrl}${url.pathname}${url.search}`, upstreamHost: url.hostname };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryableStatus(status: number): 'always' | 'if-safe' | false {
  if (status === 429) return 'always'; // rejected before it was applied: always safe to resend
  if (status >= 500) return 'if-safe';
  return false;
}

export function createTwilioClient(options: ClientOptions): TwilioClient {
  const twilio = twilioPackage();
  const deadlineMs = options.deadlineMs ?? 8_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 4_000;
  const base = options.backoffBaseMs ?? 100;
  const cap = options.backoffCapMs ?? 2_000;

  class DeadlineRequestClient extends twilio.RequestClient {
    async request<T>(opts: RequestOptions): Promise<Response & { body: T }> {
      const started = Date.now();
      const budget = Math.min(deadlineMs, (options.deadlineAt ?? Infinity) - started);
      const { uri, upstreamHost } = redirectUri(opts.uri, options.baseUrl);
      const headers = { ...(opts.headers ?? {}), ...(upstreamHost ? { [UPSTREAM_HOST_HEADER]: upstreamHost } : {}) };
      const safe = isRetrySafe(opts.method, opts.uri);
      for (let attempt = 0; ; attempt += 1) {
        const remaining = budget - (Date.now() - started);
        let outcome: { response: Response } | { error: unknown };
        try {
          outcome = { response: await super.request({ ...opts, uri, headers, timeout: Math.max(1, Math.min(attemptTimeoutMs, remaining)) }) };
        } catch (error) {
          outcome = { error };
        }
        const retry = 'response' in outcome ? retryableStatus(outcome.response.statusCode) : 'if-safe';
        const delay = Math.random() * Math.min(cap, base * 2 ** attempt);
        const timeLeft = budget - (Date.now() - started) - delay;
        const mayRetry = (retry === 'always' || (retry === 'if-safe' && safe)) && timeLeft > 50;
        if (!mayRetry) {
          if ('response' in outcome) return outcome.response as Response & { body: T };
          throw outcome.error;
        }
        await sleep(delay);
      }
    }
  }

  return twilio(options.accountSid, options.authToken, {
    httpClient: new DeadlineRequestClient({ timeout: attemptTimeoutMs, keepAlive: true }),
    lazyLoading: true,
  });
}
