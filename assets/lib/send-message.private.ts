// Sending into a conversation without ever sending twice. Twilio has no idempotency guard
// on message creates, so each send carries an `idempotencyKey` in its attributes; a send
// whose answer was lost, or a caller's retry with the same key, finds the message instead
// of creating another.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Config } from './config.private';
import { conversationsService, parseAttributes, type ConversationsService } from './conversations.private';
import { badRequest } from './http.private';
import { isAmbiguousFailure, isInFlightFailure, type TwilioClient } from './twilio.private';
import { parseInput } from './validation.private';

const jsonObject = (what: string) =>
  v.union(
    [
      v.record(v.string(), v.unknown()),
      v.pipe(
        v.string(),
        v.maxLength(16_384, `${what} must be at most 16 KB`),
        v.rawTransform(({ dataset, addIssue, NEVER }) => {
          try {
            const parsed: unknown = JSON.parse(dataset.value);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
          } catch {
            // reported below
          }
          addIssue({ message: `${what} must be a JSON object` });
          return NEVER;
        }),
      ),
    ],
    `${what} must be a JSON object`,
  );

const flag = v.optional(v.union([v.boolean(), v.pipe(v.picklist(['true', 'false']), v.transform((value) => value === 'true'))], 'webhookEnabled must be true or false'), false);

export const sendSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  body: v.optional(v.pipe(v.string('body must be text'), v.minLength(1, 'body must not be empty'), v.maxLength(32_768, 'body must be at most 32768 characters'))),
  mediaSid: v.optional(v.pipe(v.string(), v.regex(/^ME[0-9a-f]{32}$/, 'mediaSid must be an ME SID (upload media to the Media Content Service first)'))),
  contentSid: v.optional(v.pipe(v.string(), v.regex(/^HX[0-9a-f]{32}$/, 'contentSid must be an HX SID (a Content template)'))),
  contentVariables: v.optional(jsonObject('contentVariables')),
  author: v.optional(v.pipe(v.string('author must be text'), v.minLength(1), v.maxLength(256, 'author must be at most 256 characters'))),
  attributes: v.optional(jsonObject('attributes')),
  webhookEnabled: flag,
  idempotencyKey: v.optional(v.pipe(v.string(), v.regex(/^[\w.:-]{8,128}$/, 'idempotencyKey must be 8-128 letters, digits, _ . : -'))),
  mediaUrl: v.optional(v.unknown()),
});

export type SendRequest = Omit<v.InferOutput<typeof sendSchema>, 'mediaUrl'>;

export function readSendRequest(params: Record<string, unknown>): SendRequest {
  if (params.mediaUrl !== undefined || params.MediaUrl !== undefined) {
    throw badRequest(
      'media_url_unsupported',
      'The Conversations API has no media URL parameter. Upload the file to the Media Content Service and send its mediaSid, or send a Content template (contentSid).',
    );
  }
  const { mediaUrl: _ignored, ...request } = parseInput(sendSchema, params);
  if (!request.body && !request.mediaSid && !request.contentSid) throw badRequest('invalid_request', 'Send a body, a mediaSid, or a contentSid.');
  if (request.contentSid && (request.body || request.mediaSid)) throw badRequest('invalid_request', 'A Content template (contentSid) is sent alone, without body or mediaSid.');
  if (request.contentVariables && !request.contentSid) throw badRequest('invalid_request', 'contentVariables need a contentSid.');
  return request;
}

export type SentMessage = { conversationSid: string; messageSid: string; index: number; duplicate: boolean; idempotencyKey: string };

// How far back a lost send is looked for: a few seconds of traffic in one conversation.
const RECENT_MESSAGES = 50;

async function findByKey(service: ConversationsService, conversationSid: string, key: string) {
  const recent = await service.conversations(conversationSid).messages.list({ order: 'desc', pageSize: RECENT_MESSAGES, limit: RECENT_MESSAGES });
  return recent.find((message) => parseAttributes(message.attributes).idempotencyKey === key);
}

export async function sendMessage(config: Config & { CONVERSATIONS_SERVICE_SID: string }, client: TwilioClient, request: SendRequest): Promise<SentMessage> {
  const service = conversationsService(client, config.CONVERSATIONS_SERVICE_SID);
  const key = request.idempotencyKey ?? randomUUID();
  const answer = (message: { sid: string; index: number }, duplicate: boolean): SentMessage => ({
    conversationSid: request.conversationSid,
    messageSid: message.sid,
    index: message.index,
    duplicate,
    idempotencyKey: key,
  });

  // A caller's retry with its own key: answer the message it already sent.
  if (request.idempotencyKey) {
    const existing = await findByKey(service, request.conversationSid, key);
    if (existing) return answer(existing, true);
  }
  const options = {
    ...(request.body ? { body: request.body } : {}),
    ...(request.mediaSid ? { mediaSid: request.mediaSid } : {}),
    ...(request.contentSid ? { contentSid: request.contentSid } : {}),
    ...(request.contentVariables ? { contentVariables: JSON.stringify(request.contentVariables) } : {}),
    author: request.author ?? 'system',
    attributes: JSON.stringify({ ...(request.attributes ?? {}), idempotencyKey: key }),
    // Default off: our own messages must not re-trigger our webhook or a Studio flow.
    ...(request.webhookEnabled ? { xTwilioWebhookEnabled: 'true' as const } : {}),
  };
  try {
    return answer(await service.conversations(request.conversationSid).messages.create(options), false);
  } catch (error) {
    // A timed-out send may still land: answer a retriable error, never send it twice.
    if (!isAmbiguousFailure(error) || isInFlightFailure(error)) throw error;
    // Twilio answered (5xx) or the connection broke: the create was applied or not, and
    // is no longer in flight. Look before sending again.
    const sent = await findByKey(service, request.conversationSid, key);
    if (sent) return answer(sent, false);
    return answer(await service.conversations(request.conversationSid).messages.create(options), false);
  }
}
