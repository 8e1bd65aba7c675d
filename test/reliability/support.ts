// Shared by the reliability suites: how to call every endpoint, sign requests for real,
// snapshot the sandbox state, and spot leaks (stack traces, secrets) in an answer.
import { ENDPOINTS as MANIFEST } from '../../assets/lib/endpoints/manifest';
import { postSignedForm } from '../../sandbox/testing/functions-runtime';
import { API_KEY_SECRET, SERVER_API_TOKEN, SESSION_SECRET } from '../../sandbox/testing/fixtures';
import type { Stack } from '../support/stack';

type EndpointAuth = 'public' | 'server' | 'signature';
export type Endpoint = { path: string; auth: EndpointAuth };

// Every endpoint of the manifest, with the auth it must enforce.
export const ENDPOINTS: Endpoint[] = Object.values(MANIFEST).map((entry) => ({
  path: entry.path,
  auth: entry.auth === 'twilio-signature' ? 'signature' : entry.auth,
}));

/** Counts of everything a request could create or change in the sandbox. */
export function snapshot(stack: Stack): string {
  const state = stack.sandbox.state;
  const attributes = [...state.conversations.values()].map((c) => `${c.sid}:${c.state}:${c.attributes}`).join('|');
  return JSON.stringify({
    conversations: state.conversations.size,
    participants: state.participants.size,
    messages: state.messages.size,
    webhooks: state.webhooks.size,
    users: state.users.size,
    executions: [...state.executions.values()].map((e) => e.status).join(),
    interactions: state.interactions.size,
    attributes,
  });
}

/** Form-encoded POST to one of the stack's functions with a real X-Twilio-Signature (for `signFor`, another URL). */
export function signedFormPost(stack: Stack, path: string, params: Record<string, string>, signFor = `${stack.functions.url}${path}`) {
  return postSignedForm(`${stack.functions.url}${path}`, stack.sandbox.authToken, params, signFor);
}

const STACK_TRACE = /\n\s+at [^\n]+\(|node_modules|\.ts:\d+|\.js:\d+:\d+/;

/** The answer text leaks nothing: no stack trace, no secret of the deployment. */
export function leaks(text: string, stack: Stack): string | undefined {
  if (STACK_TRACE.test(text)) return 'stack trace';
  for (const [name, secret] of Object.entries({ AUTH_TOKEN: stack.sandbox.authToken, SERVER_API_TOKEN, SESSION_SECRET, API_KEY_SECRET })) {
    if (text.includes(secret)) return name;
  }
  return undefined;
}

/** A conversation with an SMS customer and a chat user in it, for the requests that need one to exist. */
export async function onboardedConversation(stack: Stack): Promise<string> {
  const answer = await stack.post('/participants/onboard', {
    participants: [
      { channel: 'sms', address: '+14155550123' },
      { channel: 'chat', identity: 'alice' },
    ],
  });
  return answer.body.conversationSid;
}
