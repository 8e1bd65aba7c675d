// After writing, read everything back and plan again: Twilio matches the wanted state
// exactly when every item is "up to date". Whatever is not comes back as the mismatch.
import { readCurrentState } from './current';
import { needsWrite, planChanges, type PlanItem, type WantedState } from './plan';
import type { ConfigurationApi } from './twilio-api';

export async function verifyConfiguration(api: ConfigurationApi, wanted: WantedState): Promise<{ checked: number; mismatches: PlanItem[] }> {
  const items = planChanges(await readCurrentState(api, wanted), wanted);
  return { checked: items.length, mismatches: items.filter(needsWrite) };
}
