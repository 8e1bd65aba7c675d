// The console page: asks the sandbox every second for what changed and redraws only the
// parts whose data changed, and of a list only the items that changed (so focus, a click
// under way, open log entries and half-typed text stay put).
// The chosen conversation is the address's #fragment, so links, the back button and the
// keyboard all work.
import type { ConversationDetail, ConversationList, Setup, WebhookLog } from '../views';
import { getText } from './api';
import { renderConversation, renderNoConversation } from './conversation-view';
import { renderConversationList, renderDropped } from './conversation-list';
import { byId, say } from './dom';
import { renderAddresses, wireForms } from './forms';
import { renderWebhookLog } from './webhook-log';

const POLL_MS = 1_000;
const SID = /^CH[0-9a-f]{32}$/;

const shown = new Map<string, string>();
let setup: Setup | undefined;
let busy = false;
/** A refresh asked for while one was under way: it runs as soon as that one ends. */
let again = false;
/** Counts the changes of what the page asks for (the chosen conversation, the log's filter). */
let asked = 0;

const chosen = (): string | undefined => {
  const sid = location.hash.slice(1);
  return SID.test(sid) ? sid : undefined;
};

/**
 * Fetches a view and hands it to `render` only when its JSON differs from what is shown, and
 * the page still asks for it: an answer to the question before a click is not drawn over it.
 */
async function redraw<T>(key: string, path: string, render: (value: T) => void): Promise<void> {
  const question = asked;
  const text = await getText(path);
  if (question !== asked || shown.get(key) === text) return;
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

function redrawConversation(sid: string): Promise<void> {
  const key = `conversation ${sid} ${setup?.handoff}`;
  return redraw<ConversationDetail>(key, `/console/api/conversations/${sid}`, (c) => renderConversation(c, setup?.handoff ?? false)).catch(() => {
    // What is shown is no longer the conversation: the next answer draws it again, changed or not.
    shown.delete(key);
    renderNoConversation(sid);
  });
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
      sid ? redrawConversation(sid) : Promise.resolve(renderNoConversation(undefined)),
      redraw<WebhookLog>('log', logPath(), renderWebhookLog),
    ]);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  } finally {
    busy = false;
    if (again) {
      again = false;
      void refresh();
    }
  }
}

/** After a user's action: a refresh now, or right after the one under way (not at the next poll). */
function refreshSoon(): void {
  if (busy) again = true;
  else void refresh();
}

function start(): void {
  const page = {
    chosen,
    refresh: refreshSoon,
    open: (sid: string) => {
      location.hash = sid;
    },
  };
  wireForms(page, () => setup);
  addEventListener('hashchange', () => {
    asked += 1;
    shown.clear();
    refreshSoon();
  });
  byId('log-filter').addEventListener('change', () => {
    asked += 1;
    shown.delete('log');
    refreshSoon();
  });
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}

start();
