// Every record enters and leaves the state through these functions, which keep the indexes
// of state.index in step with the maps: lookups by conversation, unique name, binding,
// address or identity never scan all records.
import type { ConversationRecord, MessageRecord, ParticipantRecord, SandboxState, ScopedWebhookRecord, UserRecord } from '../state';

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

const uniqueNameKey = (serviceSid: string, name: string) => `${serviceSid}/${name}`;
const bindingKey = (address: string, proxyAddress: string) => `${address}|${proxyAddress}`;

function participantKeys(p: ParticipantRecord): string[] {
  const keys: string[] = [];
  if (p.identity) keys.push(p.identity);
  if (p.binding && 'address' in p.binding) keys.push(p.binding.address);
  return keys;
}

export function putConversation(state: SandboxState, c: ConversationRecord): void {
  state.conversations.set(c.sid, c);
  if (c.uniqueName) state.index.uniqueNames.set(uniqueNameKey(c.serviceSid, c.uniqueName), c.sid);
}

/** Changes a conversation's unique name (null frees it). */
export function renameConversation(state: SandboxState, c: ConversationRecord, uniqueName: string | null): void {
  if (c.uniqueName) state.index.uniqueNames.delete(uniqueNameKey(c.serviceSid, c.uniqueName));
  c.uniqueName = uniqueName;
  if (uniqueName) state.index.uniqueNames.set(uniqueNameKey(c.serviceSid, uniqueName), c.sid);
}

/** Drops a conversation with everything in it. */
export function dropConversation(state: SandboxState, c: ConversationRecord): void {
  for (const sid of [...(state.index.participantsOf.get(c.sid) ?? [])]) dropParticipant(state, state.participants.get(sid)!);
  for (const m of [...(state.index.messagesOf.get(c.sid) ?? [])]) dropMessage(state, m);
  for (const sid of [...(state.index.webhooksOf.get(c.sid) ?? [])]) dropScopedWebhook(state, state.webhooks.get(sid)!);
  renameConversation(state, c, null);
  state.conversations.delete(c.sid);
}

export function conversationByUniqueName(state: SandboxState, serviceSid: string, uniqueName: string): ConversationRecord | undefined {
  const sid = state.index.uniqueNames.get(uniqueNameKey(serviceSid, uniqueName));
  return sid ? state.conversations.get(sid) : undefined;
}

export function putParticipant(state: SandboxState, p: ParticipantRecord): void {
  state.participants.set(p.sid, p);
  addTo(state.index.participantsOf, p.conversationSid, p.sid);
  if (p.binding && 'address' in p.binding) addTo(state.index.bindings, bindingKey(p.binding.address, p.binding.proxyAddress), p.sid);
  for (const key of participantKeys(p)) addTo(state.index.participantsByKey, key, p.sid);
}

export function dropParticipant(state: SandboxState, p: ParticipantRecord): void {
  state.participants.delete(p.sid);
  removeFrom(state.index.participantsOf, p.conversationSid, p.sid);
  if (p.binding && 'address' in p.binding) removeFrom(state.index.bindings, bindingKey(p.binding.address, p.binding.proxyAddress), p.sid);
  for (const key of participantKeys(p)) removeFrom(state.index.participantsByKey, key, p.sid);
}

/** Applies a change to a participant's identity or binding, keeping the indexes right. */
export function changeParticipant(state: SandboxState, p: ParticipantRecord, change: (p: ParticipantRecord) => void): void {
  dropParticipant(state, p);
  change(p);
  putParticipant(state, p);
}

export function participantsOf(state: SandboxState, conversationSid: string): ParticipantRecord[] {
  return [...(state.index.participantsOf.get(conversationSid) ?? [])].map((sid) => state.participants.get(sid)!);
}

export function participantsWithBinding(state: SandboxState, address: string, proxyAddress: string): ParticipantRecord[] {
  return [...(state.index.bindings.get(bindingKey(address, proxyAddress)) ?? [])].map((sid) => state.participants.get(sid)!);
}

/** Participants whose identity or binding address is `key`, in every conversation. */
export function participantsByKey(state: SandboxState, key: string): ParticipantRecord[] {
  return [...(state.index.participantsByKey.get(key) ?? [])].map((sid) => state.participants.get(sid)!);
}

export function putMessage(state: SandboxState, m: MessageRecord): void {
  state.messages.set(m.sid, m);
  const list = state.index.messagesOf.get(m.conversationSid) ?? [];
  // Messages arrive in index order; keep the list sorted whatever happens.
  list.push(m);
  if (list.length > 1 && list[list.length - 2]!.index > m.index) list.sort((a, b) => a.index - b.index);
  state.index.messagesOf.set(m.conversationSid, list);
}

export function dropMessage(state: SandboxState, m: MessageRecord): void {
  state.messages.delete(m.sid);
  const list = state.index.messagesOf.get(m.conversationSid);
  if (!list) return;
  const position = list.indexOf(m);
  if (position >= 0) list.splice(position, 1);
  if (list.length === 0) state.index.messagesOf.delete(m.conversationSid);
}

/** A conversation's messages in index order. */
export function messagesOf(state: SandboxState, conversationSid: string): readonly MessageRecord[] {
  return state.index.messagesOf.get(conversationSid) ?? [];
}

export function putScopedWebhook(state: SandboxState, w: ScopedWebhookRecord): void {
  state.webhooks.set(w.sid, w);
  addTo(state.index.webhooksOf, w.conversationSid, w.sid);
}

export function dropScopedWebhook(state: SandboxState, w: ScopedWebhookRecord): void {
  state.webhooks.delete(w.sid);
  removeFrom(state.index.webhooksOf, w.conversationSid, w.sid);
}

export function scopedWebhooksOf(state: SandboxState, conversationSid: string): ScopedWebhookRecord[] {
  return [...(state.index.webhooksOf.get(conversationSid) ?? [])].map((sid) => state.webhooks.get(sid)!);
}

export function putUser(state: SandboxState, u: UserRecord): void {
  state.users.set(u.sid, u);
  state.index.userIdentities.set(`${u.serviceSid}/${u.identity}`, u.sid);
}

export function dropUser(state: SandboxState, u: UserRecord): void {
  state.users.delete(u.sid);
  state.index.userIdentities.delete(`${u.serviceSid}/${u.identity}`);
}

export function userByIdentity(state: SandboxState, serviceSid: string, identity: string): UserRecord | undefined {
  const sid = state.index.userIdentities.get(`${serviceSid}/${identity}`);
  return sid ? state.users.get(sid) : undefined;
}
