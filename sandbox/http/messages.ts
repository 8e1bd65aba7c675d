// Messages: create/fetch/update/delete/list (Order asc|desc, paging). Adding a message is
// activity (timers restart, an inactive conversation becomes active), fires onMessageAdd /
// onMessageAdded, feeds studio-target webhooks and goes out as deliveries.
import type { ConversationRecord, MessageRecord } from '../state';
import { addMessage, type MessageInput, removeMessage, updateMessage } from '../domain/messages';
import { messagesOf } from '../domain/indexes';
import { findConversation } from '../domain/conversations';
import { notFound } from '../errors';
import { page } from './paging';
import { renderMessage } from './render';
import { type Handler, str } from './api';

function messageInput(params: Parameters<typeof str>[0]): MessageInput {
  return {
    author: str(params, 'Author'),
    body: str(params, 'Body'),
    attributes: str(params, 'Attributes'),
    mediaSid: str(params, 'MediaSid'),
    contentSid: str(params, 'ContentSid'),
    dateCreated: str(params, 'DateCreated'),
    dateUpdated: str(params, 'DateUpdated'),
  };
}

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

function findMessage(req: Parameters<Handler>[0], c: ConversationRecord): MessageRecord {
  const m = req.ctx.state.messages.get(req.pathParams.Sid);
  if (!m || m.conversationSid !== c.sid) throw notFound('message', req.path);
  return m;
}

const create: Handler = async (req) => {
  const m = await addMessage(req.ctx, conversationOf(req), { ...messageInput(req.params), uploadedMediaOnly: true }, req.origin);
  return { status: 201, body: renderMessage(req.ctx.state, req.scope, m) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderMessage(req.ctx.state, req.scope, findMessage(req, conversationOf(req))) });

const update: Handler = async (req) => {
  const c = conversationOf(req);
  const m = await updateMessage(req.ctx, c, findMessage(req, c), messageInput(req.params), req.origin);
  return { status: 200, body: renderMessage(req.ctx.state, req.scope, m) };
};

const remove: Handler = async (req) => {
  const c = conversationOf(req);
  await removeMessage(req.ctx, c, findMessage(req, c), req.origin);
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const order = str(req.params, 'Order');
  const items = [...messagesOf(req.ctx.state, c.sid)];
  if (order === 'desc') items.reverse();
  const body = page(
    items,
    { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Messages`, key: 'messages', filters: [['Order', order]] },
    (m) => renderMessage(req.ctx.state, req.scope, m),
  );
  return { status: 200, body };
};

export const messageHandlers: Record<string, Handler> = {
  CreateConversationMessage: create,
  CreateServiceConversationMessage: create,
  FetchConversationMessage: fetch,
  FetchServiceConversationMessage: fetch,
  UpdateConversationMessage: update,
  UpdateServiceConversationMessage: update,
  DeleteConversationMessage: remove,
  DeleteServiceConversationMessage: remove,
  ListConversationMessage: list,
  ListServiceConversationMessage: list,
};
