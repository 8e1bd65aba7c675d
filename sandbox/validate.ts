// Request and response validation against Twilio's specs with ajv.
// Requests: form/query values arrive as strings; they are coerced to the spec's types for
// validation only (never for responses). Unknown parameters are rejected (stricter than
// Twilio, which ignores some: catches typos such as a nested `configuration` object).
// Parameters the spec types `object` (Sync's `Data`) arrive as JSON text: they must parse to a
// JSON object, else 400 with the product's own code (Sync documents 54008 "Invalid JSON").
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalidParameter, TwilioApiError } from './errors';
import { type JsonSchema, type LoadedSpec, type Operation, type Product, loadSpec } from './spec';

export type FlatParams = Record<string, string | string[]>;

export type CheckedRequest = { params: FlatParams; headers: Record<string, string | undefined> };

export class Contract {
  private readonly ajv: Ajv;
  private readonly specs: Record<Product, LoadedSpec>;
  private readonly requestValidators = new Map<Operation, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction | null>();
  readonly nullableFixes: number;

  constructor() {
    // strict: false because Twilio's schemas carry vendor keys (x-twilio, refName...).
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // `links` objects are typed format "uri-map" (an object of URLs); formats apply to
    // strings only, so it just needs to be known.
    this.ajv.addFormat('uri-map', true);
    // Studio's To/From: E.164 or a channel address (whatsapp:+1...); Twilio checks these itself.
    this.ajv.addFormat('phone-number', true);
    const conversations = loadSpec('conversations');
    const studio = loadSpec('studio');
    const flex = loadSpec('flex');
    const sync = loadSpec('sync');
    this.specs = { conversations, studio, flex, sync };
    this.nullableFixes = conversations.nullableFixes + studio.nullableFixes + flex.nullableFixes + sync.nullableFixes;
    for (const spec of Object.values(this.specs)) this.ajv.addSchema({ $id: spec.id, components: spec.document.components });
  }

  operations(product: Product): Operation[] {
    return this.specs[product].operations;
  }

  /** Follows one $ref into components (the enums and shared objects). */
  resolve(product: Product, schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const name = ref.split('/').pop() ?? '';
    const components = this.specs[product].document.components as { schemas: Record<string, JsonSchema> };
    return components.schemas[name] ?? schema;
  }

  /** Throws a Twilio-style 400 when the request breaks the spec. */
  checkRequest(op: Operation, request: CheckedRequest): void {
    for (const header of op.parameters.filter((p) => p.in === 'header')) {
      const value = request.headers[header.name.toLowerCase()];
      const schema = this.resolve(op.product, header.schema);
      if (value !== undefined && Array.isArray(schema.enum) && !schema.enum.includes(value)) {
        throw invalidParameter(`Invalid value '${value}' for header ${header.name}: expected one of ${schema.enum.join(', ')}`);
      }
    }
    const validator = this.requestValidator(op);
    const coerced = this.coerce(op, request.params);
    checkJsonObjects(op, request.params, coerced);
    if (validator(coerced)) return;
    throw requestError(validator.errors ?? [], request.params, op.method === 'GET' ? 'query string' : 'post body');
  }

  /** Errors (empty when valid) of a response body against the spec for that status. */
  checkResponse(op: Operation, status: number, body: unknown): string[] {
    if (!(String(status) in op.responses)) return [`${op.operationId}: status ${status} is not in the spec (${Object.keys(op.responses).join(', ')})`];
    const key = `${op.product}:${op.operationId}:${status}`;
    if (!this.responseValidators.has(key)) {
      const schema = op.responses[String(status)];
      this.responseValidators.set(key, schema ? this.ajv.compile(schema) : null);
    }
    const validator = this.responseValidators.get(key);
    if (!validator) return body === undefined || body === null || body === '' ? [] : [`${op.operationId}: status ${status} must have no body`];
    if (validator(body)) return [];
    return (validator.errors ?? []).map(
      (e) => `${op.operationId} ${status}: ${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  }

  private requestValidator(op: Operation): ValidateFunction {
    let validator = this.requestValidators.get(op);
    if (!validator) {
      validator = this.ajv.compile(requestSchema(op));
      this.requestValidators.set(op, validator);
    }
    return validator;
  }

  private coerce(op: Operation, params: FlatParams): Record<string, unknown> {
    const properties = (requestSchema(op).properties ?? {}) as Record<string, JsonSchema>;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params)) {
      const schema = properties[name] ? this.resolve(op.product, properties[name]) : undefined;
      out[name] = coerceValue(schema, value, (s) => this.resolve(op.product, s));
    }
    return out;
  }
}

function requestSchema(op: Operation): JsonSchema {
  if (op.method === 'POST' && op.bodySchema) return { ...op.bodySchema, additionalProperties: false };
  const query = op.parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
    required: query.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

/** Twilio's code for a JSON parameter that is not a JSON object, per product (https://www.twilio.com/docs/api/errors/54008). */
const INVALID_JSON_CODE: Partial<Record<Product, number>> = { sync: 54008 };

const isJsonObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function checkJsonObjects(op: Operation, params: FlatParams, coerced: Record<string, unknown>): void {
  const properties = (requestSchema(op).properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, value] of Object.entries(coerced)) {
    if (properties[name]?.type !== 'object' || isJsonObject(value)) continue;
    const shown = String(params[name]).slice(0, 40);
    throw new TwilioApiError(400, INVALID_JSON_CODE[op.product] ?? 20001, `Invalid JSON: ${name} must be a JSON object, got '${shown}'`);
  }
}

function coerceValue(schema: JsonSchema | undefined, value: string | string[], resolve: (s: JsonSchema) => JsonSchema): unknown {
  if (!schema) return value;
  const one = (raw: string, type: unknown): unknown => {
    if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
    if (type === 'object') return parseJson(raw) ?? raw;
    return raw;
  };
  if (schema.type === 'array') {
    const items = resolve((schema.items ?? {}) as JsonSchema);
    return (Array.isArray(value) ? value : [value]).map((v) => one(v, items.type));
  }
  if (Array.isArray(value)) return value.length === 1 ? one(value[0], schema.type) : value;
  return one(value, schema.type);
}

function requestError(errors: ErrorObject[], params: FlatParams, where: string): TwilioApiError {
  const first = errors.find((e) => e.keyword === 'required') ?? errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
  if (!first) return invalidParameter('Invalid request');
  if (first.keyword === 'required') return invalidParameter(`Missing required parameter ${String(first.params.missingProperty)} in the ${where}`);
  if (first.keyword === 'additionalProperties') return invalidParameter(`Unknown parameter ${String(first.params.additionalProperty)} in the ${where}`);
  const name = first.instancePath.split('/')[1] ?? '';
  const value = params[name];
  const shown = Array.isArray(value) ? value.join(',') : value;
  const detail = first.keyword === 'enum' ? `expected one of ${(first.params.allowedValues as unknown[]).join(', ')}` : (first.message ?? 'invalid');
  return invalidParameter(`Invalid value '${shown ?? ''}' for parameter ${name}: ${detail}`);
}
