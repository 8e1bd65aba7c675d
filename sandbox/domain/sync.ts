// Sync objects in the state: found by SID or unique name, put and dropped together with their
// unique-name index (documents and lists each have their own names), changed with a new revision.
// Handlers check and put in one synchronous step, so of two creates with one unique name the
// first wins and the other gets 54301, as the functions rely on.
import type { SandboxState, SyncDocumentRecord, SyncListRecord } from '../state';
import { uniqueNameTaken } from './sync-errors';
import { SYNC_SID } from './sync-payload';

type Kind = 'document' | 'list';

const nameKey = (kind: Kind, name: string) => `${kind}/${name}`;

function findBy<T>(state: SandboxState, records: Map<string, T>, kind: Kind, sidOrName: string): T | undefined {
  return records.get(sidOrName) ?? records.get(state.index.syncUniqueNames.get(nameKey(kind, sidOrName)) ?? '');
}

export const findDocument = (state: SandboxState, sidOrName: string): SyncDocumentRecord | undefined =>
  findBy(state, state.syncDocuments, 'document', sidOrName);

export const findList = (state: SandboxState, sidOrName: string): SyncListRecord | undefined => findBy(state, state.syncLists, 'list', sidOrName);

function claimName(state: SandboxState, kind: Kind, name: string | null, sid: string): void {
  if (name === null) return;
  const key = nameKey(kind, name);
  if (state.index.syncUniqueNames.has(key)) throw uniqueNameTaken(name);
  state.index.syncUniqueNames.set(key, sid);
}

export function putDocument(state: SandboxState, document: SyncDocumentRecord): void {
  claimName(state, 'document', document.uniqueName, document.sid);
  state.syncDocuments.set(document.sid, document);
}

export function putList(state: SandboxState, list: SyncListRecord): void {
  claimName(state, 'list', list.uniqueName, list.sid);
  state.syncLists.set(list.sid, list);
}

export function dropDocument(state: SandboxState, document: SyncDocumentRecord): void {
  state.syncDocuments.delete(document.sid);
  if (document.uniqueName !== null) state.index.syncUniqueNames.delete(nameKey('document', document.uniqueName));
}

export function dropList(state: SandboxState, list: SyncListRecord): void {
  state.syncLists.delete(list.sid);
  if (list.uniqueName !== null) state.index.syncUniqueNames.delete(nameKey('list', list.uniqueName));
}

/** Every change is a new revision (https://www.twilio.com/docs/sync/api/document-resource). */
export function revise(record: { revision: number; dateUpdated: number }, now: number): void {
  record.revision += 1;
  record.dateUpdated = now;
}

/** If-Match as Twilio reads it: the revision (its ETag), quoted or not; `*` or no header matches any. */
export function matchesRevision(ifMatch: string | undefined, revision: number): boolean {
  if (ifMatch === undefined) return true;
  const expected = ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  return expected === '*' || expected === String(revision);
}

/**
 * The object a Sync request reads or writes, for its rate-limit bucket (a list for its items):
 * one key whether the path names it by SID or unique name, and for its create by unique name.
 * Undefined for the service, service-wide lists and new objects without a unique name.
 */
export function syncObjectOf(state: SandboxState, operationId: string, pathParams: Record<string, string>, uniqueName: string | undefined): string | undefined {
  const key = (kind: Kind, found: { sid: string; uniqueName: string | null } | undefined, named: string) => {
    const name = found ? found.uniqueName : SYNC_SID.test(named) ? null : named;
    return `${kind}:${name === null ? (found?.sid ?? named) : `name/${name}`}`;
  };
  if (pathParams.ListSid !== undefined) return key('list', findList(state, pathParams.ListSid), pathParams.ListSid);
  const named = pathParams.Sid ?? uniqueName;
  if (named === undefined) return undefined;
  if (/Document$/.test(operationId)) return key('document', findDocument(state, named), named);
  if (/SyncList$/.test(operationId)) return key('list', findList(state, named), named);
  return undefined;
}
