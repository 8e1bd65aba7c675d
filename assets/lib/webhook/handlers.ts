// The Conversations webhook's handler table: one entry per event type we act on. Everything
// else (unknown or unhandled events) is answered 200 `{}` and logged by the dispatcher.
// `npm run configure` derives the webhook Filters from HANDLED_WEBHOOK_EVENTS, so adding an
// entry here is all it takes to receive a new event type.
import type { HandlerTable } from './context';
import { sendAutoReply } from './handlers/auto-reply';
import { setUpAutocreatedConversation } from './handlers/bot';
import { summarizeChannels } from './handlers/channels';
import { reportDelivery } from './handlers/deliveries';
import { moderateMessage } from './handlers/moderation';
import { nameConversation } from './handlers/naming';

export const WEBHOOK_HANDLERS = {
  // Pre-events: decided from the event alone, no REST call.
  onMessageAdd: moderateMessage,
  onMessageUpdate: moderateMessage,
  onConversationAdd: nameConversation,
  // Post-events: idempotent by state.
  onConversationAdded: setUpAutocreatedConversation,
  onMessageAdded: sendAutoReply,
  onParticipantAdded: summarizeChannels,
  onParticipantRemoved: summarizeChannels,
  onDeliveryUpdated: reportDelivery,
} as const satisfies HandlerTable;

export type HandledEventType = keyof typeof WEBHOOK_HANDLERS;

/** The event types the webhook acts on: the Filters to configure on the Service. */
export const HANDLED_WEBHOOK_EVENTS = Object.freeze(Object.keys(WEBHOOK_HANDLERS) as HandledEventType[]);
