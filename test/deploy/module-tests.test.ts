// Every module of assets/lib has its unit test at the mirrored path (test/unit/<path>.test.ts,
// which imports it), or is covered by the test named below, which must really reach it:
// by importing it, or by calling an endpoint whose function uses it. A new module without
// either fails here; so does a name below that has gone stale.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ENDPOINTS, functionFileOf } from '../../assets/lib/endpoints/manifest';

const ROOT = join(__dirname, '../..');
const LIB = join(ROOT, 'assets/lib');

/** Modules without a mirrored unit test, and the test that covers each (with why it is that one). */
const COVERED_BY: Record<string, { test: string; why: string }> = {
  'agent/answer-customer.ts': { test: 'test/integration/agent.test.ts', why: 'posts, hand-offs and fallbacks in the sandbox' },
  'agent/attach.ts': { test: 'test/integration/agent.test.ts', why: 'the hand-back runs under the Sync lock, against the sandbox' },
  'agent/reply.ts': { test: 'test/integration/agent.test.ts', why: 'the post-event flow: Sync claims, the stand-in agent, posts in the sandbox' },
  'helpers.private.ts': { test: 'test/integration/cold-load.test.ts', why: 'the bundle entry: loaded by every function, its parts each tested' },
  'conversations/errors.ts': { test: 'test/integration/onboard.test.ts', why: 'Twilio refusals turned into answers, through onboarding' },
  'conversations/attribute-merge.ts': { test: 'test/integration/sync-state.test.ts', why: 'concurrent writers against the sandbox’s Conversations and Sync' },
  'conversations/own-messages.ts': { test: 'test/integration/webhook-sandbox.test.ts', why: 'our own messages are told apart in the webhook flow' },
  'conversations/participants.ts': { test: 'test/integration/onboard.test.ts', why: 'participants added through Twilio' },
  'conversations/readiness.ts': { test: 'test/integration/initializing.test.ts', why: 'waits on a sandbox that initializes in the background' },
  'conversations/service.ts': { test: 'test/integration/sync-state.test.ts', why: 'the Service handle every REST call goes through' },
  'conversations/studio-webhooks.ts': { test: 'test/integration/studio.test.ts', why: 'studio webhooks attached and removed in the sandbox' },
  'media/channel-limits.ts': {
    test: 'test/integration/media.test.ts',
    why: 'channel limits applied to real sends (generated cases in test/unit/media/url-and-channel-policy.test.ts)',
  },
  'media/fetch-media.ts': { test: 'test/integration/media.test.ts', why: 'fetches from a local file server; ESM-only dependencies need a real Node, not jest' },
  'media/media-by-url.ts': { test: 'test/integration/media.test.ts', why: 'fetch, upload and channel checks against the sandbox' },
  'media/sniff.ts': { test: 'test/integration/media.test.ts', why: 'file-type is ESM only: exercised in the real runtime' },
  'media/upload.ts': { test: 'test/integration/media.test.ts', why: 'uploads to the sandbox’s Media Content Service' },
  'media/url-policy.ts': {
    test: 'test/integration/media.test.ts',
    why: 'the URL policy through real sends (generated cases in test/unit/media/url-and-channel-policy.test.ts)',
  },
  'endpoints/manifest.ts': { test: 'test/deploy/manifest.test.ts', why: 'the manifest against the deployable files' },
  'endpoints/answers.ts': { test: 'test/deploy/docs.test.ts', why: 'the answer schemas, written into docs/openapi.json' },
  'handoff/agent-picker.ts': { test: 'test/unit/handoff/handoff.test.ts', why: 'the hand-off parts are tested together' },
  'handoff/attach-flow.ts': { test: 'test/unit/handoff/handoff.test.ts', why: 'the hand-off parts are tested together' },
  'handoff/flex.ts': { test: 'test/unit/handoff/handoff.test.ts', why: 'the hand-off parts are tested together' },
  'handoff/input.ts': { test: 'test/unit/handoff/handoff.test.ts', why: 'the hand-off parts are tested together' },
  'handoff/state.ts': { test: 'test/unit/handoff/handoff.test.ts', why: 'the hand-off parts are tested together' },
  'handoff/steps.ts': { test: 'test/integration/studio.test.ts', why: 'each step is a REST call: run against the sandbox' },
  'manage/close-conversation.ts': { test: 'test/integration/messages.test.ts', why: 'close runs against the sandbox' },
  'manage/fetch-conversation.ts': { test: 'test/integration/conversations-read.test.ts', why: 'reads the sandbox, counting its round trips' },
  'manage/list-conversations.ts': { test: 'test/integration/conversations-read.test.ts', why: 'pages through the sandbox, counting its round trips' },
  'manage/remove-participants.ts': { test: 'test/integration/manage.test.ts', why: 'removals run against the sandbox' },
  'manage/update-conversation.ts': { test: 'test/integration/manage.test.ts', why: 'updates under the Sync lock, against the sandbox' },
  'manage/update-participant.ts': { test: 'test/integration/manage.test.ts', why: 'updates under the Sync lock, against the sandbox' },
  'manage/transcript.ts': { test: 'test/integration/transcript.test.ts', why: 'pages, sizes and deadlines against the sandbox' },
  'messages/history.ts': { test: 'test/integration/messages.test.ts', why: 'history pages through the sandbox' },
  'messages/receipts.ts': { test: 'test/integration/receipts.test.ts', why: 'receipts are read from the sandbox' },
  'messages/send.ts': { test: 'test/integration/messages.test.ts', why: 'sends run against the sandbox' },
  'onboard/onboard.ts': { test: 'test/integration/onboard.test.ts', why: 'onboarding runs against the sandbox' },
  'state/lock.ts': { test: 'test/unit/state/lock-quota.test.ts', why: 'locks and quota tested together (and against the sandbox in sync-state)' },
  'state/quota.ts': { test: 'test/unit/state/lock-quota.test.ts', why: 'locks and quota tested together (and against the sandbox in sync-state)' },
  'state/names.ts': { test: 'test/integration/sync-state.test.ts', why: 'the names, as the functions claim them in the sandbox' },
  'state/sync-store.ts': { test: 'test/integration/sync-state.test.ts', why: 'the Sync calls, against the sandbox’s Sync' },
  'tokens/token-for-session.ts': { test: 'test/integration/token.test.ts', why: 'the endpoint as a browser calls it' },
  'webchat/guest-chat.ts': { test: 'test/integration/webchat.test.ts', why: 'guest chat runs against the sandbox' },
  'webhook/context.ts': { test: 'test/unit/webhook/endpoint.test.ts', why: 'the context every handler gets, built by the endpoint' },
  'webhook/event-types.ts': { test: 'test/unit/webhook/events.test.ts', why: 'the event names, parsed with the events' },
  'webhook/handlers.ts': { test: 'test/unit/webhook/endpoint.test.ts', why: 'the handler table, dispatched by the endpoint' },
  'webhook/handlers/admission.ts': { test: 'test/unit/webhook/handlers/moderation-naming.test.ts', why: 'the pre-event handlers tested together' },
  'webhook/handlers/message-added.ts': { test: 'test/integration/webhook-sandbox.test.ts', why: 'moderation after publication and the auto-reply, in order' },
  'webhook/handlers/published-moderation.ts': { test: 'test/integration/webhook-sandbox.test.ts', why: 'updates and removes messages in the sandbox' },
  'webhook/handlers/bot.ts': { test: 'test/unit/webhook/handlers/channels-bot.test.ts', why: 'the post-event handlers tested together' },
  'webhook/handlers/channels.ts': { test: 'test/unit/webhook/handlers/channels-bot.test.ts', why: 'the post-event handlers tested together' },
  'webhook/handlers/deliveries.ts': { test: 'test/unit/webhook/handlers/channels-bot.test.ts', why: 'the post-event handlers tested together' },
  'webhook/handlers/moderation.ts': { test: 'test/unit/webhook/handlers/moderation-naming.test.ts', why: 'the pre-event handlers tested together' },
  'webhook/handlers/naming.ts': { test: 'test/unit/webhook/handlers/moderation-naming.test.ts', why: 'the pre-event handlers tested together' },
};

function filesUnder(dir: string, suffix = '.ts'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/** The TypeScript files a file imports by relative path (type-only imports included: they are still its dependencies). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
  return specifiers.flatMap((specifier) => {
    const base = resolve(dirname(file), specifier);
    return [`${base}.ts`, join(base, 'index.ts')].filter(existsSync).slice(0, 1);
  });
}

function reachableFrom(files: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return seen;
}

/** The helper modules a function uses itself: `const { onboard, ... } = loadHelpers()`, by the bundle's names. */
function helperModulesOf(functionFile: string): string[] {
  const bundle = readFileSync(join(LIB, 'helpers.private.ts'), 'utf8');
  const byName = new Map([...bundle.matchAll(/export \* as (\w+) from '(\.[^']+)'/g)].map((match) => [match[1]!, join(LIB, `${match[2]}.ts`)]));
  const used = /const \{([^}]+)\} = loadHelpers\(\)/.exec(readFileSync(join(ROOT, functionFile), 'utf8'))?.[1] ?? '';
  // Every function uses these; reaching a module through them says nothing about coverage.
  const everywhere = new Set(['endpoint', 'manifest', 'config', 'http', 'httpHeaders']);
  return used
    .split(',')
    .map((part) => part.split(':')[0]!.trim())
    .filter((name) => name && !everywhere.has(name))
    .map((name) => byName.get(name)!)
    .filter(Boolean);
}

/** Whether a test reaches the module: it imports it, or calls an endpoint whose own helpers import it (the bundle entry included). */
function reaches(testFile: string, module: string): boolean {
  const test = join(ROOT, testFile);
  if (reachableFrom(importsOf(test).filter((file) => file.startsWith(LIB))).has(module)) return true;
  const source = readFileSync(test, 'utf8');
  return Object.values(ENDPOINTS).some(
    (entry) =>
      new RegExp(`${entry.path.replace(/\//g, '\\/')}(?![\\w/-])`).test(source) &&
      (module === join(LIB, 'helpers.private.ts') || reachableFrom(helperModulesOf(functionFileOf(entry))).has(module)),
  );
}

const modules = filesUnder(LIB).map((file) => relative(LIB, file));
const typesOnly = (module: string) => !/^export (?!type\b)/m.test(readFileSync(join(LIB, module), 'utf8'));
const mirrorOf = (module: string) => `test/unit/${module.replace(/\.ts$/, '.test.ts')}`;

describe('every module of assets/lib is tested', () => {
  it.each(modules)('%s', (module) => {
    const file = join(LIB, module);
    if (existsSync(join(ROOT, mirrorOf(module)))) {
      expect(importsOf(join(ROOT, mirrorOf(module)))).toContain(file);
      expect(COVERED_BY[module]).toBeUndefined();
      return;
    }
    // Only types: tsc checks every use of them.
    if (typesOnly(module)) return;
    const covering = COVERED_BY[module];
    expect(covering).toBeDefined();
    expect(existsSync(join(ROOT, covering!.test))).toBe(true);
    expect(reaches(covering!.test, file)).toBe(true);
  });

  it('the bundle entry exports exactly the parts the functions use', () => {
    const bundle = readFileSync(join(LIB, 'helpers.private.ts'), 'utf8');
    const exported = [...bundle.matchAll(/export \* as (\w+) from/g)].map((match) => match[1]!).sort();
    const used = new Set(
      filesUnder(join(ROOT, 'functions')).flatMap((file) =>
        (/const \{([^}]+)\} = loadHelpers\(\)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '').split(',').map((part) => part.split(':')[0]!.trim()),
      ),
    );
    expect(exported).toEqual([...used].filter(Boolean).sort());
  });

  it('names no module that is gone', () => {
    expect(Object.keys(COVERED_BY).filter((module) => !modules.includes(module))).toEqual([]);
  });
});
