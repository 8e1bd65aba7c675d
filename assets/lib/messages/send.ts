// Sending into a conversation without ever sending twice. Twilio has no idempotency guard
// on message creates. A send with the caller's `idempotencyKey` first claims
// `send:<CH>:<key>` in Sync (state/once): exactly one of any number of parallel or later
// retries sends, and stores the message SID there; the others answer that same message,
// however many messages came after it (for 24 hours). The key is the caller's, and only a
// server-authenticated caller can send one; chat users have no access to Sync.
// A send without a key costs one round trip: its own generated key goes into the message
// attributes, so that a create whose answer was lost is found among the latest messages
// instead of being sent again. Only a message this send would have written counts there
// (same author and content): any SDK user can write an `idempotencyKey` into their own
// message's attributes.
// The body passes the message policy first, like every message into a conversation.
import { createHash, randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { utf8Bytes } from '../common/bounded-json';
import { requireConfig, type Config } from '../platform/config';
import { ATTRIBUTE_LIMITS, parseAttributes } from '../conversations/attributes';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import { applyMessagePolicy, messagePolicyOf } from '../policy/message-policy';
import { refusedIfClosed } from '../conversations/errors';
import { OWN_AUTHOR } from '../conversations/own-messages';
import { mayHaveBeenApplied, isInFlight } from '../platform/twilio-errors';
import { type TwilioClient } from '../platform/twilio-client';
import { jsonObjectField, parseInput } from '../http/validation';
import { FingerprintMismatch, once } from '../state/once';
import { stateNames } from '../state/names';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { mediaByUrl } from '../media/media-by-url';
import { isSandboxMode, MAX_URL_LENGTH } from '../media/url-policy';
import type { McsCredentials } from '../media/upload';

/** The upload's credentials: requireConfig's not_configured (naming the variables) when they are missing. */
function mcsCredentials(config: Config): McsCredentials {
  const { ACCOUNT_SID, AUTH_TOKEN } = requireConfig(config, ['ACCOUNT_SID', 'AUTH_TOKEN']);
  return { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: config.TWILIO_API_BASE_URL };
}

// Twilio documents no limit for ContentVariables; this keeps them within a conversation's attributes size.
const CONTENT_VARIABLES_MAX_BYTES = 16_384;

const flag = v.optional(
  v.union(
    [
      v.boolean(),
      v.pipe(
        v.picklist(['true', 'false']),
        v.transform((value) => value === 'true'),
      ),
    ],
    'webhookEnabled must be true or false',
  ),
  false,
);

/**
 * Media per message: the Conversations spec types MediaSid on message create as one string
 * (twilio_conversations_v1.json), so one media by URL per message until Twilio documents more.
 */
const MEDIA_PER_MESSAGE = 1;
const mediaUrlText = v.pipe(
  v.string('mediaUrl must be a URL'),
  v.minLength(1, 'mediaUrl must not be empty'),
  v.maxLength(MAX_URL_LENGTH, `mediaUrl must be at most ${MAX_URL_LENGTH} characters`),
);

export const sendSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  body: v.optional(
    v.pipe(v.string('body must be text'), v.minLength(1, 'body must not be empty'), v.maxLength(32_768, 'body must be at most 32768 characters')),
  ),
  mediaSid: v.optional(v.pipe(v.string(), v.regex(/^ME[0-9a-f]{32}$/, 'mediaSid must be an ME SID (upload media to the Media Content Service first)'))),
  contentSid: v.optional(v.pipe(v.string(), v.regex(/^HX[0-9a-f]{32}$/, 'contentSid must be an HX SID (a Content template)'))),
  contentVariables: v.optional(jsonObjectField('contentVariables', CONTENT_VARIABLES_MAX_BYTES)),
  author: v.optional(v.pipe(v.string('author must be text'), v.minLength(1), v.maxLength(256, 'author must be at most 256 characters'))),
  attributes: v.optional(jsonObjectField('attributes', ATTRIBUTE_LIMITS.message)),
  webhookEnabled: flag,
  idempotencyKey: v.optional(v.pipe(v.string(), v.regex(/^[\w.:-]{8,128}$/, 'idempotencyKey must be 8-128 letters, digits, _ . : -'))),
  mediaUrl: v.optional(
    v.union(
      [mediaUrlText, v.pipe(v.array(mediaUrlText), v.minLength(1), v.maxLength(MEDIA_PER_MESSAGE))],
      `mediaUrl must be a URL, or a list of at most ${MEDIA_PER_MESSAGE} (Twilio's message create takes one MediaSid)`,
    ),
  ),
});

export type SendRequest = Omit<v.InferOutput<typeof sendSchema>, 'mediaUrl'> & { mediaUrl?: string[] };

export function readSendRequest(params: Record<string, unknown>): SendRequest {
  const parsed = parseInput(sendSchema, params);
  const request: SendRequest = { ...parsed, mediaUrl: parsed.mediaUrl === undefined ? undefined : [parsed.mediaUrl].flat() };
  if (!request.mediaUrl) delete request.mediaUrl;
  if (!request.body && !request.mediaSid && !request.contentSid && !request.mediaUrl)
    throw new HttpError('invalid_request', 'Send a body, a mediaUrl, a mediaSid, or a contentSid.');
  if (request.mediaUrl && request.mediaSid) throw new HttpError('invalid_request', 'Send a mediaUrl or a mediaSid, not both.');
  if (request.contentSid && (request.body || request.mediaSid || request.mediaUrl))
    throw new HttpError('invalid_request', 'A Content template (contentSid) is sent alone, without body, mediaUrl or mediaSid.');
  if (request.contentVariables && !request.contentSid) throw new HttpError('invalid_request', 'contentVariables need a contentSid.');
  return request;
}

export type SentMessage = { conversationSid: string; messageSid: string; index: number; duplicate: boolean; idempotencyKey: string };

// How far back a lost send is looked for: a few seconds of traffic in one conversation.
const RECENT_MESSAGES = 50;

type CreateOptions = {
  author: string;
  body?: string;
  mediaSid?: string;
  contentSid?: string;
  contentVariables?: string;
  attributes: string;
  xTwilioWebhookEnabled?: 'true';
};

type StoredMessage = {
  sid: string;
  index: number;
  author: string;
  body: string | null;
  participantSid: string | null;
  attributes: string;
  contentSid: string | null;
  media: unknown;
};

/** Whether `message` is the one these options create: key, author and content all equal. */
function isSameSend(message: StoredMessage, options: CreateOptions, key: string, mediaFromUrl: boolean): boolean {
  if (parseAttributes(message.attributes).idempotencyKey !== key) return false;
  if (message.author !== options.author || (message.body ?? undefined) !== options.body) return false;
  // Our own author is never a participant (a reserved identity): one behind it is someone else's message.
  if (options.author === OWN_AUTHOR && message.participantSid) return false;
  if ((message.contentSid ?? undefined) !== options.contentSid) return false;
  const mediaSid = Array.isArray(message.media) ? (message.media[0] as { sid?: string } | undefined)?.sid : undefined;
  // Media by URL not uploaded yet by this sender (a takeover): any media of this send is it.
  if (mediaFromUrl && !options.mediaSid) return mediaSid !== undefined;
  return mediaSid === options.mediaSid;
}

async function findSent(service: ConversationsService, conversationSid: string, options: CreateOptions, key: string, mediaFromUrl: boolean) {
  const recent = await service.conversations(conversationSid).messages.list({ order: 'desc', pageSize: RECENT_MESSAGES, limit: RECENT_MESSAGES });
  return recent.find((message) => isSameSend(message, options, key, mediaFromUrl));
}

/** The create options: the body under the message policy, the key in the attributes (within Twilio's 4 KiB). */
function createOptions(config: Config, request: SendRequest, key: string): CreateOptions {
  const attributes = JSON.stringify({ ...(request.attributes ?? {}), idempotencyKey: key });
  if (utf8Bytes(attributes) > ATTRIBUTE_LIMITS.message) {
    throw new HttpError(
      'invalid_request',
      `attributes: with the idempotencyKey they carry, message attributes must be at most ${ATTRIBUTE_LIMITS.message} bytes as JSON.`,
      {
        details: {
          fields: [{ field: 'attributes', message: 'too large' }],
        },
      },
    );
  }
  return {
    ...(request.body ? { body: applyMessagePolicy(request.body, messagePolicyOf(config)) } : {}),
    ...(request.mediaSid ? { mediaSid: request.mediaSid } : {}),
    ...(request.contentSid ? { contentSid: request.contentSid } : {}),
    ...(request.contentVariables ? { contentVariables: JSON.stringify(request.contentVariables) } : {}),
    author: request.author ?? OWN_AUTHOR,
    attributes,
    // Default off: our own messages must not re-trigger our webhook or a Studio flow.
    ...(request.webhookEnabled ? { xTwilioWebhookEnabled: 'true' as const } : {}),
  };
}

type Sent = { sid: string; index: number };

// How long a key is remembered: retries come within minutes; a day covers a retry queue.
const KEY_TTL_SECONDS = 86_400;
// A sender that died mid-send is taken over after this: longer than any Function lives.
const SEND_LEASE_MS = 15_000;

/** What a key stands for: the same key with another message is the caller's mistake, not a retry. */
function fingerprintOf(options: CreateOptions, mediaUrl: string[] | undefined): string {
  const { author, body, mediaSid, contentSid, contentVariables, attributes } = options;
  return createHash('sha256')
    .update(JSON.stringify([author, body, mediaSid, contentSid, contentVariables, attributes, ...(mediaUrl ? [mediaUrl] : [])]))
    .digest('base64url');
}

function isSent(value: unknown): value is Sent {
  const sent = value as Partial<Sent> | null;
  return typeof sent?.sid === 'string' && /^IM[0-9a-f]{32}$/.test(sent.sid) && typeof sent.index === 'number';
}

export async function sendMessage(
  config: Config & { CONVERSATIONS_SERVICE_SID: string },
  client: TwilioClient,
  request: SendRequest,
  deadlineAt: number = Date.now() + SEND_LEASE_MS,
  /** The caller already tried a create with this key that may have landed: look before sending. */
  options: { mayExist?: boolean; /** The Function's DOMAIN_NAME: a local one (with the sandbox) allows http://127.0.0.1 media. */ domainName?: string } = {},
): Promise<SentMessage> {
  const service = conversationsService(client, config.CONVERSATIONS_SERVICE_SID);
  const key = request.idempotencyKey ?? randomUUID();
  const createArgs = createOptions(config, request, key);
  const answer = (message: Sent, duplicate: boolean): SentMessage => ({
    conversationSid: request.conversationSid,
    messageSid: message.sid,
    index: message.index,
    duplicate,
    idempotencyKey: key,
  });
  const create = async (): Promise<Sent> => {
    const created = await service.conversations(request.conversationSid).messages.create(createArgs).catch(refusedIfClosed(service, request.conversationSid));
    return { sid: created.sid, index: created.index };
  };
  const look = async (): Promise<Sent | undefined> => {
    const found = await findSent(service, request.conversationSid, createArgs, key, Boolean(request.mediaUrl));
    return found ? { sid: found.sid, index: found.index } : undefined;
  };
  // sendOnce runs once per request (directly, or as the claim's work): the media by URL is
  // fetched and uploaded inside the idempotency claim, before the message exists.
  const sendOnce = async (): Promise<Sent> => {
    if (request.mediaUrl) {
      [createArgs.mediaSid] = await mediaByUrl(request.mediaUrl, {
        service,
        serviceSid: config.CONVERSATIONS_SERVICE_SID,
        conversationSid: request.conversationSid,
        credentials: mcsCredentials(config),
        sandboxMode: isSandboxMode(config.TWILIO_API_BASE_URL, options.domainName),
        chatMaxBytes: config.MEDIA_MAX_BYTES,
        deadlineAt,
      });
    }
    try {
      return await create();
    } catch (error) {
      // A timed-out send may still land: answer a retriable error, never send it twice.
      if (!mayHaveBeenApplied(error) || isInFlight(error)) throw error;
      // Twilio answered (5xx) or the connection broke: the create was applied or not, and
      // is no longer in flight. Look before sending again.
      return (await look()) ?? (await create());
    }
  };

  if (!request.idempotencyKey) return answer(await sendOnce(), false);

  const store = syncStore(client, syncServiceSid(config));
  const name = stateNames.send(request.conversationSid, key);
  try {
    const result = await once(
      store,
      name,
      { ttlSeconds: KEY_TTL_SECONDS, leaseMs: SEND_LEASE_MS, deadlineAt, fingerprint: fingerprintOf(createArgs, request.mediaUrl) },
      async (takeover) => {
        // Taking over from a sender that died, or after the caller's own create that may have
        // landed: look before sending.
        const earlier = takeover || options.mayExist ? await look() : undefined;
        return earlier ?? (await sendOnce());
      },
    );
    if (result.kind === 'done') {
      if (!isSent(result.value)) throw new Error(`${name} holds no message`);
      return answer(result.value, true);
    }
    return answer(result.value, false);
  } catch (error) {
    if (error instanceof FingerprintMismatch) {
      throw new HttpError('idempotency_key_reused', `idempotencyKey ${key} was already used for a different message in this conversation.`, {
        details: { fields: [{ field: 'idempotencyKey', message: 'used for a different message' }] },
      });
    }
    throw error;
  }
}
