// An in-memory StateStore with Sync's guarantees (unique names, revisions, atomic appends),
// answering after a tick like a network would, for unit tests of the state module's rules.
// The state module's behaviour against Twilio's own semantics is tested on the sandbox.
import type { StateStore, StoredDocument } from '../../assets/lib/state/sync-store';

export type MemoryStore = StateStore & { documents: Map<string, StoredDocument>; writes: number };

export function memoryStore(): MemoryStore {
  const documents = new Map<string, StoredDocument>();
  const lists = new Map<string, number>();
  let revision = 0;
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const store: MemoryStore = {
    documents,
    writes: 0,
    async create(name, data) {
      await tick();
      if (documents.has(name)) return 'taken';
      store.writes += 1;
      const document = { revision: String((revision += 1)), data: structuredClone(data) as Record<string, unknown> };
      documents.set(name, document);
      return document;
    },
    async fetch(name) {
      await tick();
      const document = documents.get(name);
      return document && structuredClone(document);
    },
    async replace(name, data, _ttl, expected) {
      await tick();
      const current = documents.get(name);
      if (!current) return 'missing';
      if (current.revision !== expected) return 'stale';
      store.writes += 1;
      const document = { revision: String((revision += 1)), data: structuredClone(data) as Record<string, unknown> };
      documents.set(name, document);
      return document;
    },
    async remove(name) {
      await tick();
      documents.delete(name);
    },
    async append(list) {
      await tick();
      const index = lists.get(list) ?? 0;
      lists.set(list, index + 1);
      return index;
    },
  };
  return store;
}
