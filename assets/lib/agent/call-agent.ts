// One call to the agent: POST JSON to AGENT_URL with a hard timeout, the answer read up to
// MAX_ANSWER_BYTES and parsed within the JSON depth limit, then validated (answer.ts).
// AGENT_URL is operator config, trusted like the rest of it: a plain fetch, so that it can
// reach a model on 127.0.0.1 (Ollama, llama.cpp); the SSRF guard of media URLs is for URLs
// customers give us. The key goes in `Authorization: Bearer` (OpenAI, Ollama, llama.cpp,
// vLLM), or in `api-key` for Azure OpenAI, which documents that header for keys.
import type { Config } from '../platform/config';
import { parseBoundedJson } from '../common/bounded-json';
import { readChatCompletion, readWebhookAnswer, type AgentAnswer } from './answer';
import { chatCompletionsRequest, webhookRequest, type PromptInput } from './prompt';

/** The most of an answer we read: a reply is a few KB; anything larger is not one. */
const MAX_ANSWER_BYTES = 256 * 1024;

export type AgentCall = { answer: AgentAnswer; ms: number };
export type AgentTarget = Pick<Config, 'AGENT_URL' | 'AGENT_PROTOCOL' | 'AGENT_API_KEY' | 'AGENT_MODEL'> & { AGENT_URL: string };

const AZURE_HOSTS = /\.(openai\.azure\.com|cognitiveservices\.azure\.com)$/i;

export function agentHeaders(url: string, apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'conversations-functions' };
  if (!apiKey) return headers;
  if (AZURE_HOSTS.test(new URL(url).hostname)) headers['api-key'] = apiKey;
  else headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

class TooLarge extends Error {}

/** The body as text, refusing past the limit (a Content-Length is not trusted: the bytes are counted). */
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isAbort = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

export async function callAgent(
  target: AgentTarget,
  input: PromptInput,
  ids: { conversationSid: string; messageSid: string },
  timeoutMs: number,
): Promise<AgentCall> {
  const started = Date.now();
  const done = (answer: AgentAnswer): AgentCall => ({ answer, ms: Date.now() - started });
  const openai = target.AGENT_PROTOCOL === 'openai';
  const body = openai ? chatCompletionsRequest(input, target.AGENT_MODEL ?? '') : webhookRequest(input, ids);
  // One signal for the whole exchange: a server that answers its headers fast and then trickles is cut off too.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(target.AGENT_URL, {
      method: 'POST',
      headers: agentHeaders(target.AGENT_URL, target.AGENT_API_KEY),
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
    const text = await boundedText(response);
    if (!response.ok) return done({ kind: 'failed', cause: 'http_error', status: response.status });
    const parsed = parseBoundedJson(text);
    if (!parsed.ok) return done({ kind: 'failed', cause: 'malformed' });
    return done(openai ? readChatCompletion(parsed.value) : readWebhookAnswer(parsed.value));
  } catch (error) {
    if (error instanceof TooLarge) return done({ kind: 'failed', cause: 'too_large' });
    return done({ kind: 'failed', cause: isAbort(error) || signal.aborted ? 'timeout' : 'unreachable' });
  }
}
