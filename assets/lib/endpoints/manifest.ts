// The ONE list of endpoints: path, visibility, auth, input and answer schemas, error codes.
// Every function file takes its entry from here; the deploy-manifest test, the reliability
// auth matrix, docs/endpoints.md, the README's table and docs/openapi.json are derived from
// it (`npm run docs` writes the documents; a test fails when they are out of date).
import type * as v from 'valibot';
import { agentAttachSchema } from '../agent/attach';
import { attachSchema } from '../handoff/attach-flow';
import { handoffSchema } from '../handoff/input';
import type { ErrorCode } from '../http/error-codes';
import { closeSchema } from '../manage/close-conversation';
import { fetchSchema } from '../manage/fetch-conversation';
import { listSchema } from '../manage/list-input';
import { removeParticipantsSchema } from '../manage/remove-participants';
import { updateConversationSchema } from '../manage/update-conversation';
import { updateParticipantSchema } from '../manage/update-participant';
import { transcriptSchema } from '../manage/transcript';
import { historySchema } from '../messages/history';
import { receiptsSchema } from '../messages/receipts';
import { sendSchema } from '../messages/send';
import { onboardSchema } from '../onboard/input';
import { endChatSchema } from '../webchat/end-chat';
import { preEngagementSchema } from '../webchat/guest-chat';
import { webhookFormSchema } from '../webhook/events';
import * as answers from './answers';

/**
 * - `public`: anyone may call (the endpoint may still check a session JWT or an origin);
 * - `server`: `Authorization: Bearer <SERVER_API_TOKEN>` or a valid X-Twilio-Signature;
 * - `twilio-signature`: a valid X-Twilio-Signature only (Twilio, Studio).
 */
export type EndpointAuth = 'public' | 'server' | 'twilio-signature';

export type EndpointEntry = {
  path: string;
  /** The function file's suffix: `protected` makes Twilio's gateway check the signature too. */
  visibility: 'public' | 'protected';
  auth: EndpointAuth;
  /** Browser callers: CORS headers for ALLOWED_ORIGINS and preflight answers. */
  cors?: boolean;
  /** A Function is not told the method: this is the one the endpoint is documented and called with. */
  method: 'GET' | 'POST';
  summary: string;
  caller: string;
  /** Where the parameters are read: the query string, or a JSON or form body. */
  input?: { in: 'query' | 'body'; schema: v.GenericSchema; form?: boolean };
  /** How the caller proves who it is beyond the auth kind (documented, checked in the handler). */
  credential?: string;
  /** The 200 answer; absent for an endpoint that only answers an error. */
  answer?: v.GenericSchema;
  /** The 200 answer may also be text (`text/plain; charset=utf-8`) when the input asks for it: how, and what the text is. */
  textAnswer?: string;
  /** The error codes this endpoint answers, besides those of every endpoint of its auth kind. */
  errors: readonly ErrorCode[];
};

export const ENDPOINTS = {
  health: {
    path: '/health',
    visibility: 'public',
    auth: 'public',
    cors: true,
    method: 'GET',
    summary: 'Liveness, and which optional features are configured (names only, never values).',
    caller: 'monitoring, the console page',
    answer: answers.healthAnswer,
    errors: [],
  },
  token: {
    path: '/token',
    visibility: 'public',
    auth: 'public',
    cors: true,
    method: 'POST',
    summary: 'A Conversations access token for the identity a session JWT proves; call again to refresh.',
    caller: 'browsers and apps of signed-in users',
    credential: 'Authorization: Bearer <session JWT, HS256 with SESSION_SECRET, sub = identity>',
    answer: answers.tokenAnswer,
    errors: ['missing_session', 'invalid_session', 'invalid_identity'],
  },
  webchatStart: {
    path: '/webchat/start',
    visibility: 'public',
    auth: 'public',
    cors: true,
    method: 'POST',
    summary: 'Starts a guest web chat: conversation, guest participant, the question as first message, the bot, a token and a session.',
    caller: 'the web page of an anonymous visitor (ALLOWED_ORIGINS only)',
    input: { in: 'body', schema: preEngagementSchema, form: true },
    answer: answers.guestChatAnswer,
    errors: ['guest_chat_disabled', 'origin_not_allowed', 'invalid_request', 'message_too_long', 'message_blocked', 'guest_chat_busy'],
  },
  webchatEnd: {
    path: '/webchat/end',
    visibility: 'public',
    auth: 'public',
    cors: true,
    method: 'POST',
    summary: 'Ends a guest web chat: the guest’s own session closes its own conversation, after an optional closing notice; idempotent.',
    caller: 'the web page of a guest, with the sessionToken /webchat/start answered',
    credential: 'Authorization: Bearer <guest session JWT: the sessionToken /webchat/start answered>',
    input: { in: 'body', schema: endChatSchema, form: true },
    answer: answers.endChatAnswer,
    errors: [
      'missing_session',
      'invalid_session',
      'not_your_conversation',
      'invalid_request',
      'invalid_identity',
      'conversation_not_found',
      'request_in_progress',
      'message_too_long',
      'message_blocked',
    ],
  },
  onboard: {
    path: '/participants/onboard',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Puts SMS, WhatsApp and chat participants into one conversation: a new one, or one named by conversationSid or uniqueName.',
    caller: 'your backend, Studio',
    input: { in: 'body', schema: onboardSchema, form: true },
    answer: answers.onboardAnswer,
    errors: [
      'invalid_request',
      'invalid_participant',
      'invalid_address',
      'invalid_identity',
      'too_many_participants',
      'conversation_not_found',
      'conversation_closed',
      'address_in_use',
      'participants_failed',
      'conversation_failed',
    ],
  },
  send: {
    path: '/conversations/messages/send',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Sends a message (text, media by URL or mediaSid, or a Content template) under the message policy, exactly once per idempotencyKey.',
    caller: 'your backend, Studio',
    input: { in: 'body', schema: sendSchema, form: true },
    answer: answers.sendAnswer,
    errors: [
      'invalid_request',
      'media_url_invalid',
      'media_url_forbidden',
      'conversation_not_found',
      'conversation_closed',
      'request_in_progress',
      'media_too_large',
      'media_type_unsupported',
      'message_too_long',
      'message_blocked',
      'idempotency_key_reused',
      'media_fetch_failed',
      'media_upload_failed',
    ],
  },
  history: {
    path: '/conversations/messages/history',
    visibility: 'public',
    auth: 'server',
    method: 'GET',
    summary: 'Reads a conversation’s messages with filters Twilio does not have (dates, author, participant, channel) and a cursor.',
    caller: 'your backend, agent tools',
    input: { in: 'query', schema: historySchema },
    answer: answers.historyAnswer,
    errors: ['invalid_request', 'invalid_cursor', 'conversation_not_found'],
  },
  receipts: {
    path: '/conversations/messages/receipts',
    visibility: 'public',
    auth: 'server',
    method: 'GET',
    summary: 'One message’s delivery receipts per SMS/WhatsApp participant (status, error code, channel, address) and its delivery summary.',
    caller: 'your backend, agent tools',
    input: { in: 'query', schema: receiptsSchema },
    answer: answers.receiptsAnswer,
    errors: ['invalid_request', 'conversation_not_found', 'message_not_found'],
  },
  messagesMoved: {
    path: '/conversations/messages',
    visibility: 'public',
    auth: 'public',
    method: 'POST',
    summary: 'Moved: this URL sent with a body and read history without one. Use /conversations/messages/send and /conversations/messages/history.',
    caller: 'callers of the first version',
    errors: ['endpoint_moved'],
  },
  close: {
    path: '/conversations/close',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Closes (State=closed, history kept) or deletes a conversation; idempotent.',
    caller: 'your backend, Studio',
    input: { in: 'body', schema: closeSchema, form: true },
    answer: answers.closeAnswer,
    errors: ['invalid_request', 'conversation_not_found'],
  },
  listConversations: {
    path: '/conversations/list',
    visibility: 'public',
    auth: 'server',
    method: 'GET',
    summary: 'Lists conversations, of one customer (address or identity) or of the Service (state, dates), each with its latest message; a cursor.',
    caller: 'your backend, agent tools',
    input: { in: 'query', schema: listSchema },
    answer: answers.listConversationsAnswer,
    errors: ['invalid_request', 'invalid_address', 'invalid_identity', 'invalid_cursor'],
  },
  fetchConversation: {
    path: '/conversations/fetch',
    visibility: 'public',
    auth: 'server',
    method: 'GET',
    summary: 'One conversation by conversationSid or uniqueName: state, timers, attributes and every participant with its channel and role.',
    caller: 'your backend, agent tools',
    input: { in: 'query', schema: fetchSchema },
    answer: answers.fetchConversationAnswer,
    errors: ['invalid_request', 'conversation_not_found'],
  },
  updateConversation: {
    path: '/conversations/update',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Updates a conversation: attributes by JSON merge patch (no concurrent key lost), friendly name, state, timers; idempotent.',
    caller: 'your backend, Studio',
    input: { in: 'body', schema: updateConversationSchema, form: true },
    answer: answers.updateConversationAnswer,
    errors: ['invalid_request', 'conversation_not_found', 'conversation_closed', 'attributes_unreadable', 'request_in_progress'],
  },
  updateParticipant: {
    path: '/participants/update',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Changes a participant’s attributes by JSON merge patch, the participant named by SID, identity or address; idempotent.',
    caller: 'your backend, Studio',
    input: { in: 'body', schema: updateParticipantSchema, form: true },
    answer: answers.updateParticipantAnswer,
    errors: [
      'invalid_request',
      'invalid_address',
      'invalid_identity',
      'conversation_not_found',
      'participant_not_found',
      'conversation_closed',
      'attributes_unreadable',
      'request_in_progress',
    ],
  },
  removeParticipants: {
    path: '/participants/remove',
    visibility: 'public',
    auth: 'server',
    method: 'POST',
    summary: 'Removes up to 50 participants (by SID, identity or address) in parallel, optionally closing the conversation; idempotent.',
    caller: 'your backend, Studio, agent tools',
    input: { in: 'body', schema: removeParticipantsSchema, form: true },
    answer: answers.removeParticipantsAnswer,
    errors: ['invalid_request', 'invalid_address', 'invalid_identity', 'conversation_not_found'],
  },
  transcript: {
    path: '/conversations/transcript',
    visibility: 'public',
    auth: 'server',
    method: 'GET',
    summary: 'A conversation’s transcript as JSON or text: participants by channel, every message with time, author, body and media names.',
    caller: 'your backend, agent tools, archiving jobs',
    input: { in: 'query', schema: transcriptSchema },
    answer: answers.transcriptAnswer,
    textAnswer: 'format=text: one line per message, `<ISO time> [<channel> <address or identity>] [media: …] <body>`, control characters escaped',
    errors: ['invalid_request', 'invalid_cursor', 'conversation_not_found', 'transcript_too_large'],
  },
  webhook: {
    path: '/conversations/webhook',
    visibility: 'protected',
    auth: 'twilio-signature',
    method: 'POST',
    summary: 'The Conversations pre- and post-event webhook: message policy, readable names, the bot, the auto-reply, channels, delivery failures.',
    caller: 'Twilio Conversations (Service Pre-Event and Post-Event URL)',
    input: { in: 'body', schema: webhookFormSchema, form: true },
    answer: answers.webhookAnswer,
    errors: ['message_too_long', 'message_blocked'],
  },
  handoff: {
    path: '/studio/handoff',
    visibility: 'protected',
    auth: 'twilio-signature',
    method: 'POST',
    summary: 'Hands a conversation from the bot to a human in the same conversation (an agent, or Flex); idempotent; a flat answer for Studio.',
    caller: 'Studio’s Run Function widget',
    input: { in: 'body', schema: handoffSchema, form: true },
    answer: answers.handoffAnswer,
    errors: [
      'invalid_request',
      'invalid_identity',
      'conversation_not_found',
      'conversation_closed',
      'request_in_progress',
      'participant_limit',
      'agent_not_added',
      'no_agent_configured',
      'message_too_long',
      'message_blocked',
    ],
  },
  attach: {
    path: '/studio/attach',
    visibility: 'protected',
    auth: 'twilio-signature',
    method: 'POST',
    summary: 'Attaches a Studio flow to a conversation (back to the bot), clearing the hand-off record.',
    caller: 'Studio, agent tools that sign requests',
    input: { in: 'body', schema: attachSchema, form: true },
    answer: answers.attachAnswer,
    errors: ['invalid_request', 'conversation_not_found', 'conversation_closed', 'bot_already_attached', 'request_in_progress'],
  },
  agentAttach: {
    path: '/agent/attach',
    visibility: 'protected',
    auth: 'twilio-signature',
    method: 'POST',
    summary: 'Gives a conversation back to the AI agent after a hand-off: clears the hand-off record and removes the human it added.',
    caller: 'Studio, Flex or agent tools that sign requests',
    input: { in: 'body', schema: agentAttachSchema, form: true },
    answer: answers.agentAttachAnswer,
    errors: ['invalid_request', 'conversation_not_found', 'conversation_closed', 'bot_already_attached', 'request_in_progress'],
  },
} as const satisfies Record<string, EndpointEntry>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Errors every endpoint can answer, by what it checks. */
export function commonErrors(entry: EndpointEntry): ErrorCode[] {
  const bounds: ErrorCode[] = ['input_too_deep', 'input_too_large', 'invalid_body', 'internal_error', 'not_configured'];
  const auth: ErrorCode[] =
    entry.auth === 'server'
      ? ['unauthorized', 'invalid_signature']
      : entry.auth === 'twilio-signature'
        ? ['invalid_signature']
        : entry.cors
          ? ['origin_not_allowed']
          : [];
  const twilio: ErrorCode[] =
    entry.answer && entry.path !== '/health' && entry.path !== '/token' ? ['twilio_busy', 'twilio_unavailable', 'twilio_rejected', 'not_found'] : [];
  return [...bounds, ...auth, ...twilio];
}

/** Every error code an endpoint may answer, its own and the common ones, each once. */
export function errorsOf(entry: EndpointEntry): ErrorCode[] {
  return [...new Set([...entry.errors, ...commonErrors(entry)])];
}

/** The function file that serves an entry (the file name is the URL and the visibility). */
export function functionFileOf(entry: EndpointEntry): string {
  return `functions${entry.path}${entry.visibility === 'protected' ? '.protected' : ''}.ts`;
}
