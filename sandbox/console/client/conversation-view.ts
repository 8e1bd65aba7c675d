// The chosen conversation: its facts, participants by channel, the thread, the messages that
// never made it, its attributes, scoped webhooks and Studio executions; and the chat form's
// list of who can write.
import type { ConversationDetail } from '../views';
import { badge, byId, el, prettyJson, renderChoices, renderList, time } from './dom';
import { messageItem } from './thread';

function fact(term: string, value: string | Node): Node[] {
  return [el('dt', {}, term), el('dd', {}, value)];
}

export function renderNoConversation(missing: string | undefined): void {
  byId('conversation-heading').textContent = missing ? `Conversation ${missing} is gone` : 'No conversation chosen';
  byId('conversation-hint').hidden = false;
  byId('conversation-body').hidden = true;
}

export function renderConversation(c: ConversationDetail, canHandOff: boolean): void {
  byId('conversation-heading').textContent = c.friendlyName ?? c.uniqueName ?? c.sid;
  byId('conversation-hint').hidden = true;
  byId('conversation-body').hidden = false;
  byId('conversation-facts').replaceChildren(
    ...fact('SID', c.sid),
    ...fact('Unique name', c.uniqueName ?? '—'),
    ...fact('State', c.state),
    ...fact('Created', time(c.dateCreated)),
    ...fact('Inactive at', c.timers.inactiveAt ? time(c.timers.inactiveAt) : '—'),
    ...fact('Closed at', c.timers.closedAt ? time(c.timers.closedAt) : '—'),
  );
  renderList(
    byId('participants'),
    c.participants.map((p) => ({
      key: p.sid,
      data: p,
      draw: () => el('li', { 'data-badge': p.badge }, badge(p.badge), el('strong', {}, p.label), p.proxyAddress ? ` via ${p.proxyAddress}` : '', ` · ${p.sid}`),
    })),
  );
  renderList(byId('thread'), [
    ...(c.earlier ? [{ key: 'earlier', data: c.earlier, draw: () => el('li', { class: 'muted' }, `${c.earlier} earlier messages not shown`) }] : []),
    ...c.messages.map((m) => ({ key: m.sid, data: m, draw: () => messageItem(m) })),
  ]);
  byId('refused').replaceChildren(...c.refused.map((r) => el('li', {}, `Blocked: a message from ${r.author} (${r.source}) was ${r.how} · `, time(r.at))));
  byId('attributes').textContent = prettyJson(c.attributes);
  byId('scoped-webhooks').replaceChildren(
    ...c.webhooks.map((w) =>
      el(
        'li',
        {},
        `${w.target}: ${w.flowSid ?? w.url ?? ''}${w.filters.length ? ` · ${w.filters.join(', ')}` : ''}${w.triggers.length ? ` · triggers ${w.triggers.join(', ')}` : ''}`,
      ),
    ),
    ...(c.webhooks.length ? [] : [el('li', { class: 'muted' }, 'No scoped webhook')]),
  );
  byId('executions').replaceChildren(
    ...c.executions.map((e) => el('li', {}, `Studio execution ${e.sid} of ${e.flowSid}: ${e.status}, ${e.messages} messages · `, time(e.dateCreated))),
  );
  renderChatAuthors(c);
  const handoff = byId<HTMLButtonElement>('handoff-button');
  handoff.disabled = !canHandOff || c.state === 'closed';
  handoff.title = canHandOff ? '' : 'This sandbox was started without the functions URL';
}

/** Keeps the chosen author when the list is redrawn. */
function renderChatAuthors(c: ConversationDetail): void {
  const writers = c.participants.filter((p) => p.badge === 'chat' || p.badge === 'agent' || p.badge === 'bot');
  renderChoices(
    byId<HTMLSelectElement>('chat-identity'),
    writers.map((p) => ({ value: p.label, label: `${p.label} (${p.badge})` })),
  );
  byId('chat-form').hidden = writers.length === 0;
  byId('chat-none').hidden = writers.length > 0;
}
