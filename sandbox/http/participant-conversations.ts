// ParticipantConversations: the conversations an Address or an Identity is in, in one read.
import { type Handler, str } from './api';
import { invalidParameter } from '../errors';
import { page } from './paging';
import type { ConversationRecord, ParticipantRecord } from '../state';
import { participantsByKey } from '../domain/indexes';
import { renderParticipantConversation } from './render';

const list: Handler = (req) => {
  const identity = str(req.params, 'Identity');
  const address = str(req.params, 'Address');
  // GUESS: Twilio requires one of the two; the code is the generic 20001.
  if (!identity && !address) throw invalidParameter('Either Identity or Address is required');
  const pairs: Array<[ParticipantRecord, ConversationRecord]> = [];
  for (const p of participantsByKey(req.ctx.state, (identity ?? address)!)) {
    const matches = identity ? p.identity === identity : p.binding !== null && 'address' in p.binding && p.binding.address === address;
    const c = req.ctx.state.conversations.get(p.conversationSid);
    if (matches && c && c.serviceSid === req.scope.serviceSid) pairs.push([p, c]);
  }
  const items = pairs.map(([p, c]) => ({ sid: p.sid, p, c }));
  const body = page(
    items,
    {
      params: req.params,
      url: `${req.scope.base}/ParticipantConversations`,
      key: 'conversations',
      filters: [
        ['Identity', identity],
        ['Address', address],
      ],
    },
    ({ p, c }) => renderParticipantConversation(req.ctx.state, req.scope, p, c),
  );
  return { status: 200, body };
};

export const participantConversationHandlers: Record<string, Handler> = {
  ListParticipantConversation: list,
  ListServiceParticipantConversation: list,
};
