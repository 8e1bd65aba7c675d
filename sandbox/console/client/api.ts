// The console's calls to the sandbox: JSON both ways, with the cookie the token link set.
// Writes send Content-Type: application/json, which the sandbox requires of them.

export class ConsoleRequestError extends Error {}

async function answerOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  if (response.status === 401) throw new ConsoleRequestError('Signed out: open the console with the link npm start printed.');
  const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${response.status}`;
  throw new ConsoleRequestError(message);
}

export async function getText(path: string): Promise<string> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) await answerOf(response);
  return response.text();
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  return answerOf<T>(response);
}
