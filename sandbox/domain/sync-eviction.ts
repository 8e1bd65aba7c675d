// Sync objects past their TTL are deleted "eventually": Twilio says an expired object "might not
// be deleted immediately after it expires" (the spec's `date_expires`) and gives no figure. The
// sandbox keeps an expired object fully readable and writable until a sweep removes it, `lateMs`
// after its expiry. The sweep runs on every clock check (each API request, the one-second tick,
// advanceClock), so tests step over the expiry and the lateness without waiting. The default
// lateness is the sandbox's pick, unconfirmed: watch how late Twilio's deletions really are.
import type { Ctx } from './context';
import { dropDocument, dropList } from './sync';

export type SyncEviction = { lateMs: number };

export const SYNC_EVICTION: SyncEviction = { lateMs: 5_000 };

export function evictExpiredSync(ctx: Ctx): void {
  const cutoff = ctx.clock.now() - ctx.syncEviction.lateMs;
  const due = (record: { dateExpires: number | null }) => record.dateExpires !== null && record.dateExpires <= cutoff;
  const { state } = ctx;
  for (const document of state.syncDocuments.values()) if (due(document)) dropDocument(state, document);
  for (const list of state.syncLists.values()) {
    if (due(list)) dropList(state, list);
    else for (const item of list.items.values()) if (due(item)) list.items.delete(item.index);
  }
}
