// What /studio/handoff reads. Studio's Run Function widget sends its parameters form-encoded
// under the keys the flow author typed: HANDOFF_PARAMETERS is the contract with
// studio/flow.json (its test imports it, so the two cannot drift). Studio sends a
// parameter left empty as "", which counts as absent.
import * as v from 'valibot';
import { validateIdentity } from '../conversations/identifiers';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';

export const HANDOFF_PARAMETERS = ['ConversationSid', 'ExecutionSid', 'FlowSid', 'AgentIdentity', 'Reason', 'Message'] as const;

export type HandoffParameter = (typeof HANDOFF_PARAMETERS)[number];

export const DEFAULT_NOTICE = 'Thanks for waiting. A member of our team is joining this conversation and will reply here shortly.';

const sidOf = (prefix: string, field: HandoffParameter, what: string, missing = `${field} must be text`) =>
  v.pipe(v.string(missing), v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `${field} must be ${what} (${prefix} + 32 hex characters)`));

const text = (field: HandoffParameter, max: number) =>
  v.pipe(v.string(`${field} must be text`), v.maxLength(max, `${field} must be at most ${max} characters`));

export const handoffSchema = v.object({
  ConversationSid: sidOf(
    'CH',
    'ConversationSid',
    'a Conversation SID',
    'ConversationSid is required: {{trigger.conversation.ConversationSid}} in a Studio flow',
  ),
  ExecutionSid: v.optional(sidOf('FN', 'ExecutionSid', 'a Studio Execution SID, {{flow.sid}}')),
  FlowSid: v.optional(sidOf('FW', 'FlowSid', 'a Studio Flow SID, {{flow.flow_sid}}')),
  AgentIdentity: v.optional(v.string('AgentIdentity must be text')),
  Reason: v.optional(text('Reason', 256)),
  Message: v.optional(text('Message', 1_600)),
});

export type HandoffRequest = {
  conversationSid: string;
  /** Both or neither: the execution to end (the flow that called us, usually). */
  execution?: { flowSid: string; executionSid: string };
  agentIdentity?: string;
  reason?: string;
  notice: string;
};

/** Empty strings (a Studio parameter left blank) and surrounding spaces count as absent. */
function presentOnly(params: Record<string, unknown>): Record<string, unknown> {
  // The required key is always there, so that its absence is reported with its own message.
  const picked: Record<string, unknown> = { ConversationSid: undefined };
  for (const name of HANDOFF_PARAMETERS) {
    const value = typeof params[name] === 'string' ? (params[name] as string).trim() : params[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

export function readHandoffRequest(params: Record<string, unknown>): HandoffRequest {
  if (params.ConversationSid === undefined && typeof params.conversationSid === 'string') {
    throw new HttpError('invalid_request', 'Parameter names are case-sensitive: send ConversationSid (as Studio does), not conversationSid.');
  }
  const input = parseInput(handoffSchema, presentOnly(params));
  if ((input.ExecutionSid === undefined) !== (input.FlowSid === undefined)) {
    throw new HttpError(
      'invalid_request',
      'ExecutionSid and FlowSid go together: send both ({{flow.sid}} and {{flow.flow_sid}}) to end the execution, or neither.',
      {
        details: {
          fields: [{ field: input.ExecutionSid ? 'FlowSid' : 'ExecutionSid', message: 'required with the other' }],
        },
      },
    );
  }
  return {
    conversationSid: input.ConversationSid,
    ...(input.ExecutionSid && input.FlowSid ? { execution: { flowSid: input.FlowSid, executionSid: input.ExecutionSid } } : {}),
    ...(input.AgentIdentity ? { agentIdentity: validateIdentity(input.AgentIdentity) } : {}),
    ...(input.Reason ? { reason: input.Reason } : {}),
    notice: input.Message ?? DEFAULT_NOTICE,
  };
}
