// The conversation as the agent is shown it: the latest messages, oldest first, each with who
// wrote it (the customer, staff, the agent itself, or one of our notices), the channel it came
// on, its text as prompt-text allows it, and its media named (type and file name), never sent.
// Never an author: for SMS and WhatsApp that is the customer's phone number, for chat an
// identity. Everything here was read back from Twilio and is untrusted: attributes are read
// with the bounded parser, bodies are bounded, and nothing a customer writes changes a role.
import { channelOfParticipant, type ParticipantLike } from '../conversations/channels';
import { isAgentStoredMessage, isOwnStoredMessage } from '../conversations/own-messages';
import { parseAttributes } from '../conversations/attributes';
import { hasMessagingParticipant, isHumanAgent } from '../webhook/handlers/auto-reply';
import type { MessagePolicy } from '../policy/message-policy';
import { textForPrompt } from './prompt-text';

type TurnRole = 'customer' | 'staff' | 'agent' | 'notice';
type TurnMedia = { contentType: string; filename?: string };
export type Turn = { role: TurnRole; channel: string | null; text: string; media: TurnMedia[]; at: string | null };

/** A message as Twilio lists it: only what the turns are made from. */
export type StoredMessage = {
  index: number;
  author: string | null;
  body: string | null;
  participantSid: string | null;
  attributes: string | null;
  media: unknown;
  dateCreated: Date | null;
};

export type StoredParticipant = ParticipantLike & { sid: string };

export type TurnOptions = {
  policy: Pick<MessagePolicy, 'redact'>;
  defaultCountry: string;
  agentIdentities: readonly string[];
  /** The customer's message being answered: later ones are not part of its context. */
  upToIndex: number;
  /** How many turns to keep, the newest. */
  limit: number;
};

const MAX_MEDIA = 10;
const shortText = (value: unknown, max: number) => (typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined);

/**
 * Media as Twilio lists it on a message (content_type, filename): named, bounded, never
 * fetched. The customer chose the file name: it is shown as their text is (card-4111….jpg).
 */
function mediaOf(raw: unknown, options: Pick<TurnOptions, 'policy' | 'defaultCountry'>): TurnMedia[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, MAX_MEDIA).flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const record = item as Record<string, unknown>;
    const contentType = shortText(record.content_type ?? record.contentType, 100) ?? 'application/octet-stream';
    const named = shortText(record.filename, 100);
    const filename = named && textForPrompt(named, options.policy, options.defaultCountry);
    return [{ contentType, ...(filename ? { filename } : {}) }];
  });
}

/** The agent's answer (or fallback) to `messageSid` among the messages, if there: only messages we wrote count. */
export function answerTo<M extends Pick<StoredMessage, 'author' | 'participantSid' | 'attributes'>>(messages: readonly M[], messageSid: string): M | undefined {
  return messages.find((message) => isAgentStoredMessage(message) && parseAttributes(message.attributes).agentReplyTo === messageSid);
}

export const answeredAlready = (messages: readonly StoredMessage[], messageSid: string): boolean => answerTo(messages, messageSid) !== undefined;

/** Whether the latest message the agent wrote is a fallback (the agent failed last time too). */
export function lastAgentMessageIsFallback(messages: readonly StoredMessage[], upToIndex: number): boolean {
  const latest = messages.filter((message) => message.index <= upToIndex && isAgentStoredMessage(message)).sort((a, b) => b.index - a.index)[0];
  return latest !== undefined && parseAttributes(latest.attributes).agentFallback === true;
}

function roleOf(message: StoredMessage, participant: StoredParticipant | undefined, context: Parameters<typeof isHumanAgent>[1]): TurnRole {
  if (isAgentStoredMessage(message)) return 'agent';
  if (isOwnStoredMessage(message)) return 'notice';
  if (participant && isHumanAgent(participant, { ...context, author: message.author ?? undefined })) return 'staff';
  // A participant who has left, or a REST message of another backend: the customer's side is the safe guess.
  return participant || message.participantSid ? 'customer' : 'notice';
}

/** The turns for the prompt (pure), oldest first, ending with the message being answered. */
export function conversationTurns(messages: readonly StoredMessage[], participants: readonly StoredParticipant[], options: TurnOptions): Turn[] {
  const bySid = new Map(participants.map((participant) => [participant.sid, participant]));
  const context = { agentIdentities: options.agentIdentities, author: undefined, hasMessagingParticipant: hasMessagingParticipant(participants) };
  const inContext = messages
    .filter((message) => message.index <= options.upToIndex)
    .sort((a, b) => a.index - b.index)
    .slice(-options.limit);
  return inContext.flatMap((message): Turn[] => {
    const participant = message.participantSid ? bySid.get(message.participantSid) : undefined;
    const media = mediaOf(message.media, options);
    const text = message.body ? textForPrompt(message.body, options.policy, options.defaultCountry) : '';
    if (text === '' && media.length === 0) return [];
    return [
      {
        role: roleOf(message, participant, context),
        channel: participant ? channelOfParticipant(participant) : null,
        text,
        media,
        at: message.dateCreated ? message.dateCreated.toISOString() : null,
      },
    ];
  });
}
