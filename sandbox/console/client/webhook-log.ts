// The webhook log: every pre- and post-event the sandbox sent, newest first, each with its
// fields, signature, the answer, its status and time. Entries opened stay open across redraws
// (an entry that did not change is not redrawn at all).
import type { WebhookLog, WebhookLogEntry } from '../views';
import { byId, el, renderList, time } from './dom';

function fields(entry: WebhookLogEntry): HTMLTableElement {
  return el(
    'table',
    {},
    el('caption', {}, 'Fields'),
    el('tbody', {}, ...Object.entries(entry.params).map(([name, value]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value)))),
  );
}

function summary(entry: WebhookLogEntry): HTMLElement {
  const failed = entry.outcome === 'failed' || entry.outcome === 'timeout' || entry.outcome === 'rejected';
  return el(
    'summary',
    {},
    `#${entry.id} `,
    time(entry.at),
    ` · ${entry.kind}-event `,
    el('strong', {}, entry.eventType),
    entry.copy > 1 ? ' (duplicate)' : '',
    ' → ',
    el('span', { class: failed ? 'failed' : '' }, `${entry.status ?? 'no answer'} ${entry.outcome}`),
    ` in ${entry.ms} ms`,
  );
}

function item(entry: WebhookLogEntry, open: boolean): HTMLLIElement {
  const details = el(
    'details',
    { 'data-id': String(entry.id) },
    summary(entry),
    el('p', {}, `${entry.method} ${entry.url} (${entry.scope} webhook)`),
    el('p', {}, `X-Twilio-Signature: ${entry.signature}`),
    fields(entry),
    el('p', {}, 'Answer:'),
    el('pre', { class: 'code' }, entry.error ?? entry.answer ?? '(empty)'),
  );
  details.open = open;
  return el('li', { 'data-event': entry.eventType, 'data-conversation': entry.conversationSid ?? '' }, details);
}

export function renderWebhookLog(log: WebhookLog): void {
  byId('log-count').textContent =
    log.total === 0 ? 'No webhook sent yet.' : log.entries.length < log.total ? `The newest ${log.entries.length} of ${log.total}` : `${log.total} sent`;
  renderList(
    byId('webhook-log'),
    log.entries.map((entry) => ({
      key: String(entry.id),
      data: entry,
      draw: (replaced) => item(entry, replaced?.querySelector('details')?.open ?? false),
    })),
  );
  renderEventChoices(log.eventTypes);
}

function renderEventChoices(eventTypes: string[]): void {
  const select = byId<HTMLSelectElement>('log-event');
  const known = [...select.options].map((o) => o.value).filter(Boolean);
  for (const type of eventTypes) if (!known.includes(type)) select.append(el('option', { value: type }, type));
}
