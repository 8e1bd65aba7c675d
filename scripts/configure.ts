// `npm run configure -- [--dry-run] [--global] [--base-url URL]`: wires Twilio to the
// deployed functions (Conversations webhooks, Address Configurations); with
// `--create-service`, creates the Conversations Service to deploy with first. See
// scripts/configure/run.ts for the steps and README.md "Deploy and connect" for usage.
import { createTwilioClient } from '../assets/lib/platform/twilio-client';
import { runConfigure } from './configure/run';
import { twilioConfigurationApi } from './configure/twilio-api';

runConfigure({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  connect: (settings) =>
    twilioConfigurationApi(
      createTwilioClient({
        accountSid: settings.accountSid,
        authToken: settings.authToken,
        baseUrl: settings.apiBaseUrl,
        // A command line has no 10 s limit: give slow links and 429 backoff more room.
        deadlineMs: 30_000,
        attemptTimeoutMs: 10_000,
      }),
    ),
}).then((code) => {
  process.exitCode = code;
});
