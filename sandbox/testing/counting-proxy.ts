// A pass-through HTTP proxy in front of the sandbox that counts the requests a job makes
// and the most that were in flight at once (how parallel the job really is), and how many
// Twilio refused with 429 (rate limited).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type CountingProxy = {
  url: string;
  reset(): void;
  counts(): { requests: number; maxInFlight: number; rateLimited: number };
  /** Every request since the last reset, as `METHOD path` (for counting one kind of action). */
  calls(): string[];
  close(): Promise<void>;
};

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let rateLimited = 0;
  let calls: string[] = [];
  const server: Server = createServer((req, res) => {
    requests += 1;
    calls.push(`${req.method} ${req.url?.split('?')[0]}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      if (answer.statusCode === 429) rateLimited += 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => (inFlight -= 1));
    });
    upstream.on('error', () => {
      inFlight -= 1;
      res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => {
      requests = 0;
      maxInFlight = 0;
      rateLimited = 0;
      calls = [];
    },
    counts: () => ({ requests, maxInFlight, rateLimited }),
    calls: () => [...calls],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
