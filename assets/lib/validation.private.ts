// Request parameters checked against a schema; a bad request is a 400 that names every
// wrong field (`details.fields`) and never echoes the values.
import * as v from 'valibot';
import { HttpError } from './http.private';

export type FieldProblem = { field: string; message: string };

export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const fields: FieldProblem[] = result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '(body)', message: issue.message }));
  const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  throw new HttpError(400, 'invalid_request', `Invalid request: ${summary}`, { details: { fields } });
}
