// The state `npm run configure` wants Twilio in, from the settings and the functions' base URL.
// The event filters come from the webhook function's own handler table
// (HANDLED_WEBHOOK_EVENTS): adding a handler there is all it takes to receive a new event.
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import type { AutoCreation, WantedAddress, WantedState, WebhookScope } from './plan';

export const WEBHOOK_PATH = '/conversations/webhook';

export type WantedSettings = {
  serviceSid: string;
  smsNumber?: string;
  whatsappSender?: string;
  studioFlowSid?: string;
  scope: WebhookScope;
};

function webhookFilters(handled: readonly string[] = HANDLED_WEBHOOK_EVENTS): string[] {
  return [...handled];
}

/**
 * Autocreation puts inbound SMS/WhatsApp into new conversations of the service. `default`
 * and not `webhook`: the Service (or global) webhooks set by the same run already reach the
 * function for every conversation, and a `webhook` autocreation would add a
 * conversation-scoped webhook delivering every post-event a second time (twice the
 * invocations and Twilio reads, for nothing). With a Studio flow, `studio` attaches the bot.
 */
function autoCreation(settings: WantedSettings): AutoCreation {
  const common = { enabled: true, conversationServiceSid: settings.serviceSid, webhookUrl: null, webhookMethod: null, webhookFilters: [] };
  if (settings.studioFlowSid) return { ...common, type: 'studio', studioFlowSid: settings.studioFlowSid };
  return { ...common, type: 'default', studioFlowSid: null };
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
    addresses: senders.map((sender) => ({ ...sender, autoCreation: autoCreation(settings) })),
  };
}

/**
 * The same Service webhooks, in the sandbox's terms: `npm start` and the test stacks wire
 * the local Twilio exactly as this command wires the real one (URL, method, Filters).
 */
export function localWebhookSetup(baseUrl: string, handled: readonly string[] = HANDLED_WEBHOOK_EVENTS) {
  const url = `${baseUrl}${WEBHOOK_PATH}`;
  return { preUrl: url, postUrl: url, method: 'POST' as const, filters: webhookFilters(handled) };
}
