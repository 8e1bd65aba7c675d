// Conversations Services: create, fetch, list (what `npm run configure -- --create-service`
// uses). A created Service is listed and fetched like Twilio's; only the sandbox's own Service
// (`serviceSid`) holds conversations: paths under another Service answer 404 (server.ts).
import { CONVERSATIONS_BASE, type Handler, str } from './api';
import { isoDate } from '../clock';
import { notFound } from '../errors';
import { newSid } from '../sids';
import type { ConversationServiceRecord, SandboxState } from '../state';
import { page } from './paging';

function renderService(state: SandboxState, service: ConversationServiceRecord) {
  const url = `${CONVERSATIONS_BASE}/Services/${service.sid}`;
  return {
    account_sid: state.accountSid,
    sid: service.sid,
    friendly_name: service.friendlyName,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    url,
    links: {
      conversations: `${url}/Conversations`,
      users: `${url}/Users`,
      roles: `${url}/Roles`,
      bindings: `${url}/Bindings`,
      configuration: `${url}/Configuration`,
      participant_conversations: `${url}/ParticipantConversations`,
      conversation_with_participants: `${url}/ConversationWithParticipants`,
    },
  };
}

const create: Handler = (req) => {
  const now = req.ctx.clock.now();
  const service: ConversationServiceRecord = { sid: newSid('IS'), friendlyName: str(req.params, 'FriendlyName') ?? '', dateCreated: now, dateUpdated: now };
  req.ctx.state.conversationServices.set(service.sid, service);
  return { status: 201, body: renderService(req.ctx.state, service) };
};

const fetch: Handler = (req) => {
  const service = req.ctx.state.conversationServices.get(req.pathParams.Sid ?? '');
  if (!service) throw notFound('service', req.path);
  return { status: 200, body: renderService(req.ctx.state, service) };
};

const list: Handler = (req) => ({
  status: 200,
  body: page(
    [...req.ctx.state.conversationServices.values()],
    { params: req.params, url: `${CONVERSATIONS_BASE}/Services`, key: 'services', filters: [] },
    (s) => renderService(req.ctx.state, s),
  ),
});

export const serviceHandlers: Record<string, Handler> = { CreateService: create, FetchService: fetch, ListService: list };
