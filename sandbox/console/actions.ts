// What the console's buttons do. Each input is checked and bounded first (a 400 names the
// field), then the action goes through the same doors real traffic uses: an inbound SMS or
// WhatsApp message, a chat SDK message, Studio's Run Function call to /studio/handoff (signed
// with X-Twilio-Signature as Twilio signs it), the sandbox clock, a delivery failure.
import * as v from 'valibot';
import type { Ctx } from '../domain/context';
import { advanceClock, setDeliveryFailure } from '../domain/controls';
import { receiveChatMessage, receiveInbound, type InboundResult } from '../domain/inbound';
import { invalidParameter, TwilioApiError } from '../errors';
import { sendWebhook } from '../webhook-transport';

/** What the console needs beyond the sandbox itself: where the functions answer Studio. */
export type ConsoleTarget = { authToken: string; functionsUrl: string | undefined };

const BODY_MAX = 1_600;
const MINUTES_MAX = 60 * 24 * 30;
/** A Function runs for at most 10 s; Studio's Run Function widget waits as long. */
const HANDOFF_TIMEOUT_MS = 10_000;
/** The parameters studio/flow.json's hand-off widget sends, besides the conversation and execution. */
const HANDOFF_REASON = 'Chose 2 in the bot menu';

/** A Conversation SID as the sandbox makes them (lowercase hex). */
export const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;

const conversationSid = v.pipe(v.string('conversationSid must be text'), v.regex(CONVERSATION_SID, 'conversationSid must be a Conversation SID (CH + 32 hex)'));
const body = v.pipe(
  v.string('body must be text'),
  v.trim(),
  v.minLength(1, 'body must not be empty'),
  v.maxLength(BODY_MAX, `body must be at most ${BODY_MAX} characters`),
);
const phone = (field: string) =>
  v.pipe(v.string(`${field} must be text`), v.trim(), v.regex(/^\+[1-9]\d{6,14}$/, `${field} must be a phone number in E.164 form, like +15551230000`));

const inboundSchema = v.object({
  channel: v.picklist(['sms', 'whatsapp'], 'channel must be sms or whatsapp'),
  from: phone('from'),
  to: v.pipe(v.string('to must be text'), v.maxLength(64, 'to must be at most 64 characters')),
  body,
});
const chatSchema = v.object({
  conversationSid,
  identity: v.pipe(
    v.string('identity must be text'),
    v.minLength(1, 'identity must not be empty'),
    v.maxLength(256, 'identity must be at most 256 characters'),
  ),
  body,
});
const handoffSchema = v.object({ conversationSid });
const clockSchema = v.object({
  minutes: v.pipe(
    v.number('minutes must be a number'),
    v.integer('minutes must be a whole number'),
    v.minValue(1, 'minutes must be at least 1'),
    v.maxValue(MINUTES_MAX, `minutes must be at most ${MINUTES_MAX} (30 days)`),
  ),
});
const deliveryFailureSchema = v.object({
  address: v.pipe(
    v.string('address must be text'),
    v.trim(),
    v.minLength(1, 'address must not be empty'),
    v.maxLength(64, 'address must be at most 64 characters'),
  ),
  status: v.picklist(['failed', 'undelivered', 'none'], 'status must be failed, undelivered or none'),
  errorCode: v.optional(
    v.pipe(
      v.number('errorCode must be a number'),
      v.integer('errorCode must be a whole number'),
      v.minValue(30001, 'errorCode must be a 300xx messaging error'),
      v.maxValue(30999, 'errorCode must be a 300xx messaging error'),
    ),
  ),
});

function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw invalidParameter(result.issues[0]?.message ?? 'invalid input');
}

/** The WhatsApp address form (whatsapp:+E.164) of a number typed as +E.164. */
const whatsappAddress = (number: string) => `whatsapp:${number}`;

export function textIn(ctx: Ctx, input: unknown): Promise<InboundResult> {
  const { channel, from, to, body: text } = parse(inboundSchema, input);
  return receiveInbound(ctx, { from: channel === 'whatsapp' ? whatsappAddress(from) : from, to, body: text });
}

export async function writeAsChat(ctx: Ctx, input: unknown): Promise<{ messageSid: string }> {
  const { conversationSid: sid, identity, body: text } = parse(chatSchema, input);
  const message = await receiveChatMessage(ctx, { conversationSid: sid, identity, body: text });
  return { messageSid: message.sid };
}

export type HandoffResult = { status: number | null; answer: unknown; error: string | null };

/** Calls /studio/handoff as the bot's menu does: the flow's parameters, signed, form-encoded. */
export async function handOff(ctx: Ctx, target: ConsoleTarget, input: unknown): Promise<HandoffResult> {
  const { conversationSid: sid } = parse(handoffSchema, input);
  if (!target.functionsUrl)
    throw new TwilioApiError(409, 20001, 'This sandbox was started without the functions URL (console.functionsUrl): it cannot call /studio/handoff');
  if (!ctx.state.conversations.has(sid)) throw new TwilioApiError(404, 20404, `Conversation ${sid} was not found`);
  const execution = [...ctx.state.executions.values()].find((e) => e.conversationSid === sid && e.status === 'active');
  const params: Record<string, string> = { ConversationSid: sid, Reason: HANDOFF_REASON };
  if (execution) Object.assign(params, { ExecutionSid: execution.sid, FlowSid: execution.flowSid });
  const url = new URL('/studio/handoff', target.functionsUrl).toString();
  const answer = await sendWebhook(target.authToken, { url, method: 'POST', params }, HANDOFF_TIMEOUT_MS);
  return { status: answer.status, answer: parseAnswer(answer.body), error: answer.error };
}

function parseAnswer(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2_000);
  }
}

export function moveClock(ctx: Ctx, input: unknown): { now: string } {
  const { minutes } = parse(clockSchema, input);
  advanceClock(ctx, minutes * 60_000);
  return { now: new Date(ctx.clock.now()).toISOString() };
}

export function failDeliveries(ctx: Ctx, input: unknown): { failures: Record<string, unknown> } {
  const { address, status, errorCode } = parse(deliveryFailureSchema, input);
  setDeliveryFailure(ctx, address, status === 'none' ? null : { status, errorCode: errorCode ?? 30003 });
  return { failures: { ...ctx.deliveries.failures } };
}
