// ConversationWithParticipants may answer before Twilio has created the participants: the
// conversation is `initializing` until they exist, then `active` (or the state asked for), or
// `closed` when their creation failed in the background (error 50427). While initializing it
// takes no update and no message (50386). Twilio documents this for group MMS; the spec allows
// it for any request, so every caller waits for the state to settle, inside its deadline.
// https://www.twilio.com/docs/api/errors/50386, https://www.twilio.com/docs/api/errors/50427
import type { ConversationsService } from './service';

export type ConversationState = 'initializing' | 'active' | 'inactive' | 'closed';

// The room a caller keeps after waiting, for the work it waited for (a message, a webhook).
const RESERVE_MS = 1_500;
const FIRST_WAIT_MS = 100;
const LONGEST_WAIT_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The conversation's state once it has left `initializing`, read again with growing pauses;
 * `initializing` still when the deadline came first. No read at all when it is not initializing.
 */
export async function settledState(
  service: ConversationsService,
  conversationSid: string,
  state: ConversationState,
  deadlineAt: number,
): Promise<ConversationState> {
  let current = state;
  for (let wait = FIRST_WAIT_MS; current === 'initializing'; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
    if (Date.now() + wait > deadlineAt - RESERVE_MS) return current;
    await pause(wait);
    current = (await service.conversations(conversationSid).fetch()).state;
  }
  return current;
}
