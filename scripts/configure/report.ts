// What configure prints: the plan (current -> wanted for each differing field), the outcome
// of each step, and the read-back. Plain lines, one item per line, so a terminal and a test
// read the same thing.
import type { StepResult } from './apply';
import type { PlanItem } from './plan';

function fieldLines(item: PlanItem): string[] {
  const width = Math.max(0, ...item.differences.map((d) => d.field.length));
  return item.differences.map((d) => `    ${d.field.padEnd(width)}  ${d.current} -> ${d.wanted}`);
}

function formatPlanItem(item: PlanItem): string[] {
  const lines = [`  ${item.label}: ${item.action}${item.kind === 'address' && item.sid ? ` (${item.sid})` : ''}`];
  if (item.action !== 'up to date') lines.push(...fieldLines(item));
  if (item.kind === 'address' && item.otherMatches.length > 0) {
    lines.push(`    note: ${item.otherMatches.join(', ')} also configure this address; only ${item.sid} is managed here`);
  }
  return lines;
}

export function formatPlan(items: readonly PlanItem[], dryRun: boolean): string[] {
  const header = dryRun ? 'Plan (dry run: nothing will be written):' : 'Plan:';
  return [header, ...items.flatMap(formatPlanItem)];
}

function formatStep(result: StepResult): string {
  const sid = result.sid ? ` ${result.sid}` : '';
  const error = result.error ? `: ${result.error}` : '';
  return `  ${result.item.label}: ${result.outcome}${sid}${error}`;
}

export function formatResults(results: readonly StepResult[]): string[] {
  return ['Applied:', ...results.map(formatStep)];
}

/** After a failure: exactly which steps took effect and which did not, and how to finish. */
export function formatFailureSummary(results: readonly StepResult[]): string[] {
  const labels = (outcomes: string[]) => results.filter((r) => outcomes.includes(r.outcome)).map((r) => r.item.label);
  const list = (names: string[]) => (names.length ? names.join('; ') : 'none');
  return [
    'Configuration is incomplete.',
    `  applied:        ${list(labels(['created', 'updated']))}`,
    `  already right:  ${list(labels(['up to date']))}`,
    `  failed:         ${list(labels(['failed']))}`,
    `  not attempted:  ${list(labels(['not attempted']))}`,
    'Each step is independent and safe to repeat: fix the cause and run `npm run configure` again to finish.',
  ];
}

export function formatMismatches(mismatches: readonly PlanItem[]): string[] {
  return ['Read-back does not match what was written:', ...mismatches.flatMap(formatPlanItem)];
}
