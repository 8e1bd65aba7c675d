// The hand-written documents stay true to the code: every relative link leads to a file that
// exists, every variable of .env.example is in the deploy guide, every handled webhook event
// is in the webhook guide, and no page names a document users do not have.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const markdownIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith('.md'))
    .map((file) => join(dir, file));

const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  'sandbox/README.md',
  'assets/lib/webhook/README.md',
  // docs/endpoints/*.md are notes written into docs/endpoints.md: their links are checked there.
  ...markdownIn('docs'),
];

describe('the documents', () => {
  it.each(PAGES)('%s links only to files that exist', (page) => {
    const links = [...read(page).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^(https?:|mailto:|#)/.test(target));
    const broken = links.filter((target) => !existsSync(join(ROOT, dirname(page), target.split('#')[0]!)));
    expect(broken).toEqual([]);
  });

  it.each(PAGES)('%s names no document users do not have', (page) => {
    expect(read(page)).not.toMatch(/DESIGN\.md|TWILIO-FACTS|STYLE\.md/);
  });

  it('the deploy guide lists every variable of .env.example', () => {
    const variables = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(variables.length).toBeGreaterThan(20);
    const guide = read('docs/deploy.md');
    expect(variables.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });

  it('the webhook guide describes every handled event', () => {
    const guide = read('docs/webhooks.md');
    expect(HANDLED_WEBHOOK_EVENTS.filter((event) => !guide.includes(`\`${event}\``))).toEqual([]);
  });
});
