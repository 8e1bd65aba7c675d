// The state `npm run configure` wants Twilio in, from the settings and the functions' base URL.
// The event filters come from the webhook function's own handler table
// (HANDLED_WEBHOOK_EVENTS): adding a handler there is all it takes to receive a new event.
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook-handlers.private';
import type { AutoCreation, WantedAddress, WantedState, WebhookScope } from './plan';

export const WEBHOOK_PATH = '/conversations/webhook';

/**
 * What an Address Configuration's conversation-scoped webhook may listen to (post-events
 * only; the list in Twilio's spec for AutoCreation.WebhookFilters). onConversationAdded is
 * not among them: the scoped webhook is attached after the conversation exists.
 */
export const ADDRESS_WEBHOOK_EVENTS: readonly string[] = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationUpdated',
  'onConversationStateUpdated',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
];

export type WantedSettings = {
  serviceSid: string;
  smsNumber?: string;
  whatsappSender?: string;
  studioFlowSid?: string;
  scope: WebhookScope;
};

export function webhookFilters(handled: readonly string[] = HANDLED_WEBHOOK_EVENTS): string[] {
  return [...handled];
}

/** The handled events a scoped webhook can carry, in the handler table's order. */
export function addressWebhookFilters(handled: readonly string[] = HANDLED_WEBHOOK_EVENTS): string[] {
  return handled.filter((event) => ADDRESS_WEBHOOK_EVENTS.includes(event));
}

function autoCreation(settings: WantedSettings, webhookUrl: string, handled: readonly string[]): AutoCreation {
  const common = { enabled: true, conversationServiceSid: settings.serviceSid };
  if (settings.studioFlowSid) {
    return { ...common, type: 'studio', studioFlowSid: settings.studioFlowSid, webhookUrl: null, webhookMethod: null, webhookFilters: [] };
  }
  return { ...common, type: 'webhook', webhookUrl, webhookMethod: 'POST', webhookFilters: addressWebhookFilters(handled), studioFlowSid: null };
}

export function wantedState(settings: WantedSettings, baseUrl: string, handled: readonly string[] = HANDLED_WEBHOOK_EVENTS): WantedState {
  const url = `${baseUrl}${WEBHOOK_PATH}`;
  const senders: Array<Pick<WantedAddress, 'type' | 'address'>> = [];
  if (settings.smsNumber) senders.push({ type: 'sms', address: settings.smsNumber });
  if (settings.whatsappSender) senders.push({ type: 'whatsapp', address: settings.whatsappSender });
  return {
    scope: settings.scope,
    serviceSid: settings.serviceSid,
    webhooks: { preWebhookUrl: url, postWebhookUrl: url, method: 'POST', filters: webhookFilters(handled) },
    addresses: senders.map((sender) => ({ ...sender, autoCreation: autoCreation(settings, url, handled) })),
  };
}
