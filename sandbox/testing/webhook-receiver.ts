// Test utilities shipped beside the sandbox: a tiny local webhook receiver that checks
// every request's X-Twilio-Signature with twilio-node's own validateRequest, and lets a
// test decide the answer (status, body, delay) per request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { parseFlat } from '../http/http-io';

export type ReceivedWebhook = {
  method: string;
  /** The full URL as Twilio signs it (with the query, for GET). */
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  signatureValid: boolean;
};

export type WebhookReply = { status?: number; body?: string; delayMs?: number };

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  answer: (hook: ReceivedWebhook) => WebhookReply;
  events(eventType?: string): ReceivedWebhook[];
  close(): Promise<void>;
};

export async function startWebhookReceiver(authToken: string, answer: (hook: ReceivedWebhook) => WebhookReply = () => ({})): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    answer,
    events: (eventType) => received.filter((r) => !eventType || r.params.EventType === eventType),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fullUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? '/'}`;
      const body = Buffer.concat(chunks).toString('utf8');
      const flat = parseFlat(new URLSearchParams(req.method === 'GET' ? new URL(fullUrl).search : body));
      const params = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const signature = String(req.headers['x-twilio-signature'] ?? '');
      const hook: ReceivedWebhook = {
        method: req.method ?? 'GET',
        url: fullUrl,
        path: new URL(fullUrl).pathname,
        headers: req.headers,
        params,
        signatureValid: validateRequest(authToken, signature, fullUrl, req.method === 'GET' ? {} : params),
      };
      received.push(hook);
      const reply = receiver.answer(hook);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
