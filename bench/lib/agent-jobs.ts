// The AI agent's answer to a customer message, timed as Twilio delivers it: a signed
// onMessageAdded to the webhook, the stand-in agent (sandbox/agent) answering at once, so the
// figure is the Twilio round trips the bridge adds around the agent's own time.
import { freshNumber, signedForm, type Job } from './jobs';
import { SMS_PROXY, type BenchStack } from './bench-stack';

/** A conversation with an SMS customer and one message of theirs, built without webhooks; its onMessageAdded form. */
async function customerMessage(stack: BenchStack, conversationSid?: string): Promise<{ sid: string; form: Record<string, string> }> {
  const service = stack.client.conversations.v1.services(stack.sandbox.serviceSid);
  const customer = freshNumber();
  const sid = conversationSid ?? (await service.conversations.create({ friendlyName: 'bench agent' })).sid;
  const participant = conversationSid
    ? (await service.conversations(sid).participants.list())[0]!
    : await service.conversations(sid).participants.create({ 'messagingBinding.address': customer, 'messagingBinding.proxyAddress': SMS_PROXY });
  const author = (participant.messagingBinding as { address: string }).address;
  const message = await service.conversations(sid).messages.create({ author, body: 'Where is my order?' });
  const form = {
    AccountSid: stack.sandbox.accountSid,
    EventType: 'onMessageAdded',
    Source: 'SMS',
    ConversationSid: sid,
    MessageSid: message.sid,
    ParticipantSid: participant.sid,
    Index: String(message.index),
    Author: author,
    Body: 'Where is my order?',
  };
  return { sid, form };
}

const deliver = (stack: BenchStack, prepared: unknown) => signedForm(stack, '/conversations/webhook', (prepared as { form: Record<string, string> }).form);

const firstAnswer: Job = {
  name: 'webhook, AI agent answer (first of the hour: the hour’s Sync List is created)',
  // reads; claim + count (the list's create and the append again); post; the claim's record.
  target: 6,
  prepare: (stack) => customerMessage(stack),
  run: deliver,
};

const laterAnswer: Job = {
  name: 'webhook, AI agent answer (agent call + 3 to the answer, + 1 record)',
  // reads; claim + count; post (the customer has the answer here); the claim's record.
  target: 4,
  prepare: async (stack) => {
    const first = await customerMessage(stack);
    await deliver(stack, first);
    return customerMessage(stack, first.sid);
  },
  run: deliver,
};

// The same customer message answered by AUTO_REPLY_TEXT (no AGENT_URL), side by side: the
// agent's answer should cost the agent call and no more Twilio round trips than this.
const autoReplyAnswer: Job = {
  name: 'webhook, auto-reply answer (what the AI agent replaces: 3 to the reply, + 4 record)',
  // reads; claim; send (the customer has the reply here); the claim's record alongside the
  // attribute record under the attributes lock (take, read, write, let go).
  target: 7,
  prepare: (stack) => customerMessage(stack),
  run: (stack, prepared) => signedForm(stack, '/conversations/webhook', (prepared as { form: Record<string, string> }).form, stack.autoReplyFunctions),
};

export const AGENT_JOBS: Job[] = [firstAnswer, laterAnswer, autoReplyAnswer];
