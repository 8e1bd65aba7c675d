// Every generated document, by path: what `npm run docs` writes and what the docs test compares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpointsMarkdown, errorsMarkdown, readmeWithTable } from './markdown';
import { openApiDocument } from './openapi';

export function generatedDocuments(root: string): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    'docs/openapi.json': `${JSON.stringify(openApiDocument(version), null, 2)}\n`,
    'docs/endpoints.md': endpointsMarkdown(),
    'docs/errors.md': errorsMarkdown(),
    'README.md': readmeWithTable(readFileSync(join(root, 'README.md'), 'utf8')),
  };
}
