// The ONE table of our error codes: HTTP status, what it means, whether retrying the same
// request can succeed. Every error answer uses a code from here (HttpError takes the code,
// the status follows), and docs/errors.md is written from it (`npm run docs`).
import type { ErrorStatus } from './statuses';

export type ErrorCodeEntry = { status: ErrorStatus; meaning: string; retriable: boolean };

export const ERROR_CODES = {
  invalid_request: { status: 400, meaning: 'A parameter is missing or wrong; `details.fields` names each one.', retriable: false },
  invalid_body: { status: 400, meaning: 'The body is neither valid JSON nor a valid form.', retriable: false },
  invalid_participant: { status: 400, meaning: 'One participant of an onboarding request is wrong; `details.field` says which.', retriable: false },
  invalid_address: { status: 400, meaning: 'A phone number or WhatsApp address is not valid.', retriable: false },
  invalid_identity: {
    status: 400,
    meaning: 'A chat identity is not usable: characters, length, a SID look-alike, or reserved (`system`, `guest-*`).',
    retriable: false,
  },
  invalid_cursor: {
    status: 400,
    meaning: 'The cursor was changed, or belongs to another request (another conversation, other filters); start again without it.',
    retriable: false,
  },
  media_url_invalid: {
    status: 400,
    meaning: 'A mediaUrl is not a URL this endpoint fetches (malformed, credentials, scheme, too many); `details.url` names it.',
    retriable: false,
  },
  media_url_forbidden: {
    status: 400,
    meaning: 'A mediaUrl is http, or reaches (or redirects to) a private, loopback or reserved address; `details.url` names it.',
    retriable: false,
  },
  too_many_participants: { status: 400, meaning: 'More than 50 non-chat participants for one conversation (Twilio’s limit).', retriable: false },
  input_too_deep: { status: 400, meaning: 'The request nests JSON deeper than 32 levels.', retriable: false },
  missing_session: { status: 401, meaning: 'No session JWT was sent (`Authorization: Bearer <jwt>`).', retriable: false },
  invalid_session: {
    status: 401,
    meaning: 'The session JWT is not valid (signature, algorithm, expiry, issue time, length, issuer, audience), or a guest session names no chat.',
    retriable: false,
  },
  unauthorized: { status: 401, meaning: 'Neither the server token nor a valid Twilio signature was sent.', retriable: false },
  invalid_signature: { status: 403, meaning: 'X-Twilio-Signature is missing or does not match the URL and body.', retriable: false },
  origin_not_allowed: { status: 403, meaning: 'The browser origin is not in ALLOWED_ORIGINS.', retriable: false },
  not_your_conversation: {
    status: 403,
    meaning: 'A guest session ends only its own chat: the conversation its session names, while the guest is still in it.',
    retriable: false,
  },
  guest_chat_disabled: { status: 404, meaning: 'Guest chat is off (GUEST_CHAT_ENABLED).', retriable: false },
  conversation_not_found: { status: 404, meaning: 'The conversation does not exist in this Conversations Service.', retriable: false },
  not_found: { status: 404, meaning: 'A Twilio resource the request names does not exist.', retriable: false },
  message_not_found: { status: 404, meaning: 'The conversation has no message with that SID.', retriable: false },
  participant_not_found: { status: 404, meaning: 'No participant of the conversation has that SID, identity or address.', retriable: false },
  address_in_use: { status: 409, meaning: 'The address is already in another open conversation with that proxy address (onConflict=fail).', retriable: false },
  conversation_closed: { status: 409, meaning: 'The conversation is closed; closed is final in Twilio. Start a new conversation.', retriable: false },
  bot_already_attached: { status: 409, meaning: 'The conversation already has a Studio flow attached.', retriable: false },
  attributes_unreadable: {
    status: 409,
    meaning: 'The stored attributes nest deeper than 32 levels: they are not merged (that would lose keys); replace them through the REST API.',
    retriable: false,
  },
  request_in_progress: {
    status: 409,
    meaning: 'Another request with the same idempotency key (or the same hand-off) is still running; retry after `Retry-After`.',
    retriable: true,
  },
  participant_limit: { status: 409, meaning: 'The conversation has reached a Twilio participant limit.', retriable: false },
  endpoint_moved: { status: 410, meaning: 'This URL did two jobs and now does none: `details.use` names the URLs that do.', retriable: false },
  input_too_large: { status: 413, meaning: 'The request is over a size limit: a string, a list, the values or the body in all.', retriable: false },
  transcript_too_large: {
    status: 413,
    meaning: 'The transcript does not fit in one answer (4 MB, or the time one request has): read it in parts from `details.cursor`.',
    retriable: false,
  },
  media_too_large: {
    status: 413,
    meaning: 'A mediaUrl’s file is over the size limit of a channel in the conversation (`details.channel`, `details.limit`).',
    retriable: false,
  },
  media_type_unsupported: {
    status: 415,
    meaning: 'A mediaUrl’s file (its type read from its bytes) cannot be sent to a channel in the conversation (`details.channel`).',
    retriable: false,
  },
  idempotency_key_reused: { status: 422, meaning: 'The idempotencyKey was used before for a different message in this conversation.', retriable: false },
  guest_chat_busy: { status: 429, meaning: 'More guest chats started this minute than GUEST_CHAT_MAX_PER_MINUTE; retry after `Retry-After`.', retriable: true },
  message_too_long: { status: 422, meaning: 'The message is longer than MAX_MESSAGE_LENGTH.', retriable: false },
  message_blocked: { status: 422, meaning: 'The message matches BLOCKED_PATTERNS.', retriable: false },
  participants_failed: { status: 422, meaning: 'No participant could be added; `details` has each outcome.', retriable: false },
  internal_error: { status: 500, meaning: 'A bug of ours; the cause is in the log, never in the answer.', retriable: false },
  twilio_rejected: { status: 502, meaning: 'Twilio refused the request (`details.twilioCode`).', retriable: false },
  twilio_unavailable: { status: 502, meaning: 'Twilio did not answer or could not be reached; the request may be retried as it is.', retriable: true },
  conversation_failed: {
    status: 502,
    meaning: 'Twilio could not create the participants of a new conversation and closed it (50427); it was removed: send the request again.',
    retriable: true,
  },
  media_fetch_failed: {
    status: 502,
    meaning: 'A mediaUrl’s host failed, answered an error, redirected more than 3 times or timed out (`details.url`).',
    retriable: true,
  },
  agent_not_added: { status: 502, meaning: 'Twilio refused to add the hand-off agent (`details.reason`, `details.twilioCode`).', retriable: false },
  twilio_busy: { status: 503, meaning: 'Twilio is rate limiting (429); retry after `Retry-After`.', retriable: true },
  media_upload_failed: {
    status: 503,
    meaning: 'Uploading a mediaUrl’s file to Twilio’s Media Content Service failed; nothing was sent: retry.',
    retriable: true,
  },
  not_configured: { status: 503, meaning: 'A variable the endpoint needs is missing or invalid; `details.variables` names them.', retriable: false },
  no_agent_configured: { status: 503, meaning: 'A hand-off has nobody to go to: no AgentIdentity, AGENT_IDENTITIES or Flex settings.', retriable: false },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;
