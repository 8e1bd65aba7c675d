// Participants: chat (Identity) or SMS/WhatsApp (MessagingBinding.Address + ProxyAddress),
// with Twilio's conflicts: an Address+ProxyAddress pair may be bound in only one
// conversation that is not closed (50416, naming that conversation), an identity only once
// per conversation (50433), and the participant limits (50417 all, 50422 non-chat).
import type { ConversationRecord } from '../state';
import { addParticipant, findParticipant, type ParticipantInput, removeParticipant, updateParticipant } from '../domain/participants';
import { participantsOf } from '../domain/indexes';
import { findConversation } from '../domain/conversations';
import { page } from './paging';
import { renderParticipant } from './render';
import { type Handler, int, str } from './api';

function participantInput(params: Parameters<typeof str>[0]): ParticipantInput {
  return {
    identity: str(params, 'Identity'),
    address: str(params, 'MessagingBinding.Address'),
    proxyAddress: str(params, 'MessagingBinding.ProxyAddress'),
    projectedAddress: str(params, 'MessagingBinding.ProjectedAddress'),
    attributes: str(params, 'Attributes'),
    roleSid: str(params, 'RoleSid'),
    dateCreated: str(params, 'DateCreated'),
    dateUpdated: str(params, 'DateUpdated'),
  };
}

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

const create: Handler = async (req) => {
  const p = await addParticipant(req.ctx, conversationOf(req), participantInput(req.params), req.origin);
  return { status: 201, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const fetch: Handler = (req) => {
  const p = findParticipant(req.ctx, conversationOf(req), req.pathParams.Sid, req.path);
  return { status: 200, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const update: Handler = async (req) => {
  const c = conversationOf(req);
  const p = await updateParticipant(
    req.ctx,
    c,
    findParticipant(req.ctx, c, req.pathParams.Sid, req.path),
    {
      attributes: str(req.params, 'Attributes'),
      roleSid: str(req.params, 'RoleSid'),
      identity: str(req.params, 'Identity'),
      proxyAddress: str(req.params, 'MessagingBinding.ProxyAddress'),
      projectedAddress: str(req.params, 'MessagingBinding.ProjectedAddress'),
      lastReadMessageIndex: int(req.params, 'LastReadMessageIndex'),
      lastReadTimestamp: str(req.params, 'LastReadTimestamp'),
      dateCreated: str(req.params, 'DateCreated'),
      dateUpdated: str(req.params, 'DateUpdated'),
    },
    req.origin,
  );
  return { status: 200, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const remove: Handler = async (req) => {
  const c = conversationOf(req);
  await removeParticipant(req.ctx, c, findParticipant(req.ctx, c, req.pathParams.Sid, req.path), req.origin);
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const body = page(
    participantsOf(req.ctx.state, c.sid),
    { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Participants`, key: 'participants', filters: [] },
    (p) => renderParticipant(req.ctx.state, req.scope, p),
  );
  return { status: 200, body };
};

export const participantHandlers: Record<string, Handler> = {
  CreateConversationParticipant: create,
  CreateServiceConversationParticipant: create,
  FetchConversationParticipant: fetch,
  FetchServiceConversationParticipant: fetch,
  UpdateConversationParticipant: update,
  UpdateServiceConversationParticipant: update,
  DeleteConversationParticipant: remove,
  DeleteServiceConversationParticipant: remove,
  ListConversationParticipant: list,
  ListServiceConversationParticipant: list,
};
