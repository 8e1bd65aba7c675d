// Sends one webhook the way Twilio does: form-encoded (POST) or query (GET), signed with
// X-Twilio-Signature computed by twilio-node's own signer, with a hard timeout
// (Conversations: 5 s). Every attempt is recorded in state.webhookDeliveries, and every
// in-flight send is tracked so that tests can await `idle()`.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export type WebhookAnswer = { status: number | null; body: string | null; error: string | null; timedOut: boolean; ms: number };

export type OutgoingWebhook = {
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
};

/** The signature Twilio puts on a webhook: POST signs URL + sorted params, GET signs the full URL. */
function signWebhook(authToken: string, hook: OutgoingWebhook): { url: string; body: string | null; signature: string } {
  const form = new URLSearchParams(hook.params).toString();
  if (hook.method === 'GET') {
    const url = form ? `${hook.url}${hook.url.includes('?') ? '&' : '?'}${form}` : hook.url;
    return { url, body: null, signature: getExpectedTwilioSignature(authToken, url, {}) };
  }
  return { url: hook.url, body: form, signature: getExpectedTwilioSignature(authToken, hook.url, hook.params) };
}

export function sendWebhook(authToken: string, hook: OutgoingWebhook, timeoutMs: number): Promise<WebhookAnswer & { signature: string }> {
  const started = Date.now();
  const signed = signWebhook(authToken, hook);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<WebhookAnswer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...answer, ms: Date.now() - started, signature: signed.signature });
    };
    let target: URL;
    try {
      target = new URL(signed.url);
    } catch {
      finish({ status: null, body: null, error: `invalid URL ${signed.url}`, timedOut: false });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = {
      'X-Twilio-Signature': signed.signature,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      Connection: 'close',
    };
    if (signed.body !== null) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(signed.body));
    }
    // agent: false + Connection: close, so no keep-alive socket outlives a test's receiver.
    const req = send(target, { method: hook.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null, timedOut: false }));
      res.on('error', (error) => finish({ status: res.statusCode ?? null, body: null, error: error.message, timedOut: false }));
    });
    const timer = setTimeout(() => {
      finish({ status: null, body: null, error: `no answer within ${timeoutMs} ms`, timedOut: true });
      req.destroy();
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error) => finish({ status: null, body: null, error: error.message, timedOut: false }));
    if (signed.body !== null) req.write(signed.body);
    req.end();
  });
}

/** Tracks in-flight post-events (fire-and-forget for Twilio, awaitable for tests). */
export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Resolves once nothing is in flight, including work started by work that finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
