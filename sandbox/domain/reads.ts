// Reading, as the recipients do it: a chat user's SDK moves the participant's read horizon
// (setAllMessagesRead / setLastReadMessageIndex update last_read_message_index and
// last_read_timestamp), a WhatsApp user's phone turns delivered receipts into `read`. SMS
// has no read receipts: asking for one is a test's mistake.
import { CONVERSATIONS_BASE, type Ctx } from './context';
import { isoDate } from '../clock';
import { TwilioApiError } from '../errors';
import { findConversation } from './conversations';
import { participantsOf } from './indexes';

export type ReadUpTo = { conversationSid: string; /** A chat identity, or a WhatsApp address. */ who: string; index: number };

export function readUpTo(ctx: Ctx, read: ReadUpTo): void {
  const scope = { serviceSid: ctx.state.serviceSid, base: CONVERSATIONS_BASE };
  const c = findConversation(ctx, scope, read.conversationSid, `/v1/Conversations/${read.conversationSid}`);
  const participant = participantsOf(ctx.state, c.sid).find(
    (p) => p.identity === read.who || (p.binding !== null && 'address' in p.binding && p.binding.address === read.who),
  );
  if (!participant) throw new TwilioApiError(404, 20404, `${read.who} is not a participant of ${c.sid}`);
  if (participant.identity !== null) {
    participant.lastReadMessageIndex = read.index;
    participant.lastReadTimestamp = isoDate(ctx.clock.now());
    return;
  }
  if (participant.binding?.type !== 'whatsapp') throw new TwilioApiError(400, 20001, `${read.who} is an SMS participant: SMS has no read receipts`);
  for (const delivery of ctx.state.deliveries) {
    const message = ctx.state.messages.get(delivery.messageSid);
    if (delivery.participantSid === participant.sid && message && message.index <= read.index) ctx.deliveries.markRead(c, delivery);
  }
}
