// Writes the plan's items, in order, and says what happened to each. Every step is
// idempotent and independent of the others, so on the first failure we stop (the cause,
// such as credentials or the network, usually affects the rest too) and report which steps
// were applied and which were not: running configure again finishes the job.
import { describeError } from './errors';
import { needsWrite, type PlanItem } from './plan';
import type { ConfigurationApi } from './twilio-api';

type StepOutcome = 'created' | 'updated' | 'up to date' | 'failed' | 'not attempted';

export type StepResult = { item: PlanItem; outcome: StepOutcome; sid?: string; error?: string };

async function applyItem(item: PlanItem, api: ConfigurationApi, serviceSid: string): Promise<StepResult> {
  if (item.kind === 'webhooks') {
    await api.updateWebhooks(item.scope, serviceSid, item.wanted);
    return { item, outcome: 'updated' };
  }
  if (item.sid === null) return { item, outcome: 'created', sid: await api.createAddress(item.wanted) };
  await api.updateAddress(item.sid, item.wanted);
  return { item, outcome: 'updated', sid: item.sid };
}

export async function applyPlan(items: readonly PlanItem[], api: ConfigurationApi, serviceSid: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const item of items) {
    if (!needsWrite(item)) results.push({ item, outcome: 'up to date', sid: item.kind === 'address' ? (item.sid ?? undefined) : undefined });
    else if (failed) results.push({ item, outcome: 'not attempted' });
    else {
      try {
        results.push(await applyItem(item, api, serviceSid));
      } catch (error) {
        failed = true;
        results.push({ item, outcome: 'failed', error: describeError(error) });
      }
    }
  }
  return results;
}

export const hasFailure = (results: readonly StepResult[]): boolean => results.some((r) => r.outcome === 'failed');
