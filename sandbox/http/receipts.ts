// Message Receipts: one per SMS/WhatsApp participant a message went out to, read from the
// delivery log (domain/deliveries.ts), so they always agree with the message's `delivery`
// summary. Chat participants get none: their read status is the participant's read horizon.
import type { ConversationRecord, DeliveryRecord, MessageRecord, SandboxState } from '../state';
import { findConversation } from '../domain/conversations';
import { isoDate } from '../clock';
import { notFound } from '../errors';
import { page } from './paging';
import { receiptsOf } from './render';
import { CONVERSATIONS_BASE, type Handler, type Scope } from './api';

function messageOf(req: Parameters<Handler>[0]): { c: ConversationRecord; m: MessageRecord } {
  const c = findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
  const m = req.ctx.state.messages.get(req.pathParams.MessageSid);
  if (!m || m.conversationSid !== c.sid) throw notFound('message', req.path);
  return { c, m };
}

function renderReceipt(state: SandboxState, scope: Scope, c: ConversationRecord, d: DeliveryRecord) {
  return {
    account_sid: state.accountSid,
    ...(scope.base !== CONVERSATIONS_BASE ? { chat_service_sid: c.serviceSid } : {}),
    conversation_sid: d.conversationSid,
    message_sid: d.messageSid,
    sid: d.sid,
    channel_message_sid: d.channelMessageSid,
    participant_sid: d.participantSid,
    status: d.status,
    // The spec's integer with default 0: no error is 0, not null.
    error_code: d.errorCode ?? 0,
    date_created: isoDate(d.dateCreated),
    date_updated: isoDate(d.dateUpdated),
    url: `${scope.base}/Conversations/${d.conversationSid}/Messages/${d.messageSid}/Receipts/${d.sid}`,
  };
}

const list: Handler = (req) => {
  const { c, m } = messageOf(req);
  const body = page(
    receiptsOf(req.ctx.state, m),
    { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Messages/${m.sid}/Receipts`, key: 'delivery_receipts', filters: [] },
    (d) => renderReceipt(req.ctx.state, req.scope, c, d),
  );
  return { status: 200, body };
};

const fetch: Handler = (req) => {
  const { c, m } = messageOf(req);
  const d = receiptsOf(req.ctx.state, m).find((r) => r.sid === req.pathParams.Sid);
  if (!d) throw notFound('receipt', req.path);
  return { status: 200, body: renderReceipt(req.ctx.state, req.scope, c, d) };
};

export const receiptHandlers: Record<string, Handler> = {
  ListConversationMessageReceipt: list,
  ListServiceConversationMessageReceipt: list,
  FetchConversationMessageReceipt: fetch,
  FetchServiceConversationMessageReceipt: fetch,
};
