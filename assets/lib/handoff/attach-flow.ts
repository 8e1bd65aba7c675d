// The work of /studio/attach: (re)attach a Studio flow to a conversation, e.g. after an
// agent is done and the conversation goes back to the bot.
// Under the conversation's attributes lock in Sync (as the hand-off and the webhook's writers),
// so that two attaches at once cannot add two flows, and clearing the record loses nobody's keys:
//   1 read   the conversation (attributes) and its webhooks, in parallel
//   1 write  the studio webhook and, when there is one, clearing the `handoff` record, in parallel
// (4 round trips with taking and releasing the lock.)
// At most one studio webhook per conversation: two would mean two executions answering
// every customer message, so a second attach is refused (409) rather than added.
// ReplayAfter is not sent unless given: a conversation going back to the bot should not
// replay its whole history to the flow; the bot answers the customer's next message.
// (ReplayAfter=0 replays every message, which is what a brand-new conversation wants.)
import * as v from 'valibot';
import type { Config } from '../platform/config';
import { requireConfig } from '../platform/config';
import { attachStudioFlow, isStudioWebhook } from '../conversations/studio-webhooks';
import { conversationsService } from '../conversations/service';
import { parseAttributes, type Attributes } from '../conversations/attributes';
import { RECORD_KEY } from './state';
import { HttpError } from '../http/errors';
import { conversationClosed, conversationMissing } from '../conversations/errors';
import type { TwilioClient } from '../platform/twilio-client';
import { parseInput } from '../http/validation';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { underAttributesLock } from '../conversations/attribute-merge';

export const attachSchema = v.object({
  ConversationSid: v.pipe(
    v.string('ConversationSid is required'),
    v.regex(/^CH[0-9a-fA-F]{32}$/, 'ConversationSid must be a Conversation SID (CH + 32 hex characters)'),
  ),
  FlowSid: v.optional(v.pipe(v.string(), v.regex(/^FW[0-9a-fA-F]{32}$/, 'FlowSid must be a Studio Flow SID (FW + 32 hex characters)'))),
  ReplayAfter: v.optional(
    v.pipe(
      v.union(
        [v.number(), v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'ReplayAfter must be a message index (0, 1, 2...)'), v.transform(Number))],
        'ReplayAfter must be a message index (0, 1, 2...)',
      ),
      v.integer('ReplayAfter must be a whole number'),
      v.minValue(0, 'ReplayAfter must be 0 or more'),
    ),
  ),
});

export type AttachRequest = { conversationSid: string; flowSid: string; replayAfter?: number };

/**
 * The named parameters of a Studio widget's request: Studio sends a blank one as "", which
 * counts as absent. ConversationSid is always there, so that its absence is reported with
 * its own message.
 */
export function presentStudioParams(params: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return { ConversationSid: undefined, ...Object.fromEntries(Object.entries(params).filter(([name, value]) => names.includes(name) && value !== '')) };
}

export function readAttachRequest(params: Record<string, unknown>, config: Pick<Config, 'STUDIO_FLOW_SID'>): AttachRequest {
  const input = parseInput(attachSchema, presentStudioParams(params, ['ConversationSid', 'FlowSid', 'ReplayAfter']));
  const flowSid = input.FlowSid ?? config.STUDIO_FLOW_SID;
  if (!flowSid)
    throw new HttpError('invalid_request', 'FlowSid is required (or set STUDIO_FLOW_SID).', {
      details: { fields: [{ field: 'FlowSid', message: 'required' }] },
    });
  return { conversationSid: input.ConversationSid, flowSid, ...(input.ReplayAfter !== undefined ? { replayAfter: input.ReplayAfter } : {}) };
}

export type AttachAnswer = {
  attached: true;
  conversationSid: string;
  flowSid: string;
  webhookSid: string;
  replayAfter: number | null;
  handoffCleared: boolean;
};

/** The attributes without the hand-off's record (the bot is back); the hand-off count stays. */
export function withoutHandoff(attributes: Attributes): Attributes | undefined {
  if (!(RECORD_KEY in attributes)) return undefined;
  const { [RECORD_KEY]: _record, ...rest } = attributes;
  return rest;
}

export async function attachFlow(config: Config, client: TwilioClient, request: AttachRequest, deadlineAt: number): Promise<AttachAnswer> {
  const { CONVERSATIONS_SERVICE_SID } = requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
  const service = conversationsService(client, CONVERSATIONS_SERVICE_SID);
  return underAttributesLock({ state: syncStore(client, syncServiceSid(config)), deadlineAt }, request.conversationSid, () => attachLocked(service, request));
}

async function attachLocked(service: ReturnType<typeof conversationsService>, request: AttachRequest): Promise<AttachAnswer> {
  const conversation = service.conversations(request.conversationSid);
  const missing = conversationMissing(request.conversationSid);

  const [fetched, webhooks] = await Promise.all([conversation.fetch().catch(missing), conversation.webhooks.list({ pageSize: 5 }).catch(missing)]);
  // Closed is final: a bot attached there would never get a message.
  if (fetched.state === 'closed') throw conversationClosed(request.conversationSid);
  const existing = webhooks.find(isStudioWebhook);
  if (existing) {
    const attachedFlow = (existing.configuration as { flow_sid?: string } | null)?.flow_sid;
    throw new HttpError(
      'bot_already_attached',
      `Conversation ${request.conversationSid} already has a Studio flow attached (webhook ${existing.sid}); remove it first.`,
      {
        details: {
          webhookSid: existing.sid,
          ...(attachedFlow ? { flowSid: attachedFlow } : {}),
        },
      },
    );
  }
  const cleared = withoutHandoff(parseAttributes(fetched.attributes));
  const [webhook] = await Promise.all([
    attachStudioFlow(service, request.conversationSid, request.flowSid, request.replayAfter),
    cleared ? conversation.update({ attributes: JSON.stringify(cleared) }) : Promise.resolve(undefined),
  ]);
  return {
    attached: true,
    conversationSid: request.conversationSid,
    flowSid: request.flowSid,
    webhookSid: webhook.sid,
    replayAfter: request.replayAfter ?? null,
    handoffCleared: cleared !== undefined,
  };
}
