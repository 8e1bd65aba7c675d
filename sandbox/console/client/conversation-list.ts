// The list of conversations, newest activity first; each is a link to #<sid>.
import type { ConversationList } from '../views';
import { badge, byId, el, renderList, time } from './dom';

export function renderConversationList(list: ConversationList, chosen: string | undefined): void {
  const shown = list.conversations.length;
  byId('conversation-count').textContent =
    list.total === 0 ? 'None yet: text in as a customer.' : shown < list.total ? `The newest ${shown} of ${list.total}` : `${list.total} in all`;
  const shownList = byId('conversation-list');
  renderList(
    shownList,
    list.conversations.map((c) => ({
      key: c.sid,
      data: c,
      draw: () =>
        el(
          'li',
          {},
          el(
            'a',
            { href: `#${c.sid}`, 'data-sid': c.sid },
            ...c.channels.map(badge),
            el('strong', {}, c.friendlyName ?? c.uniqueName ?? c.sid),
            ' ',
            el('span', { class: 'state' }, c.state),
            el('span', { class: 'latest' }, c.latest ? `${c.latest.author}: ${c.latest.body ?? '(media)'}` : 'No messages'),
          ),
        ),
    })),
  );
  // Marked in place: the link just followed keeps the focus.
  for (const link of shownList.querySelectorAll('a')) link.setAttribute('aria-current', String(link.getAttribute('data-sid') === chosen));
}

/** Texts that never reached a conversation: refused by the functions, or sent to an address nothing answers. */
export function renderDropped(list: ConversationList): void {
  byId('dropped').replaceChildren(...list.dropped.map((d) => el('li', {}, `From ${d.from} to ${d.to}: ${d.reason} · `, time(d.at))));
  byId('dropped-section').hidden = list.dropped.length === 0;
}
