// The answers of every endpoint as schemas: docs/openapi.json is generated from them, and
// the integration tests check every answer against that document. Each schema is tied at
// compile time to the type the feature module returns (`Same<>` below), so the two cannot drift.
import * as v from 'valibot';
import type { AgentAttachAnswer } from '../agent/attach';
import type { AttachAnswer } from '../handoff/attach-flow';
import type { HandoffAnswer } from '../handoff/handoff';
import { ERROR_CODES, type ErrorCode } from '../http/error-codes';
import type { CloseResult } from '../manage/close-conversation';
import type { ConversationDetails } from '../manage/fetch-conversation';
import type { ConversationList } from '../manage/list-conversations';
import type { ParticipantsRemoved } from '../manage/remove-participants';
import type { ConversationUpdated } from '../manage/update-conversation';
import type { ParticipantUpdated } from '../manage/update-participant';
import type { Transcript } from '../manage/transcript';
import type { History } from '../messages/history';
import type { MessageReceipts } from '../messages/receipts';
import type { SentMessage } from '../messages/send';
import type { OnboardResult } from '../onboard/onboard';
import type { ChatToken } from '../tokens/access-token';
import type { EndedChat } from '../webchat/end-chat';
import type { GuestChat } from '../webchat/guest-chat';
import type { PreEventChanges } from '../webhook/context';

const sid = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)));
const isoTime = v.pipe(v.string(), v.isoTimestamp());

export const errorAnswer = v.object({
  error: v.object({
    code: v.picklist(Object.keys(ERROR_CODES) as ErrorCode[]),
    message: v.string(),
    details: v.optional(v.unknown()),
  }),
});

export const healthAnswer = v.object({ ok: v.literal(true), version: v.string(), sandbox: v.boolean(), configured: v.array(v.string()) });

export const tokenAnswer = v.object({ token: v.string(), identity: v.string(), expiresAt: isoTime });

export const guestChatAnswer = v.object({ token: v.string(), identity: v.string(), conversationSid: sid('CH'), sessionToken: v.string(), expiresAt: isoTime });

export const endChatAnswer = v.object({ conversationSid: sid('CH'), closed: v.literal(true), changed: v.boolean() });

const participantError = v.object({ code: v.string(), message: v.string(), twilioCode: v.optional(v.number()), retriable: v.optional(v.boolean()) });

export const onboardAnswer = v.object({
  conversationSid: sid('CH'),
  state: v.picklist(['initializing', 'active', 'inactive']),
  created: v.boolean(),
  reused: v.boolean(),
  participants: v.array(
    v.object({
      channel: v.string(),
      identity: v.optional(v.string()),
      address: v.optional(v.string()),
      proxyAddress: v.optional(v.string()),
      participantSid: v.nullable(sid('MB')),
      outcome: v.picklist(['added', 'existing', 'reused', 'failed']),
      conversationSid: v.optional(sid('CH')),
      error: v.optional(participantError),
    }),
  ),
});

export const sendAnswer = v.object({
  conversationSid: sid('CH'),
  messageSid: sid('IM'),
  index: v.number(),
  duplicate: v.boolean(),
  idempotencyKey: v.string(),
});

const historyMedia = v.object({
  sid: v.nullable(v.string()),
  filename: v.nullable(v.string()),
  contentType: v.nullable(v.string()),
  size: v.nullable(v.number()),
});

const share = v.picklist(['all', 'some', 'none']);
const deliverySummary = v.nullable(v.object({ total: v.number(), sent: share, delivered: share, read: share, failed: share, undelivered: share }));

export const historyAnswer = v.object({
  conversationSid: sid('CH'),
  messages: v.array(
    v.object({
      sid: sid('IM'),
      index: v.number(),
      author: v.string(),
      body: v.nullable(v.string()),
      media: v.nullable(v.array(historyMedia)),
      attributes: v.union([v.record(v.string(), v.unknown()), v.string()]),
      attributesRaw: v.optional(v.literal(true)),
      participantSid: v.nullable(sid('MB')),
      channel: v.nullable(v.picklist(['sms', 'whatsapp', 'chat', 'other'])),
      dateCreated: isoTime,
      delivery: deliverySummary,
      readBy: v.array(v.string()),
    }),
  ),
  nextCursor: v.nullable(v.string()),
});

export const receiptsAnswer = v.object({
  conversationSid: sid('CH'),
  messageSid: sid('IM'),
  delivery: deliverySummary,
  receipts: v.array(
    v.object({
      sid: v.string(),
      participantSid: v.nullable(v.string()),
      channel: v.nullable(v.string()),
      address: v.nullable(v.string()),
      status: v.nullable(v.picklist(['sent', 'delivered', 'read', 'failed', 'undelivered'])),
      errorCode: v.nullable(v.number()),
      channelMessageSid: v.nullable(v.string()),
      dateUpdated: v.nullable(isoTime),
    }),
  ),
});

export const closeAnswer = v.object({ conversationSid: sid('CH'), state: v.picklist(['closed', 'deleted']), changed: v.boolean() });

const conversationState = v.picklist(['initializing', 'active', 'inactive', 'closed']);
const shownChannel = v.picklist(['sms', 'whatsapp', 'chat', 'other']);
const who = {
  channel: shownChannel,
  identity: v.nullable(v.string()),
  address: v.nullable(v.string()),
  proxyAddress: v.nullable(v.string()),
};

export const listConversationsAnswer = v.object({
  conversations: v.array(
    v.object({
      conversationSid: sid('CH'),
      uniqueName: v.nullable(v.string()),
      friendlyName: v.nullable(v.string()),
      state: conversationState,
      dateCreated: v.nullable(isoTime),
      dateUpdated: v.nullable(isoTime),
      participant: v.optional(v.object({ sid: sid('MB'), ...who })),
      latestMessage: v.nullable(
        v.object({
          sid: sid('IM'),
          index: v.number(),
          author: v.nullable(v.string()),
          body: v.nullable(v.pipe(v.string(), v.maxLength(400))),
          bodyTruncated: v.boolean(),
          hasMedia: v.boolean(),
          channel: v.nullable(shownChannel),
          dateCreated: v.nullable(isoTime),
        }),
      ),
    }),
  ),
  nextCursor: v.nullable(v.string()),
});

export const fetchConversationAnswer = v.object({
  conversationSid: sid('CH'),
  uniqueName: v.nullable(v.string()),
  friendlyName: v.nullable(v.string()),
  state: conversationState,
  timers: v.object({ dateInactive: v.nullable(v.string()), dateClosed: v.nullable(v.string()) }),
  dateCreated: v.nullable(isoTime),
  dateUpdated: v.nullable(isoTime),
  attributes: v.union([v.record(v.string(), v.unknown()), v.string()]),
  attributesRaw: v.optional(v.literal(true)),
  participants: v.array(
    v.object({
      sid: sid('MB'),
      ...who,
      role: v.nullable(v.picklist(['agent', 'customer', 'bot'])),
      attributes: v.union([v.record(v.string(), v.unknown()), v.string()]),
      attributesRaw: v.optional(v.literal(true)),
      lastReadMessageIndex: v.nullable(v.number()),
      dateCreated: v.nullable(isoTime),
    }),
  ),
});

export const updateConversationAnswer = v.object({
  conversationSid: sid('CH'),
  state: conversationState,
  friendlyName: v.nullable(v.string()),
  attributes: v.union([v.record(v.string(), v.unknown()), v.string()]),
  attributesRaw: v.optional(v.literal(true)),
  changed: v.boolean(),
});

export const updateParticipantAnswer = v.object({
  conversationSid: sid('CH'),
  participantSid: sid('MB'),
  identity: v.nullable(v.string()),
  address: v.nullable(v.string()),
  channel: v.string(),
  attributes: v.record(v.string(), v.unknown()),
  changed: v.boolean(),
});

const removalNamed = { identity: v.optional(v.string()), address: v.optional(v.string()), channel: v.optional(v.string()) };

export const removeParticipantsAnswer = v.object({
  conversationSid: sid('CH'),
  state: conversationState,
  changed: v.boolean(),
  participants: v.array(
    v.union([
      v.object({ participantSid: sid('MB'), removed: v.literal(true), outcome: v.literal('removed'), ...removalNamed }),
      v.object({ participantSid: v.nullable(sid('MB')), removed: v.literal(false), outcome: v.literal('absent'), ...removalNamed }),
      v.object({ participantSid: sid('MB'), removed: v.literal(false), outcome: v.literal('failed'), error: participantError, ...removalNamed }),
    ]),
  ),
});

const transcriptChannel = v.picklist(['sms', 'whatsapp', 'chat', 'other']);

export const transcriptAnswer = v.object({
  conversationSid: sid('CH'),
  uniqueName: v.nullable(v.string()),
  friendlyName: v.nullable(v.string()),
  state: v.picklist(['initializing', 'active', 'inactive', 'closed']),
  participants: v.array(
    v.object({ participantSid: sid('MB'), channel: transcriptChannel, identity: v.nullable(v.string()), address: v.nullable(v.string()), label: v.string() }),
  ),
  messages: v.array(
    v.object({
      sid: sid('IM'),
      index: v.number(),
      dateCreated: isoTime,
      author: v.string(),
      label: v.string(),
      participantSid: v.nullable(sid('MB')),
      channel: v.nullable(transcriptChannel),
      body: v.nullable(v.string()),
      media: v.array(v.object({ sid: v.nullable(v.string()), filename: v.nullable(v.string()), contentType: v.nullable(v.string()) })),
    }),
  ),
  nextCursor: v.nullable(v.string()),
});

/** A pre-event answer: `{}` publishes unchanged, the fields publish changed; post-events are answered `{}`. */
export const webhookAnswer = v.object({
  body: v.optional(v.string()),
  author: v.optional(v.string()),
  attributes: v.optional(v.string()),
  friendly_name: v.optional(v.string()),
});

export const handoffAnswer = v.object({
  handedOff: v.literal(true),
  alreadyHandedOff: v.boolean(),
  conversationSid: sid('CH'),
  route: v.picklist(['agent', 'flex']),
  agentIdentity: v.optional(v.string()),
  interactionSid: v.optional(v.string()),
  handedOffAt: isoTime,
  executionEnded: v.optional(v.boolean()),
});

export const attachAnswer = v.object({
  attached: v.literal(true),
  conversationSid: sid('CH'),
  flowSid: sid('FW'),
  webhookSid: sid('WH'),
  replayAfter: v.nullable(v.number()),
  handoffCleared: v.boolean(),
});

export const agentAttachAnswer = v.object({
  attached: v.literal(true),
  conversationSid: sid('CH'),
  handoffCleared: v.boolean(),
  agentRemoved: v.nullable(v.string()),
  agentAnswers: v.boolean(),
});

// Compile-time ties between each schema and the type its feature returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Tied<T extends true> = T;
export type AnswerTypesMatch = [
  Tied<Same<v.InferOutput<typeof tokenAnswer>, ChatToken>>,
  Tied<Same<v.InferOutput<typeof guestChatAnswer>, GuestChat>>,
  Tied<Same<v.InferOutput<typeof endChatAnswer>, EndedChat>>,
  Tied<Same<v.InferOutput<typeof onboardAnswer>, OnboardResult>>,
  Tied<Same<v.InferOutput<typeof sendAnswer>, SentMessage>>,
  Tied<Same<v.InferOutput<typeof historyAnswer>, History>>,
  Tied<Same<v.InferOutput<typeof receiptsAnswer>, MessageReceipts>>,
  Tied<Same<v.InferOutput<typeof closeAnswer>, CloseResult>>,
  Tied<Same<v.InferOutput<typeof transcriptAnswer>, Transcript>>,
  Tied<Same<v.InferOutput<typeof listConversationsAnswer>, ConversationList>>,
  Tied<Same<v.InferOutput<typeof fetchConversationAnswer>, ConversationDetails>>,
  Tied<Same<v.InferOutput<typeof updateConversationAnswer>, ConversationUpdated>>,
  Tied<Same<v.InferOutput<typeof updateParticipantAnswer>, ParticipantUpdated>>,
  Tied<Same<v.InferOutput<typeof removeParticipantsAnswer>, ParticipantsRemoved>>,
  Tied<Same<v.InferOutput<typeof webhookAnswer>, PreEventChanges>>,
  Tied<Same<v.InferOutput<typeof handoffAnswer>, HandoffAnswer>>,
  Tied<Same<v.InferOutput<typeof attachAnswer>, AttachAnswer>>,
  Tied<Same<v.InferOutput<typeof agentAttachAnswer>, AgentAttachAnswer>>,
];
