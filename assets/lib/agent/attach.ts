// The work of /agent/attach: give a conversation back to the AI agent after a hand-off (the
// counterpart of /studio/attach for the bot). What keeps the agent quiet after its hand-off
// is the same as for the auto-reply: the hand-off's `handoff` record in the attributes and
// the human in the conversation. So this clears the record (the hand-off count stays, so the
// next hand-off posts a new notice) and removes the human the hand-off added (the record
// names them; a Flex agent leaves through Flex). The agent answers the customer's next
// message, unless someone else still does: `agentAnswers` says which.
// Under the conversation's attributes lock in Sync, as the hand-off and /studio/attach:
//   1 read   the conversation (attributes, state), its webhooks and participants, in parallel
//   1 write  the attributes without the record, and the agent's removal, in parallel
// (4 round trips with taking and releasing the lock.)
import * as v from 'valibot';
import { parseAttributes } from '../conversations/attributes';
import { underAttributesLock } from '../conversations/attribute-merge';
import { conversationClosed, conversationMissing } from '../conversations/errors';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { isStudioWebhook } from '../conversations/studio-webhooks';
import { attachSchema, presentStudioParams, withoutHandoff } from '../handoff/attach-flow';
import { readRecord, targetOfRecord } from '../handoff/state';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';
import { requireConfig, type Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { ignoreNotFound } from '../platform/twilio-errors';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { otherAnswerer } from '../webhook/handlers/auto-reply';

export const agentAttachSchema = v.pick(attachSchema, ['ConversationSid']);

export type AgentAttachAnswer = {
  attached: true;
  conversationSid: string;
  handoffCleared: boolean;
  /** The hand-off's human, removed from the conversation (null: none to remove). */
  agentRemoved: string | null;
  /** Whether the AI agent answers the customer's next message (false: a bot or another human still does). */
  agentAnswers: boolean;
};

export function readAgentAttachRequest(params: Record<string, unknown>): { conversationSid: string } {
  const input = parseInput(agentAttachSchema, presentStudioParams(params, ['ConversationSid']));
  return { conversationSid: input.ConversationSid };
}

/** The author a participant's messages carry: its identity, or its address (SMS, WhatsApp). */
function authorOf(participant: { identity: string | null; messagingBinding: unknown }): string | undefined {
  if (participant.identity) return participant.identity;
  const address = (participant.messagingBinding as { address?: unknown } | null)?.address;
  return typeof address === 'string' ? address : undefined;
}

export async function attachAgent(config: Config, client: TwilioClient, conversationSid: string, deadlineAt: number): Promise<AgentAttachAnswer> {
  const ready = requireConfig(config, ['CONVERSATIONS_SERVICE_SID', 'AGENT_URL']);
  const service = conversationsService(client, ready.CONVERSATIONS_SERVICE_SID);
  return underAttributesLock({ state: syncStore(client, syncServiceSid(config)), deadlineAt }, conversationSid, () =>
    attachLocked(config, service, conversationSid),
  );
}

async function attachLocked(config: Config, service: ConversationsService, conversationSid: string): Promise<AgentAttachAnswer> {
  const conversation = service.conversations(conversationSid);
  const missing = conversationMissing(conversationSid);
  const [fetched, webhooks, participants] = await Promise.all([
    conversation.fetch().catch(missing),
    conversation.webhooks.list({ pageSize: 5 }).catch(missing),
    conversation.participants.list({ pageSize: 100 }).catch(missing),
  ]);
  if (fetched.state === 'closed') throw conversationClosed(conversationSid);
  // A Studio flow answers every message: the agent would never get one. Say so rather than pretend.
  const studio = webhooks.find(isStudioWebhook);
  if (studio) {
    throw new HttpError('bot_already_attached', `Conversation ${conversationSid} has a Studio flow attached (webhook ${studio.sid}); remove it first.`, {
      details: { webhookSid: studio.sid },
    });
  }
  const attributes = parseAttributes(fetched.attributes);
  const record = readRecord(attributes);
  const target = record ? targetOfRecord(record) : undefined;
  const human = target?.kind === 'agent' ? participants.find((participant) => participant.identity === target.identity) : undefined;
  const cleared = withoutHandoff(attributes);
  await Promise.all([
    cleared ? conversation.update({ attributes: JSON.stringify(cleared) }) : Promise.resolve(undefined),
    // With the webhook flag: onParticipantRemoved keeps the channels summary right.
    human ? conversation.participants(human.sid).remove({ xTwilioWebhookEnabled: 'true' }).catch(ignoreNotFound) : Promise.resolve(undefined),
  ]);
  const remaining = participants.filter((participant) => participant !== human);
  const facts = { attributes: cleared ?? attributes, participants: remaining, webhooks };
  // Who counts as staff depends on who writes (a chat user alone is the customer): the agent
  // answers again if it would answer some participant's next message.
  const agentAnswers = remaining.some((participant) => otherAnswerer(facts, { author: authorOf(participant) }, config) === undefined);
  return { attached: true, conversationSid, handoffCleared: cleared !== undefined, agentRemoved: human?.identity ?? null, agentAnswers };
}
