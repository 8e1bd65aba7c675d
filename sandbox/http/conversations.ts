// Conversations: create/fetch/update/delete/list, State and Timers, and the shared
// domain operations (createConversation...) that inbound traffic also uses.
import type { ConversationState } from '../state';
import type { FlatParams } from '../validate';
import { type ConversationInput, findConversation, createConversation, updateConversation, removeConversation } from '../domain/conversations';
import { invalidParameter } from '../errors';
import { page } from './paging';
import { renderConversation } from './render';
import { type ApiRequest, type ApiResponse, type Handler, str } from './api';

export function conversationInput(params: FlatParams): ConversationInput {
  return {
    friendlyName: str(params, 'FriendlyName'),
    uniqueName: str(params, 'UniqueName'),
    attributes: str(params, 'Attributes'),
    messagingServiceSid: str(params, 'MessagingServiceSid'),
    state: str(params, 'State') as ConversationState | undefined,
    timersInactive: str(params, 'Timers.Inactive'),
    timersClosed: str(params, 'Timers.Closed'),
    dateCreated: str(params, 'DateCreated'),
    dateUpdated: str(params, 'DateUpdated'),
  };
}

function parseDateFilter(value: string | undefined, name: string, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : value);
  if (Number.isNaN(ms)) throw invalidParameter(`${name} must be an ISO-8601 date, got ${value}`);
  return ms;
}

const create: Handler = async (req) => {
  const c = await createConversation(req.ctx, req.scope.serviceSid, conversationInput(req.params), req.origin);
  return { status: 201, body: renderConversation(req.ctx.state, req.scope, c) };
};

const fetch: Handler = (req) => ({
  status: 200,
  body: renderConversation(req.ctx.state, req.scope, findConversation(req.ctx, req.scope, req.pathParams.Sid, req.path)),
});

const update: Handler = async (req) => {
  const c = findConversation(req.ctx, req.scope, req.pathParams.Sid, req.path);
  await updateConversation(req.ctx, c, conversationInput(req.params), req.origin);
  return { status: 200, body: renderConversation(req.ctx.state, req.scope, c) };
};

const remove: Handler = async (req) => {
  await removeConversation(req.ctx, findConversation(req.ctx, req.scope, req.pathParams.Sid, req.path), req.origin);
  return { status: 204 };
};

const list: Handler = (req: ApiRequest): ApiResponse => {
  const state = str(req.params, 'State');
  const startDate = str(req.params, 'StartDate');
  const endDate = str(req.params, 'EndDate');
  const from = parseDateFilter(startDate, 'StartDate', false);
  const to = parseDateFilter(endDate, 'EndDate', true);
  let items = [...req.ctx.state.conversations.values()].filter(
    (c) =>
      c.serviceSid === req.scope.serviceSid &&
      (!state || c.state === state) &&
      (from === undefined || c.dateCreated >= from) &&
      (to === undefined || c.dateCreated <= to),
  );
  // Documented: with a date filter the list is sorted by creation date, newest first.
  if (from !== undefined || to !== undefined) items = items.sort((a, b) => b.dateCreated - a.dateCreated);
  const body = page(
    items,
    {
      params: req.params,
      url: `${req.scope.base}/Conversations`,
      key: 'conversations',
      filters: [
        ['StartDate', startDate],
        ['EndDate', endDate],
        ['State', state],
      ],
    },
    (c) => renderConversation(req.ctx.state, req.scope, c),
  );
  return { status: 200, body };
};

export const conversationHandlers: Record<string, Handler> = {
  CreateConversation: create,
  CreateServiceConversation: create,
  FetchConversation: fetch,
  FetchServiceConversation: fetch,
  UpdateConversation: update,
  UpdateServiceConversation: update,
  DeleteConversation: remove,
  DeleteServiceConversation: remove,
  ListConversation: list,
  ListServiceConversation: list,
};
