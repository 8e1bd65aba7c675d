// docs/openapi.json, generated from the endpoint manifest and the valibot schemas in it
// (OpenAPI 3.1: its schemas are JSON Schema 2020-12, which @valibot/to-json-schema writes).
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import * as answers from '../../assets/lib/endpoints/answers';
import { ENDPOINTS, errorsOf, type EndpointEntry } from '../../assets/lib/endpoints/manifest';
import { ERROR_CODES, type ErrorCode } from '../../assets/lib/http/error-codes';
import { jsonSchemaOverride } from '../../assets/lib/http/validation';

type Json = Record<string, unknown>;

function schemaOf(schema: v.GenericSchema, typeMode: 'input' | 'output'): Json {
  // Refinements (checks, transforms) have no JSON Schema form: they are documented in words.
  const { $schema: _dialect, ...converted } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
    typeMode,
    overrideSchema: jsonSchemaOverride,
  }) as Json;
  return converted;
}

// The schema exports of answers.ts (its type-level checks are not values).
// Sorted: a module namespace's key order differs between bundlers, the document must not.
const ANSWER_SCHEMAS = Object.fromEntries(
  Object.entries(answers)
    .filter(([, value]) => typeof value === 'object' && value !== null && 'kind' in value)
    .sort(([a], [b]) => a.localeCompare(b)),
) as Record<string, v.GenericSchema>;

const componentName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

const SECURITY: Record<EndpointEntry['auth'], Json[]> = {
  public: [],
  server: [{ serverToken: [] }, { twilioSignature: [] }],
  'twilio-signature': [{ twilioSignature: [] }],
};

function errorResponses(entry: EndpointEntry): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(entry)) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        { description: codes.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      ]),
  );
}

function parametersOf(entry: EndpointEntry): Json[] {
  const parameters: Json[] = [];
  if (entry.input?.in === 'query') {
    const schema = schemaOf(entry.input.schema, 'input') as { properties: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties))
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
  }
  if (entry.credential)
    parameters.push({ name: 'Authorization', in: 'header', required: true, description: entry.credential, schema: { type: 'string', pattern: '^Bearer ' } });
  return parameters;
}

function requestBodyOf(entry: EndpointEntry): Json | undefined {
  if (entry.input?.in !== 'body') return undefined;
  const schema = schemaOf(entry.input.schema, 'input');
  const content: Json = { 'application/json': { schema } };
  // A form carries text values: the same fields, each sent as text (lists and objects as JSON text).
  if (entry.input.form) content['application/x-www-form-urlencoded'] = { schema };
  return { required: true, content };
}

function operationOf(name: string, entry: EndpointEntry): Json {
  const requestBody = requestBodyOf(entry);
  const parameters = parametersOf(entry);
  const answer = Object.entries(ANSWER_SCHEMAS).find(([, schema]) => schema === entry.answer)?.[0];
  return {
    operationId: name,
    summary: entry.summary,
    // An entry without an answer is a URL that moved: it only answers an error naming the new ones.
    ...(entry.answer ? {} : { deprecated: true }),
    description: `Called by ${entry.caller}. Visibility: ${entry.visibility}; auth: ${entry.auth}${entry.cors ? '; CORS for ALLOWED_ORIGINS' : ''}.`,
    security: SECURITY[entry.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      ...(answer
        ? {
            '200': {
              description: entry.textAnswer ? `Done: JSON, or text (${entry.textAnswer}).` : 'Done.',
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${componentName(answer)}` } },
                ...(entry.textAnswer ? { 'text/plain': { schema: { type: 'string' } } } : {}),
              },
            },
          }
        : {}),
      ...errorResponses(entry),
    },
  };
}

export function openApiDocument(version: string): Json {
  const schemas = Object.fromEntries(
    Object.entries(ANSWER_SCHEMAS).map(([key, schema]) => [key === 'errorAnswer' ? 'Error' : componentName(key), schemaOf(schema, 'output')]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'conversations-functions',
      version,
      description:
        'Twilio Functions for omnichannel Conversations (SMS, WhatsApp, web chat). Generated from assets/lib/endpoints/manifest.ts by `npm run docs`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'https://{domain}', description: 'Your Twilio Functions service', variables: { domain: { default: 'your-service-1234-dev.twil.io' } } }],
    paths: Object.fromEntries(Object.entries(ENDPOINTS).map(([name, entry]) => [entry.path, { [entry.method.toLowerCase()]: operationOf(name, entry) }])),
    components: {
      schemas,
      securitySchemes: {
        serverToken: { type: 'http', scheme: 'bearer', description: 'SERVER_API_TOKEN, compared in constant time.' },
        twilioSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Twilio-Signature',
          description: 'HMAC-SHA1 of the URL and form parameters with the auth token (JSON bodies: bodySHA256).',
        },
      },
    },
  };
}
