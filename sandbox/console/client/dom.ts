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

export function badge(kind: Badge): HTMLSpanElement {
  return el('span', { class: `badge badge-${kind}` }, kind === 'functions' ? 'functions' : kind);
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
