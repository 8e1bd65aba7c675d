// Flex works on its own Conversations Service, the Flex Chat Service, and that Service must be
// the account's default Conversations Service (https://www.twilio.com/docs/flex/developer/conversations/best-practices).
// With Flex configured, the hand-off creates Flex interactions for conversations of
// CONVERSATIONS_SERVICE_SID: configure checks that it is the default. It never changes an
// account-wide default itself: other applications of the account may rely on it.
import type { Settings } from './settings';
import type { ConfigurationApi } from './twilio-api';

/** The problem to report, or undefined when Flex is not configured or the default is right. */
export async function flexDefaultServiceProblem(api: Pick<ConfigurationApi, 'fetchDefaultServiceSid'>, settings: Settings): Promise<string | undefined> {
  if (!settings.flexConfigured) return undefined;
  const defaultSid = await api.fetchDefaultServiceSid();
  if (defaultSid === settings.serviceSid) return undefined;
  return (
    `Flex needs its Flex Chat Service as the account's default Conversations Service, but the default is ${defaultSid ?? '(none)'} ` +
    `and CONVERSATIONS_SERVICE_SID is ${settings.serviceSid}. Use the Flex Chat Service as CONVERSATIONS_SERVICE_SID, or make it the ` +
    'default in the Console (Conversations > Manage > Defaults); configure does not change account defaults.'
  );
}
