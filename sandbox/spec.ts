// Twilio's own OpenAPI specs (npm @twilio-alpha/mcp, pinned at 0.7.0 in package.json),
// checked by sha256 at load so a silent upgrade cannot change the contract under us, then
// prepared for ajv: Twilio's files use `nullable: true` without a `type` (24 schemas in
// Conversations, 6 in Studio, 34 in Flex, none in Sync), which ajv refuses to compile (and
// Prism silently skips). We drop those keys in memory, and
// bring in the few newer upstream changes the pinned files lack (spec-patches.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySpecPatches } from './spec-patches';

export type Product = 'conversations' | 'studio' | 'flex' | 'sync';

export const SPEC_FILES: Record<Product, { file: string; sha256: string; host: string }> = {
  conversations: {
    file: 'twilio_conversations_v1.json',
    sha256: '92d1169c37c220e12f2f855c8138cce3630ac2780f0624a5fe8da88c36227a01',
    host: 'conversations.twilio.com',
  },
  studio: {
    file: 'twilio_studio_v2.json',
    sha256: '88ca5d3cb0bbe9aeddca11e1a9590f913287e2233256c385555397a189268f26',
    host: 'studio.twilio.com',
  },
  flex: {
    file: 'twilio_flex_v1.json',
    sha256: '0e4cd336d78a7b0610d8559523c0944d6cacca26ed9399328d7639841f890f2d',
    host: 'flex-api.twilio.com',
  },
  sync: {
    file: 'twilio_sync_v1.json',
    sha256: '9d7114196cce414b44ada3988eac2ac4211d596cd9fcd371a8f32dd9d35a8ce0',
    host: 'sync.twilio.com',
  },
};

export type JsonSchema = { [key: string]: unknown };

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema };

export type Operation = {
  product: Product;
  operationId: string;
  method: 'GET' | 'POST' | 'DELETE';
  pathTemplate: string;
  pattern: RegExp;
  pathParams: string[];
  parameters: Parameter[];
  /** Form body schema (POST), with flat keys like `MessagingBinding.Address`. */
  bodySchema?: JsonSchema;
  /** Response schemas by status code ("200", "201", "204"). */
  responses: Record<string, JsonSchema | null>;
};

export type LoadedSpec = { product: Product; id: string; document: JsonSchema; operations: Operation[] };

function specDirectory(): string {
  const packageJson = require.resolve('@twilio-alpha/mcp/package.json');
  return join(packageJson, '..', 'twilio-oai', 'spec', 'json');
}

/** Removes `nullable` where no `type` accompanies it, and makes local $refs absolute to `id`. */
export function prepareSchema(node: unknown, id: string, fixes: { nullable: number }): unknown {
  if (Array.isArray(node)) return node.map((item) => prepareSchema(item, id, fixes));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  const source = node as JsonSchema;
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' && !('type' in source)) {
      fixes.nullable += 1;
      continue;
    }
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out[key] = `${id}${value}`;
    else out[key] = prepareSchema(value, id, fixes);
  }
  return out;
}

const METHODS = ['get', 'post', 'delete'] as const;

function indexOperations(product: Product, document: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  const paths = document.paths as Record<string, Record<string, JsonSchema>>;
  for (const [pathTemplate, item] of Object.entries(paths)) {
    const pathParams = [...pathTemplate.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const pattern = new RegExp(`^${pathTemplate.replace(/\{\w+\}/g, '([^/]+)')}$`);
    for (const verb of METHODS) {
      const op = item[verb] as JsonSchema | undefined;
      if (!op) continue;
      const requestBody = op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
      const responses: Record<string, JsonSchema | null> = {};
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: JsonSchema }> }>)) {
        responses[status] = response.content?.['application/json']?.schema ?? null;
      }
      operations.push({
        product,
        operationId: String(op.operationId),
        method: verb.toUpperCase() as Operation['method'],
        pathTemplate,
        pattern,
        pathParams,
        parameters: (op.parameters ?? []) as Parameter[],
        bodySchema: requestBody?.content?.['application/x-www-form-urlencoded']?.schema,
        responses,
      });
    }
  }
  // Literal segments win over parameters when two templates could match the same path.
  return operations.sort((a, b) => literalWeight(b.pathTemplate) - literalWeight(a.pathTemplate));
}

const literalWeight = (template: string): number => template.split('/').filter((s) => s && !s.startsWith('{')).length;

class SpecIntegrityError extends Error {}

export function loadSpec(product: Product): LoadedSpec & { nullableFixes: number; patches: string[] } {
  const { file, sha256 } = SPEC_FILES[product];
  const raw = readFileSync(join(specDirectory(), file));
  const actual = createHash('sha256').update(raw).digest('hex');
  if (actual !== sha256) {
    throw new SpecIntegrityError(
      `${file} has sha256 ${actual}, expected ${sha256}: @twilio-alpha/mcp changed. Review the spec diff, then update SPEC_FILES in sandbox/spec.ts.`,
    );
  }
  const id = `twilio-${product}`;
  const fixes = { nullable: 0 };
  const parsed = JSON.parse(raw.toString('utf8')) as JsonSchema;
  const patches = applySpecPatches(product, parsed);
  const document = prepareSchema(parsed, id, fixes) as JsonSchema;
  return { product, id, document, operations: indexOperations(product, document), nullableFixes: fixes.nullable, patches };
}
