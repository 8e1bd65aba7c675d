// The Conversations webhook's handler table: one entry per event type we act on. Everything
// else (unknown or unhandled events) is answered 200 `{}` and logged by the dispatcher.
// `npm run configure` derives the webhook Filters from HANDLED_WEBHOOK_EVENTS, so adding an
// entry here is all it takes to receive a new event type.
import type { HandlerTable } from './context';
import { admitConversation } from './handlers/admission';
import { setUpAutocreatedConversation } from './handlers/bot';
import { afterMessageAdded } from './handlers/message-added';
import { summarizeChannels } from './handlers/channels';
import { reportDelivery } from './handlers/deliveries';
import { moderateMessage } from './handlers/moderation';

export const WEBHOOK_HANDLERS = {
  // Pre-events: decided from the event alone, no REST call.
  onMessageAdd: moderateMessage,
  onMessageUpdate: moderateMessage,
  // The first message of an autocreated conversation comes in it (no onMessageAdd is sent).
  onConversationAdd: admitConversation,
  // Post-events: idempotent by state.
  onConversationAdded: setUpAutocreatedConversation,
  // The policy again for what no pre-event judged, then the auto-reply.
  onMessageAdded: afterMessageAdded,
  onParticipantAdded: summarizeChannels,
  onParticipantRemoved: summarizeChannels,
  onDeliveryUpdated: reportDelivery,
} as const satisfies HandlerTable;

export type HandledEventType = keyof typeof WEBHOOK_HANDLERS;

/** The event types the webhook acts on: the Filters to configure on the Service. */
export const HANDLED_WEBHOOK_EVENTS = Object.freeze(Object.keys(WEBHOOK_HANDLERS) as HandledEventType[]);
