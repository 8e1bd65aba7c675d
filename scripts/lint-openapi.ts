// Lints docs/openapi.json with Redocly's recommended rules (@redocly/openapi-core, the library
// behind `redocly lint`). Prints the problems as JSON lines; exits 1 when any is an error.
import { join } from 'node:path';

async function main(): Promise<void> {
  // An ES module: loaded with import(), this script is CommonJS.
  const { createConfig, lint } = await import('@redocly/openapi-core');
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lint({ ref: join(process.cwd(), 'docs/openapi.json'), config });
  for (const problem of problems) {
    process.stdout.write(
      `${JSON.stringify({ severity: problem.severity, rule: problem.ruleId, message: problem.message, at: problem.location[0]?.pointer })}\n`,
    );
  }
  process.exitCode = problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
