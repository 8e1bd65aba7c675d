// The pinned specs (@twilio-alpha/mcp 0.7.0) predate a few changes Twilio has since made to its
// official OpenAPI files (github.com/twilio/twilio-oai, spec/json/). Each patch below brings one
// change in, names the upstream commit, and checks that the pinned file still has the old form:
// a newer pinned file that already has it fails loudly, so the patch is removed, not stacked.
import type { JsonSchema, Product } from './spec';

type SpecPatch = { product: Product; change: string; upstream: string; apply(document: JsonSchema): void };

const STATE_ENUMS = [
  'conversation_enum_state',
  'conversation_with_participants_enum_state',
  'service_conversation_with_participants_enum_state',
  'service_conversation_enum_state',
];

function schemas(document: JsonSchema): Record<string, JsonSchema> {
  return (document.components as { schemas: Record<string, JsonSchema> }).schemas;
}

function operation(document: JsonSchema, path: string, verb: string): JsonSchema {
  return (document.paths as Record<string, Record<string, JsonSchema>>)[path]![verb]!;
}

function expectUnpatched(condition: boolean, patch: string): void {
  if (!condition) throw new Error(`sandbox/spec-patches.ts: the pinned spec already has "${patch}": remove that patch.`);
}

export const SPEC_PATCHES: SpecPatch[] = [
  {
    product: 'conversations',
    change: 'conversation state `initializing` (ConversationWithParticipants creating participants in the background)',
    upstream: 'twilio-oai a3f1069 (2025-08-18, v2.4.1) and bcf1d20 (2025-09-30)',
    apply(document) {
      for (const name of STATE_ENUMS) {
        const schema = schemas(document)[name]!;
        const values = schema.enum as string[];
        expectUnpatched(!values.includes('initializing'), `${name}: initializing`);
        schema.enum = ['initializing', ...values];
      }
    },
  },
  {
    product: 'flex',
    change: 'POST /v1/Interactions answers 200 (was 201)',
    upstream: 'twilio-oai 266302d (2025-09-04, v2.5.0)',
    apply(document) {
      const responses = operation(document, '/v1/Interactions', 'post').responses as Record<string, unknown>;
      expectUnpatched('201' in responses && !('200' in responses), 'Interactions create: 200');
      responses['200'] = responses['201'];
      delete responses['201'];
    },
  },
];

export function applySpecPatches(product: Product, document: JsonSchema): string[] {
  const applied = SPEC_PATCHES.filter((patch) => patch.product === product);
  for (const patch of applied) patch.apply(document);
  return applied.map((patch) => patch.change);
}
