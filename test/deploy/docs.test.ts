// The documents generated from the endpoint manifest and the error table are up to date,
// docs/openapi.json passes Redocly's recommended lint, and every function header has one
// shape (method and URL, visibility and auth, caller, input, answer, errors) true to its entry.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINTS, errorsOf, functionFileOf } from '../../assets/lib/endpoints/manifest';
import { ERROR_CODES } from '../../assets/lib/http/error-codes';
import { generatedDocuments } from '../../scripts/docs/generate';

const ROOT = join(__dirname, '../..');

describe('generated documents', () => {
  it.each(Object.entries(generatedDocuments(ROOT)))('%s is up to date (run `npm run docs`)', (path, content) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(content);
  });

  it('docs/openapi.json passes Redocly’s recommended lint: no errors, and only the moved URL without a 2xx', () => {
    const output = execFileSync(process.execPath, [join(ROOT, 'dist/dev/lint-openapi.js')], { cwd: ROOT, encoding: 'utf8' });
    const problems = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { severity: string; rule: string; at: string });
    expect(problems.map((problem) => `${problem.severity} ${problem.rule} ${problem.at}`)).toEqual([
      'warn operation-2xx-response #/paths/~1conversations~1messages/post/responses',
    ]);
  });

  it('documents every error code on at least one endpoint', () => {
    const answered = new Set(Object.values(ENDPOINTS).flatMap((entry) => errorsOf(entry)));
    expect(Object.keys(ERROR_CODES).filter((code) => !answered.has(code as keyof typeof ERROR_CODES))).toEqual([]);
  });

  it.each(Object.values(ENDPOINTS).map((entry) => [entry.path, entry] as const))(
    'the header of the function for %s names its method and URL',
    (_path, entry) => {
      const firstLine = readFileSync(join(ROOT, functionFileOf(entry)), 'utf8').split('\n')[0]!;
      expect(firstLine).toMatch(new RegExp(`^// (${entry.method}|ANY) ${entry.path.replace(/\//g, '\\/')} \\(${entry.visibility},`));
    },
  );

  it.each(Object.entries(ENDPOINTS))(
    'the header of the function for %s says caller, input, answer and errors, and names its own error codes',
    (_path, entry) => {
      const source = readFileSync(join(ROOT, functionFileOf(entry)), 'utf8');
      const header = source.slice(0, source.indexOf('\nimport ')).replace(/^\/\/ ?/gm, '');
      const labels = ['Caller:', 'Input', 'Answer:', 'Errors:'].map((label) => header.indexOf(label));
      expect(labels.every((at) => at > 0)).toBe(true);
      expect([...labels].sort((a, b) => a - b)).toEqual(labels);
      // Every code of the entry's own is named; any other named code is one the endpoint can answer
      // (the ones every endpoint has are in docs/errors.md).
      const named: string[] = header.slice(labels[3]).match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [];
      expect((entry.errors as readonly string[]).filter((code) => !named.includes(code))).toEqual([]);
      expect(named.filter((word) => word in ERROR_CODES && !errorsOf(entry).includes(word as keyof typeof ERROR_CODES))).toEqual([]);
    },
  );
});
