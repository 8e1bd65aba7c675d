// Hand-off and attach, the way this project does them (signed, as Studio calls them) and
// the hand-off the way samples do it: every read and write awaited one after another.
import { randomUUID } from 'node:crypto';
import { twilioSignature } from '../../sandbox/testing/signer';
import { FLOW_SID, SMS_PROXY, type BenchStack } from './bench-stack';
import { freshNumber, signedForm, type Job } from './jobs';
import type { ProbeInput } from './sections';

/** A conversation as the bot holds it: an SMS customer and a studio webhook. */
async function botConversation(stack: BenchStack): Promise<string> {
  const service = stack.client.conversations.v1.services(stack.sandbox.serviceSid);
  const conversation = await service.conversations.create({ friendlyName: 'bench' });
  await service.conversations(conversation.sid).participants.create({ 'messagingBinding.address': freshNumber(), 'messagingBinding.proxyAddress': SMS_PROXY });
  await service.conversations(conversation.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW_SID });
  return conversation.sid;
}

const handoff: Job = {
  name: 'studio/handoff (named agent)',
  // 3 rounds inside the conversation's attributes lock (take + release).
  target: 5,
  prepare: botConversation,
  run: (stack, sid) =>
    signedForm(stack, '/studio/handoff', { ConversationSid: sid as string, AgentIdentity: `agent-${randomUUID().slice(0, 6)}`, Reason: 'asked for a person' }),
};

const handoffPicked: Job = {
  name: 'studio/handoff (least busy of AGENT_IDENTITIES)',
  target: 5,
  prepare: botConversation,
  run: (stack, sid) => signedForm(stack, '/studio/handoff', { ConversationSid: sid as string }),
};

const attach: Job = {
  name: 'studio/attach',
  // 2 rounds inside the conversation's attributes lock (take + release).
  target: 4,
  prepare: async (stack) => (await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: freshNumber() }] })).body.conversationSid,
  run: (stack, sid) => signedForm(stack, '/studio/attach', { ConversationSid: sid as string, FlowSid: FLOW_SID }),
};

/** The hand-off as samples write it: read, then each write, one await at a time. */
const naiveHandoff: Job = {
  name: 'hand-off',
  target: null,
  prepare: botConversation,
  run: async (stack, sid) => {
    const conversation = stack.client.conversations.v1.services(stack.sandbox.serviceSid).conversations(sid as string);
    const current = await conversation.fetch();
    const webhooks = await conversation.webhooks.list();
    for (const webhook of webhooks) if (webhook.target === 'studio') await conversation.webhooks(webhook.sid).remove();
    await conversation.participants.create({ identity: `agent-${randomUUID().slice(0, 6)}` });
    await conversation.messages.create({ author: 'system', body: 'A person is joining.' });
    await conversation.update({ attributes: JSON.stringify({ ...JSON.parse(current.attributes || '{}'), handoff: { at: new Date().toISOString() } }) });
    return { status: 200 };
  },
};

export const EXTRA_JOBS: Job[] = [handoff, handoffPicked, attach];
export const EXTRA_PAIRS: Array<{ job: string; ours: Job; naive: Job }> = [{ job: 'hand-off (named agent)', ours: handoff, naive: naiveHandoff }];

/** Cold-start requests for the Studio functions: a new bot conversation per hand-off, a bot-less one per attach. */
export function EXTRA_COLD_INPUTS(stack: BenchStack, context: (path: string) => object): Record<string, () => Promise<ProbeInput>> {
  const signed = (path: string, form: Record<string, string>): ProbeInput => ({
    context: context(path),
    event: {
      ...form,
      request: { headers: { 'x-twilio-signature': twilioSignature(stack.sandbox.authToken, `https://probe.twil.io${path}`, form) } },
    },
  });
  return {
    '/studio/handoff': async () => signed('/studio/handoff', { ConversationSid: await botConversation(stack), AgentIdentity: 'cold-agent' }),
    '/studio/attach': async () => {
      const target = (await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: freshNumber() }] })).body.conversationSid as string;
      return signed('/studio/attach', { ConversationSid: target, FlowSid: FLOW_SID });
    },
  };
}
