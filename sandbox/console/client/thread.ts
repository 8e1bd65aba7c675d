// One message of the thread: who wrote it and by which channel, when, its body and media,
// what the message policy did, and how each delivery went.
import type { MessageView } from '../views';
import { badge, el, time } from './dom';

const CHANNEL_OF_SOURCE: Record<MessageView['source'], string> = { SMS: 'SMS', WHATSAPP: 'WhatsApp', SDK: 'chat', API: 'REST API' };

function deliveryText(m: MessageView): string | null {
  const parts = m.deliveries.map((d) => `${d.to} ${d.status}${d.errorCode ? ` (${d.errorCode})` : ''}`);
  if (m.readBy.length) parts.push(`read by ${m.readBy.join(', ')}`);
  return parts.length ? `Delivery: ${parts.join(' · ')}` : null;
}

export function messageItem(m: MessageView): HTMLLIElement {
  const delivery = deliveryText(m);
  return el(
    'li',
    { 'data-sid': m.sid, 'data-policy': m.policy },
    el('p', { class: 'meta' }, badge(m.badge), el('strong', {}, m.author), ` · via ${CHANNEL_OF_SOURCE[m.source]} · `, time(m.at), ` · #${m.index}`),
    m.body !== null && el('p', { class: 'body' }, m.body),
    ...m.media.map((x) => el('p', { class: 'media' }, `Media: ${x.filename} (${x.contentType}, ${x.size} bytes)`)),
    el('p', { class: 'outcome' }, 'Policy: ', el('span', { class: `policy-${m.policy.replaceAll(' ', '-')}` }, m.policy), delivery ? ` · ${delivery}` : ''),
  );
}
