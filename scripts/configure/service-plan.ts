// `--create-service`: the Conversations Service the functions need, before the first deploy.
// Pure: what to do from what is known (CONVERSATIONS_SERVICE_SID, the account's Services), and
// the lines that say it. A Service of the wanted name that exists already is named, never made
// again: a second run (before the SID reached .env), or one after a create whose answer was
// lost, must not leave the account with two.
import type { ConversationService } from './twilio-api';

export const DEFAULT_SERVICE_NAME = 'conversations-functions';

export type ServicePlan =
  /** CONVERSATIONS_SERVICE_SID is set: nothing to create (`found`: what Twilio holds under it, null when nothing). */
  | { action: 'configured'; serviceSid: string; found: ConversationService | null }
  /** Services of that name exist: the first is named, nothing is created. */
  | { action: 'exists'; friendlyName: string; serviceSid: string; others: string[] }
  | { action: 'create'; friendlyName: string };

export function planConversationService(
  known: { configured?: { serviceSid: string; found: ConversationService | null }; existing?: readonly ConversationService[] },
  friendlyName: string,
): ServicePlan {
  if (known.configured) return { action: 'configured', ...known.configured };
  const named = (known.existing ?? []).filter((service) => service.friendlyName === friendlyName);
  if (named.length > 0) return { action: 'exists', friendlyName, serviceSid: named[0]!.sid, others: named.slice(1).map((service) => service.sid) };
  return { action: 'create', friendlyName };
}

const envLine = (serviceSid: string) => `  CONVERSATIONS_SERVICE_SID=${serviceSid}`;
const NEXT_STEPS = 'Then deploy (npm run deploy) and run `npm run configure` to point its webhooks at the functions.';

/** What the plan means, before anything is done (a dry run ends here). */
export function describeServicePlan(plan: ServicePlan, dryRun: boolean): string[] {
  switch (plan.action) {
    case 'configured':
      return plan.found
        ? [`CONVERSATIONS_SERVICE_SID is set: ${plan.serviceSid}${plan.found.friendlyName ? ` ("${plan.found.friendlyName}")` : ''}. Nothing to create.`]
        : [
            `CONVERSATIONS_SERVICE_SID is set to ${plan.serviceSid}, but Twilio has no such Conversations Service: ` +
              'fix the SID, or remove it from .env and the environment and run --create-service again. Nothing was created.',
          ];
    case 'exists':
      return [
        `A Conversations Service named "${plan.friendlyName}" exists already: ${plan.serviceSid}` +
          (plan.others.length > 0 ? ` (and ${plan.others.length} more of that name: ${plan.others.join(', ')})` : '') +
          '. Nothing was created.',
        'If it is the one an earlier run made, put it into .env:',
        envLine(plan.serviceSid),
        `${NEXT_STEPS} For another Service, run again with --friendly-name <name>.`,
      ];
    case 'create':
      return dryRun
        ? [`Would create a Conversations Service named "${plan.friendlyName}" (POST /v1/Services).`, 'Dry run: nothing was created.']
        : [`Creating a Conversations Service named "${plan.friendlyName}"...`];
  }
}

/** What to do with the Service just created. */
export function describeCreatedService(service: ConversationService): string[] {
  return [
    `Created the Conversations Service ${service.sid}${service.friendlyName ? ` ("${service.friendlyName}")` : ''}.`,
    'Put it into .env:',
    envLine(service.sid),
    NEXT_STEPS,
  ];
}
