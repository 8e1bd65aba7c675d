// Every generated document, by path: what `npm run docs` writes and what the docs test compares.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpointsMarkdown, errorsMarkdown, readmeWithTable } from './markdown';
import { openApiDocument } from './openapi';

export function generatedDocuments(root: string): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    'docs/openapi.json': `${JSON.stringify(openApiDocument(version), null, 2)}\n`,
    'docs/endpoints.md': endpointsMarkdown(endpointNotes(root)),
    'docs/errors.md': errorsMarkdown(),
    'README.md': readmeWithTable(readFileSync(join(root, 'README.md'), 'utf8')),
  };
}

function endpointNotes(root: string): Record<string, string> {
  const dir = join(root, 'docs/endpoints');
  const files = readdirSync(dir).filter((file) => file.endsWith('.md'));
  return Object.fromEntries(files.map((file) => [file.replace(/\.md$/, ''), readFileSync(join(dir, file), 'utf8')]));
}
