// The names of everything kept in Sync, in one place. Every name is built from what only the
// server decides (a job, a CH SID, a hand-off number, a caller's idempotency key, which only
// a server-authenticated caller can pass); chat users' tokens grant no Sync access at all, so
// nothing a customer writes can claim, read or release one.
// Sync unique names: 1-256 characters, never a SID look-alike (https://www.twilio.com/docs/api/errors/54302).
export const stateNames = {
  send: (conversationSid: string, idempotencyKey: string) => `send:${conversationSid}:${idempotencyKey}`,
  handoff: (conversationSid: string, seq: number) => `handoff:${conversationSid}:${seq}`,
  autoReply: (conversationSid: string) => `autoreply:${conversationSid}`,
  bot: (conversationSid: string) => `bot:${conversationSid}`,
  attributes: (conversationSid: string) => `lock:attributes:${conversationSid}`,
  // Participants have no conditional update either: our read-merge-writes of one take turns.
  participantAttributes: (participantSid: string) => `lock:participant:${participantSid}`,
  guestQuota: 'quota:guest-chat',
  // One agent reply per customer message (the message SID is Twilio's, from a signed event).
  agentReply: (conversationSid: string, messageSid: string) => `agent:${conversationSid}:${messageSid}`,
  agentQuota: (conversationSid: string) => `quota:agent:${conversationSid}`,
} as const;
