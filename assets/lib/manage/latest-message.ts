// The latest message of a conversation as a list shows it: one read (Order=desc, PageSize=1),
// its body cut to a preview. Bodies are written by customers: the preview is cut at a whole
// code point, never in the middle of a surrogate pair.
import type { MessageInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/message';
import type { ConversationsService } from '../conversations/service';
import { isNotFound } from '../platform/twilio-errors';
import type { ShownChannel } from './participant-view';
import { isoOrNull, textOrNull } from './shown-values';

const PREVIEW_LENGTH = 200;

export type LatestMessage = {
  sid: string;
  index: number;
  author: string | null;
  /** The first PREVIEW_LENGTH characters (code points) of the body; null for a message without text. */
  body: string | null;
  bodyTruncated: boolean;
  hasMedia: boolean;
  /** The author's channel, when it can be told; null for a message no participant wrote (REST). */
  channel: ShownChannel | null;
  dateCreated: string | null;
};

/** The participant a caller already knows (by customer: theirs), so its messages get its exact channel. */
export type KnownAuthor = { participantSid: string; channel: ShownChannel };

/** The first `length` code points of a text, and whether anything was cut. */
export function previewOf(text: string, length = PREVIEW_LENGTH): { body: string; truncated: boolean } {
  // Two UTF-16 units per code point at most: no need to split the whole (up to 32,768 characters) body.
  const points = Array.from(text.slice(0, length * 2 + 1));
  const body = points.slice(0, length).join('');
  return { body, truncated: body.length < text.length };
}

type MessageFacts = Pick<MessageInstance, 'author' | 'participantSid'>;

/** The author's channel from what the message says: its participant, or the form of its author. */
export function authorChannel(message: MessageFacts, known?: KnownAuthor): ShownChannel | null {
  if (known && message.participantSid === known.participantSid) return known.channel;
  if (!message.participantSid) return null;
  const author = textOrNull(message.author) ?? '';
  // Twilio writes inbound SMS and WhatsApp messages as the sender's address.
  if (/^whatsapp:/i.test(author)) return 'whatsapp';
  if (/^\+[1-9]\d{6,14}$/.test(author)) return 'sms';
  if (/^[a-z][a-z0-9_-]*:/i.test(author)) return 'other';
  return 'chat';
}

export function latestMessageView(message: MessageInstance, known?: KnownAuthor): LatestMessage {
  const text = textOrNull(message.body);
  const preview = text === null ? null : previewOf(text);
  return {
    sid: message.sid,
    index: message.index,
    author: textOrNull(message.author),
    body: preview?.body ?? null,
    bodyTruncated: preview?.truncated ?? false,
    hasMedia: Array.isArray(message.media) && message.media.length > 0,
    channel: authorChannel(message, known),
    dateCreated: isoOrNull(message.dateCreated),
  };
}

/** The latest message, or null when there is none (or the conversation was deleted since it was listed). */
export async function readLatestMessage(service: ConversationsService, conversationSid: string, known?: KnownAuthor): Promise<LatestMessage | null> {
  try {
    const [latest] = await service.conversations(conversationSid).messages.list({ order: 'desc', limit: 1 });
    return latest ? latestMessageView(latest, known) : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
