// The console page: asks the sandbox every second for what changed and redraws only the
// parts whose data changed (so focus, open log entries and half-typed text stay put).
// The chosen conversation is the address's #fragment, so links, the back button and the
// keyboard all work.
import type { ConversationDetail, ConversationList, WebhookLog } from '../views';
import { getText } from './api';
import { renderConversation, renderNoConversation } from './conversation-view';
import { renderConversationList, renderDropped } from './conversation-list';
import { byId, say } from './dom';
import { renderAddresses, type Setup, wireForms } from './forms';
import { renderWebhookLog } from './webhook-log';

const POLL_MS = 1_000;
const SID = /^CH[0-9a-f]{32}$/;

const shown = new Map<string, string>();
let setup: Setup | undefined;
let busy = false;

const chosen = (): string | undefined => {
  const sid = location.hash.slice(1);
  return SID.test(sid) ? sid : undefined;
};

/** Fetches a view and hands it to `render` only when its JSON differs from what is shown. */
async function redraw<T>(key: string, path: string, render: (value: T) => void): Promise<void> {
  const text = await getText(path);
  if (shown.get(key) === text) return;
  shown.set(key, text);
  render(JSON.parse(text) as T);
}

function logPath(): string {
  const params = new URLSearchParams();
  const sid = chosen();
  if (byId<HTMLSelectElement>('log-scope').value === 'chosen' && sid) params.set('conversation', sid);
  const event = byId<HTMLSelectElement>('log-event').value;
  if (event) params.set('event', event);
  const query = params.toString();
  return `/console/api/webhooks${query ? `?${query}` : ''}`;
}

async function refresh(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    const sid = chosen();
    await Promise.all([
      redraw<Setup>('setup', '/console/api/setup', (value) => {
        setup = value;
        byId('clock').textContent = new Date(value.now).toLocaleString();
        byId('clock').setAttribute('datetime', value.now);
        renderAddresses(value);
      }),
      redraw<ConversationList>(`list ${sid}`, '/console/api/conversations', (list) => {
        renderConversationList(list, sid);
        renderDropped(list);
      }),
      sid
        ? redraw<ConversationDetail>(`conversation ${sid} ${setup?.handoff}`, `/console/api/conversations/${sid}`, (c) =>
            renderConversation(c, setup?.handoff ?? false),
          ).catch(() => renderNoConversation(sid))
        : Promise.resolve(renderNoConversation(undefined)),
      redraw<WebhookLog>('log', logPath(), renderWebhookLog),
    ]);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  } finally {
    busy = false;
  }
}

function start(): void {
  const page = {
    chosen,
    refresh: () => void refresh(),
    open: (sid: string) => {
      location.hash = sid;
    },
  };
  wireForms(page, () => setup);
  addEventListener('hashchange', () => {
    shown.clear();
    void refresh();
  });
  byId('log-filter').addEventListener('change', () => {
    shown.delete('log');
    void refresh();
  });
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}

start();
