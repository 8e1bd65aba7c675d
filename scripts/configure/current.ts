// Reads what Twilio holds now for everything the plan touches (two reads at most, in parallel).
import type { CurrentState, WantedState } from './plan';
import type { ConfigurationApi } from './twilio-api';

export async function readCurrentState(api: ConfigurationApi, wanted: WantedState): Promise<CurrentState> {
  const [webhooks, addresses] = await Promise.all([
    api.fetchWebhooks(wanted.scope, wanted.serviceSid),
    // No sender configured: no address to compare, no need to list them.
    wanted.addresses.length > 0 ? api.listAddresses() : Promise.resolve([]),
  ]);
  return { webhooks, addresses };
}
