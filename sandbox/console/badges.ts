// Who is who in a conversation, as the console shows it: a channel badge per participant
// and per message author. Display only: attributes are what anyone in the conversation may
// have written, so they choose a label here and nothing else.
import { AGENT_AUTHOR, OWN_AUTHOR } from '../../assets/lib/conversations/own-messages';
import { isJsonObject } from '../../assets/lib/common/bounded-json';
import type { MessageRecord, ParticipantRecord } from '../state';

export type Badge = 'sms' | 'whatsapp' | 'chat' | 'agent' | 'bot' | 'functions';

function roleOf(attributes: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(attributes);
    const role = isJsonObject(parsed) ? parsed.role : undefined;
    return typeof role === 'string' ? role : undefined;
  } catch {
    // Not JSON: no role.
    return undefined;
  }
}

export function participantBadge(p: ParticipantRecord): Badge {
  // A projected binding's type is always sms.
  if (p.binding) return p.binding.type;
  const role = roleOf(p.attributes);
  return role === 'agent' || role === 'bot' ? role : 'chat';
}

/** The name a participant goes by: its identity, or the address it texts from. */
export function participantLabel(p: ParticipantRecord): string {
  if (p.identity) return p.identity;
  if (p.binding) return 'projectedAddress' in p.binding ? p.binding.projectedAddress : p.binding.address;
  return p.sid;
}

/** A lookup of each author (identity or address) of one conversation to its badge, from its participants as shown. */
export function authorBadges(people: readonly { label: string; badge: Badge }[]): (m: MessageRecord) => Badge {
  const byAuthor = new Map(people.map((p): [string, Badge] => [p.label, p.badge]));
  // The bundle's own notices show as the functions'; the AI agent's answers as a bot's.
  return (m) => byAuthor.get(m.author) ?? (m.author === OWN_AUTHOR ? 'functions' : m.author === AGENT_AUTHOR ? 'bot' : BY_SOURCE[m.source]);
}

/** An author who left the conversation: the channel the message came by. */
const BY_SOURCE: Record<MessageRecord['source'], Badge> = { SMS: 'sms', WHATSAPP: 'whatsapp', SDK: 'chat', API: 'functions' };
