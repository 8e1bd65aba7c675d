// Building the page from data that customers wrote: every text goes in as a text node, never
// as HTML, so a message body like <img onerror=...> shows as the characters it is.
import type { Badge } from '../badges';

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  return node as T;
}

/** What each list item was drawn from, to tell at the next redraw whether it changed. */
const drawnFrom = new WeakMap<Node, { key: string; data: string }>();

/** One item of a list: its key (unique in the list), the data it shows, and how to draw it (given the item it replaces, if any). */
type ListItem = { key: string; data: unknown; draw: (replaced: Element | undefined) => HTMLElement };

/**
 * Redraws a list item by item: an item whose data did not change stays the very node it was,
 * where it was, so a redraw neither swallows a click on it (pressed on one node, released on
 * its replacement), nor drops a text selection or the focus in it, nor closes it.
 */
export function renderList(list: HTMLElement, items: ListItem[]): void {
  const before = new Map<string, Element>();
  for (const child of list.children) {
    const drawn = drawnFrom.get(child);
    if (drawn) before.set(drawn.key, child);
  }
  const wanted = items.map(({ key, data, draw }): Node => {
    const json = JSON.stringify(data);
    const old = before.get(key);
    if (old && drawnFrom.get(old)?.data === json) return old;
    const node = draw(old);
    drawnFrom.set(node, { key, data: json });
    return node;
  });
  const keep = new Set(wanted);
  for (const child of [...list.childNodes]) if (!keep.has(child)) child.remove();
  // Only the items out of place move: a new one at the top moves none of the others.
  let at = list.firstChild;
  for (const node of wanted) {
    if (node === at) at = at.nextSibling;
    else list.insertBefore(node, at);
  }
}

/**
 * A select's choices, replaced only when they changed (so a drop-down a user has open stays
 * open), keeping the chosen one where it is still a choice.
 */
export function renderChoices(select: HTMLSelectElement, choices: { value: string; label: string }[]): void {
  const same = (o: HTMLOptionElement, i: number) => o.value === choices[i]?.value && o.text === choices[i]?.label;
  if (select.options.length === choices.length && [...select.options].every(same)) return;
  const before = select.value;
  select.replaceChildren(...choices.map((c) => el('option', { value: c.value }, c.label)));
  if (choices.some((c) => c.value === before)) select.value = before;
}

export function badge(kind: Badge): HTMLSpanElement {
  return el('span', { class: `badge badge-${kind}` }, kind);
}

export function time(iso: string): HTMLTimeElement {
  return el('time', { datetime: iso }, new Date(iso).toLocaleString());
}

/** Attributes as the platform keeps them (a JSON string), indented when they are JSON. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const SAID_FOR_MS = 8_000;
let unsay: ReturnType<typeof setTimeout> | undefined;

/** Tells screen readers and sighted users alike what an action did, for a few seconds. */
export function say(message: string): void {
  const status = byId('status');
  status.textContent = message;
  clearTimeout(unsay);
  unsay = setTimeout(() => (status.textContent = ''), SAID_FOR_MS);
}
