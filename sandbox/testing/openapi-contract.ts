// Every answer of our functions in the integration tests is checked against docs/openapi.json:
// the status must be one the document lists for that path, and the body must match its
// schema (a text answer: the document must offer text for it). Violations are collected per functions URL and fail the suite when its runtime stops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Operation = { responses: Record<string, { content?: Partial<Record<'application/json' | 'text/plain', { schema: unknown }>> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const document = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as Document;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);

const validators = new Map<string, ValidateFunction>();
function validatorFor(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    const ref = (schema as { $ref?: string }).$ref;
    validate = ref ? ajv.getSchema(ref)! : ajv.compile(schema as object);
    validators.set(key, validate);
  }
  return validate;
}

const violations: Array<{ base: string; problem: string }> = [];

/**
 * Checks one answer; answers of paths the document does not describe (a test's own functions) are skipped.
 * `contentType`: the answer's; a text/plain answer is checked as text (its body the raw text).
 */
export function checkAnswer(url: string, status: number, body: unknown, requestHeaders?: RequestInit['headers'], contentType?: string | null): void {
  const { origin, pathname } = new URL(url);
  const operations = document.paths[pathname];
  if (!operations) return;
  // A CORS preflight (recognised by its header, as the functions do) is not an operation.
  if (new Headers(requestHeaders).has('access-control-request-method')) return;
  // Headers over Node's 16 KB limit are refused by the HTTP server before any function runs
  // (in production by Twilio's gateway): not an answer of ours.
  if (status === 431) return;
  const operation = Object.values(operations)[0]!;
  const response = operation.responses[String(status)];
  if (!response) {
    violations.push({ base: origin, problem: `${pathname} answered ${status}, which docs/openapi.json does not list` });
    return;
  }
  const text = contentType?.startsWith('text/plain') ?? false;
  const content = response.content?.[text ? 'text/plain' : 'application/json'];
  if (text && !content) {
    violations.push({ base: origin, problem: `${pathname} ${status} answered text, which docs/openapi.json does not offer there` });
    return;
  }
  const schema = content?.schema;
  if (!schema) return;
  const validate = validatorFor(schema);
  if (!validate(body))
    violations.push({ base: origin, problem: `${pathname} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}` });
}

/** Throws when any answer from functions at `base` broke the document. */
export function assertAnswersMatchDocument(base: string): void {
  const found = violations.filter((violation) => violation.base === new URL(base).origin);
  if (found.length > 0) throw new Error(`${found.length} answer(s) broke docs/openapi.json:\n${found.map((v) => v.problem).join('\n')}`);
}
