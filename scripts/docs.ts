// `npm run docs`: writes docs/openapi.json, docs/endpoints.md, docs/errors.md and the README's
// endpoint table from the endpoint manifest and the error-code table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocuments } from './docs/generate';

const root = process.cwd();
for (const [path, content] of Object.entries(generatedDocuments(root))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
