// Installs the Functions runtime's globals for unit tests of helpers that build answers:
// the runtime's own Response class (not a stand-in), and Runtime.getAssets() pointing
// at the helper sources.
import { dirname, join } from 'node:path';
import type { FunctionCallback, TwilioResponse } from '../../runtime/types';

type RuntimeResponse = TwilioResponse & { serialize(): { statusCode: number; body: unknown; headers: Record<string, unknown> } };

// The package's exports map hides internal/; reach it next to the exported dev entry.
const { Response } = require(join(dirname(require.resolve('@twilio/runtime-handler/dev')), 'internal/response')) as {
  Response: new () => RuntimeResponse;
};

export function installRuntimeGlobals(): void {
  globalThis.Twilio = { Response };
  const helpers = join(__dirname, '../../assets/lib/helpers.private.ts');
  globalThis.Runtime = { getAssets: () => ({ '/lib/helpers.js': { path: helpers, open: () => '' } }) };
}

export type Answer = { statusCode: number; body: any; headers: Record<string, unknown> };

/** Calls a Function handler and resolves with what it answered (status, body: parsed when JSON, headers). */
export function callHandler(
  handler: (context: any, event: any, callback: FunctionCallback) => void,
  context: Record<string, unknown>,
  event: Record<string, unknown>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    handler(context, event, (error, payload) => {
      if (error) return reject(error);
      const serialized = (payload as RuntimeResponse).serialize();
      const json = String(serialized.headers['Content-Type'] ?? '').startsWith('application/json');
      const body = json && typeof serialized.body === 'string' && serialized.body !== '' ? JSON.parse(serialized.body) : serialized.body;
      resolve({ statusCode: serialized.statusCode, body, headers: serialized.headers as Record<string, unknown> });
    });
  });
}
