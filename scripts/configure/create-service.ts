// `npm run configure -- --create-service`: read what is there (the Service CONVERSATIONS_SERVICE_SID
// names, or the account's Services), plan (service-plan), print, and create only when the plan
// says so and it is no dry run. Exit 0 when there is a Service to use (made, found or named),
// 1 when CONVERSATIONS_SERVICE_SID names none or the create failed.
import type { ConfigureOptions } from './args';
import { describeError } from './errors';
import { DEFAULT_SERVICE_NAME, describeCreatedService, describeServicePlan, planConversationService } from './service-plan';
import type { AccountSettings } from './settings';
import type { ConfigurationApi } from './twilio-api';

type Output = { out(line: string): void; err(line: string): void };

export async function createConversationService(
  api: Pick<ConfigurationApi, 'listConversationServices' | 'fetchConversationService' | 'createConversationService'>,
  settings: AccountSettings,
  options: Pick<ConfigureOptions, 'dryRun' | 'friendlyName'>,
  output: Output,
): Promise<0 | 1> {
  const friendlyName = options.friendlyName ?? DEFAULT_SERVICE_NAME;
  const plan = planConversationService(
    settings.serviceSid
      ? { configured: { serviceSid: settings.serviceSid, found: await api.fetchConversationService(settings.serviceSid) } }
      : { existing: await api.listConversationServices() },
    friendlyName,
  );
  const lines = describeServicePlan(plan, options.dryRun);
  if (plan.action === 'configured' && !plan.found) {
    lines.forEach(output.err);
    return 1;
  }
  lines.forEach(output.out);
  if (plan.action !== 'create' || options.dryRun) return 0;
  try {
    describeCreatedService(await api.createConversationService(plan.friendlyName)).forEach(output.out);
    return 0;
  } catch (error) {
    // A create whose answer was lost may still have happened: the next run finds it by its name.
    output.err(`Could not create the Service (${describeError(error)}). Run the command again: a Service it made meanwhile is found by its name.`);
    return 1;
  }
}
