// What the agent answered, read as untrusted data: the body was already bounded in size and
// depth by the client (call-agent), here it is validated with valibot and reduced to one of
// three things: a reply to post, a hand-off, or a failure with its cause (for the log line,
// never for the customer). Anything we cannot read with certainty is a failure, so garbage
// never reaches the customer.
import * as v from 'valibot';
import { isJsonObject, parseBoundedJson } from '../common/bounded-json';
import { HANDOFF_TOOL } from './prompt';

export type FailureCause =
  'timeout' | 'unreachable' | 'http_error' | 'too_large' | 'malformed' | 'refusal' | 'truncated' | 'empty' | 'policy_refused' | 'no_time';

export type AgentAnswer = { kind: 'reply'; text: string } | { kind: 'handoff'; reason?: string } | { kind: 'failed'; cause: FailureCause; status?: number };

const failed = (cause: FailureCause): AgentAnswer => ({ kind: 'failed', cause });

const MAX_REPLY = 32_768;
const MAX_REASON = 256;

const reasonText = v.optional(
  v.pipe(
    v.string(),
    v.transform((text) => text.trim().slice(0, MAX_REASON)),
  ),
);

// OpenAI's content may be a string or (some compatible servers) a list of parts.
const contentPart = v.object({ type: v.optional(v.string()), text: v.optional(v.string()) });
const toolCall = v.object({
  type: v.optional(v.string()),
  function: v.object({ name: v.pipe(v.string(), v.maxLength(64)), arguments: v.optional(v.unknown()) }),
});
const completion = v.object({
  choices: v.pipe(
    v.array(
      v.object({
        finish_reason: v.optional(v.nullable(v.string())),
        message: v.object({
          content: v.optional(v.nullable(v.union([v.pipe(v.string(), v.maxLength(MAX_REPLY)), v.pipe(v.array(contentPart), v.maxLength(32))]))),
          refusal: v.optional(v.nullable(v.string())),
          tool_calls: v.optional(v.nullable(v.pipe(v.array(toolCall), v.maxLength(16)))),
        }),
      }),
    ),
    v.minLength(1),
  ),
});

// Reasoning models served locally (Ollama, llama.cpp) may put their thinking in the content.
const THINKING = /<think>[\s\S]*?<\/think>/gi;

function replyText(raw: string): AgentAnswer {
  const text = raw.replace(THINKING, '').trim();
  return text === '' ? failed('empty') : { kind: 'reply', text };
}

/** The hand-off's reason from the tool call's arguments: a JSON string by the spec, an object on some servers. */
function handoffReason(args: unknown): string | undefined {
  let value = args;
  if (typeof args === 'string') {
    const parsed = parseBoundedJson(args, 4);
    value = parsed.ok ? parsed.value : undefined;
  }
  const reason = v.safeParse(v.object({ reason: reasonText }), value);
  return reason.success && reason.output.reason ? reason.output.reason : undefined;
}

/** A Chat Completions answer (https://platform.openai.com/docs/api-reference/chat/object). */
export function readChatCompletion(body: unknown): AgentAnswer {
  const parsed = v.safeParse(completion, body);
  if (!isJsonObject(body) || !parsed.success) return failed('malformed');
  const [choice] = parsed.output.choices;
  const message = choice!.message;
  const handoff = message.tool_calls?.find((call) => call.function.name === HANDOFF_TOOL);
  if (handoff) {
    const reason = handoffReason(handoff.function.arguments);
    return { kind: 'handoff', ...(reason ? { reason } : {}) };
  }
  if ((message.refusal ?? '').trim() !== '' || choice!.finish_reason === 'content_filter') return failed('refusal');
  // Cut off by the token limit: half an answer is not one.
  if (choice!.finish_reason === 'length') return failed('truncated');
  const content = message.content;
  if (typeof content === 'string') return replyText(content);
  if (Array.isArray(content)) return replyText(content.map((part) => (part.type === undefined || part.type === 'text' ? (part.text ?? '') : '')).join(''));
  return failed('empty');
}

const webhookAnswer = v.object({
  reply: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(MAX_REPLY)))),
  handoff: v.optional(v.nullable(v.union([v.boolean(), v.object({ reason: reasonText })]))),
});

/** An answer of our webhook protocol (docs/agent.md): `{ reply }` or `{ handoff: true | { reason } }`. */
export function readWebhookAnswer(body: unknown): AgentAnswer {
  const parsed = v.safeParse(webhookAnswer, body);
  if (!isJsonObject(body) || !parsed.success) return failed('malformed');
  const { reply, handoff } = parsed.output;
  if (handoff === true) return { kind: 'handoff' };
  if (handoff && typeof handoff === 'object') return { kind: 'handoff', ...(handoff.reason ? { reason: handoff.reason } : {}) };
  return typeof reply === 'string' ? replyText(reply) : failed('empty');
}
