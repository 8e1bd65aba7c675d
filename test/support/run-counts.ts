// How many cases a fuzz, property or fault suite runs: from the environment, so a long run
// (e.g. BAD_INPUT_RUNS=20000 npm test) needs no edit, with the everyday numbers as defaults.
// A value that is not a positive whole number stops the suite instead of running zero cases.
export function runCount(variable: string, everyday: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return everyday;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new Error(`${variable} must be a positive whole number, got "${raw}"`);
  return count;
}
