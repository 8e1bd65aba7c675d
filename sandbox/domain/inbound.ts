// Traffic that does not come from the REST API:
// - an SMS/WhatsApp message from an address to a proxy address (Source SMS/WHATSAPP)
//   lands in the open conversation bound to that pair, or autocreates one per the
//   proxy address's Address Configuration (webhook | studio | default), or is dropped;
// - a chat-SDK message from an identity (Source SDK, ClientIdentity).
// Both always fire webhooks (X-Twilio-Webhook-Enabled concerns REST only).
import { CONVERSATIONS_BASE, type Ctx } from './context';
import { participantsOf } from './indexes';
import { TwilioApiError } from '../errors';
import type { Origin } from './events';
import { createConversation, findConversation } from './conversations';
import { addScopedWebhook } from './scoped-webhooks';
import { addMessage, updateMessage } from './messages';
import { addParticipant, boundConversation, channelOf } from './participants';
import type { MessageRecord } from '../state';

export type InboundMessage = { from: string; to: string; body?: string; mediaSid?: string; mediaContentType?: string };

export type InboundResult =
  { outcome: 'delivered' | 'created'; conversationSid: string; messageSid: string } | { outcome: 'dropped'; reason: string; conversationSid?: string };

export async function receiveInbound(ctx: Ctx, inbound: InboundMessage): Promise<InboundResult> {
  const channel = channelOf(inbound.from);
  const origin: Origin = { source: channel === 'whatsapp' ? 'WHATSAPP' : 'SMS', fire: true };
  const drop = (reason: string, conversationSid?: string): InboundResult => {
    ctx.state.droppedInbound.push({ from: inbound.from, to: inbound.to, body: inbound.body ?? '', reason, at: ctx.clock.now() });
    return { outcome: 'dropped', reason, conversationSid };
  };
  const message = { author: inbound.from, body: inbound.body, mediaSid: inbound.mediaSid, mediaContentType: inbound.mediaContentType };
  const bound = boundConversation(ctx, inbound.from, inbound.to);
  if (bound) {
    try {
      const m = await addMessage(ctx, bound, message, origin);
      return { outcome: 'delivered', conversationSid: bound.sid, messageSid: m.sid };
    } catch (error) {
      return drop(reasonOf(error), bound.sid);
    }
  }
  const config = [...ctx.state.addressConfigurations.values()].find((a) => a.address === inbound.to && a.type === channel && a.autoCreation.enabled);
  if (!config) return drop(`no conversation binds ${inbound.from} to ${inbound.to} and no enabled address configuration exists for ${inbound.to}`);
  const auto = config.autoCreation;
  const serviceSid = auto.conversationServiceSid ?? ctx.state.serviceSid;
  if (serviceSid !== ctx.state.serviceSid) return drop(`address configuration ${config.sid} names unknown service ${serviceSid}`);
  let conversationSid: string | undefined;
  try {
    // Twilio sends onConversationAdd with the first message in it, and no onParticipantAdd or
    // onMessageAdd for that participant and message: the post-events all fire.
    const bindings = { 'MessagingBinding.ProxyAddress': inbound.to, 'MessagingBinding.Address': inbound.from, 'MessagingBinding.AuthorAddress': inbound.from };
    const firstMessage = { MessageBody: inbound.body, Media: mediaParam(inbound) };
    const c = await createConversation(ctx, serviceSid, { friendlyName: config.friendlyName ?? undefined }, origin, bindings, firstMessage);
    conversationSid = c.sid;
    const hook = { url: null, method: 'POST' as const, filters: [], triggers: [], flowSid: null, replayAfter: null };
    if (auto.type === 'webhook' && auto.webhookUrl) {
      addScopedWebhook(ctx, c, {
        ...hook,
        target: 'webhook',
        url: auto.webhookUrl,
        method: auto.webhookMethod,
        filters: auto.webhookFilters.length ? auto.webhookFilters : ['onMessageAdded'],
      });
    }
    if (auto.type === 'studio' && auto.studioFlowSid) addScopedWebhook(ctx, c, { ...hook, target: 'studio', flowSid: auto.studioFlowSid });
    const postEventsOnly: Origin = { ...origin, preEvents: false };
    await addParticipant(ctx, c, { address: inbound.from, proxyAddress: inbound.to }, postEventsOnly);
    const m = await addMessage(ctx, c, message, postEventsOnly);
    return { outcome: 'created', conversationSid: c.sid, messageSid: m.sid };
  } catch (error) {
    return drop(reasonOf(error), conversationSid);
  }
}

export type ChatMessage = { conversationSid: string; identity: string; body?: string; attributes?: string; mediaSid?: string };

export async function receiveChatMessage(ctx: Ctx, chat: ChatMessage): Promise<MessageRecord> {
  const scope = { serviceSid: ctx.state.serviceSid, base: CONVERSATIONS_BASE };
  const c = findConversation(ctx, scope, chat.conversationSid, `/v1/Conversations/${chat.conversationSid}`);
  const member = participantsOf(ctx.state, c.sid).some((p) => p.identity === chat.identity);
  if (!member) throw new TwilioApiError(403, 50430, `User not participant of conversation: ${chat.identity} is not in ${c.sid}`);
  return addMessage(
    ctx,
    c,
    { author: chat.identity, body: chat.body, attributes: chat.attributes, mediaSid: chat.mediaSid },
    { source: 'SDK', clientIdentity: chat.identity, fire: true },
  );
}

export type ChatEdit = { conversationSid: string; messageSid: string; identity: string; body?: string; attributes?: string };

/** A chat-SDK user edits their own message (Source SDK): onMessageUpdate judges the edit first. */
export async function receiveChatEdit(ctx: Ctx, edit: ChatEdit): Promise<MessageRecord> {
  const scope = { serviceSid: ctx.state.serviceSid, base: CONVERSATIONS_BASE };
  const c = findConversation(ctx, scope, edit.conversationSid, `/v1/Conversations/${edit.conversationSid}`);
  const m = ctx.state.messages.get(edit.messageSid);
  if (!m || m.conversationSid !== c.sid) throw new TwilioApiError(404, 20404, `Message ${edit.messageSid} was not found in ${c.sid}`);
  // The SDK lets a user edit only their own messages (editOwnMessage).
  if (m.author !== edit.identity) throw new TwilioApiError(403, 50107, `User ${edit.identity} may not edit a message of ${m.author}`);
  return updateMessage(ctx, c, m, { body: edit.body, attributes: edit.attributes }, { source: 'SDK', clientIdentity: edit.identity, fire: true });
}

/** The Media field as message events carry it: a JSON list of {Sid, Filename, ContentType, Size}. */
function mediaParam(inbound: InboundMessage): string | undefined {
  if (!inbound.mediaSid) return undefined;
  return JSON.stringify([{ Sid: inbound.mediaSid, Filename: inbound.mediaSid, ContentType: inbound.mediaContentType ?? 'image/jpeg', Size: 0 }]);
}

function reasonOf(error: unknown): string {
  if (error instanceof TwilioApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
