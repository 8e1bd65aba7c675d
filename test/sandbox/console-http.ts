// Raw HTTP to the sandbox console, with full control of Host, Origin, Cookie and
// Content-Type (fetch would not let a test send another Host).
import { request } from 'node:http';

export type ConsoleAnswer = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any };

export type ConsoleCall = { method?: string; headers?: Record<string, string>; body?: string };

export function consoleCall(baseUrl: string, path: string, call: ConsoleCall = {}): Promise<ConsoleAnswer> {
  const target = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: call.method ?? 'GET', headers: { Connection: 'close', ...call.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

export const basicAuth = (accountSid: string, authToken: string) => `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

/** A signed-in console client: Basic auth, JSON writes. */
export function consoleClient(baseUrl: string, authorization: string) {
  return {
    get: (path: string) => consoleCall(baseUrl, path, { headers: { Authorization: authorization } }),
    post: (path: string, body: unknown) =>
      consoleCall(baseUrl, path, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
