// A conversation built by REST without X-Twilio-Webhook-Enabled, so that no webhook fires:
// one customer (SMS/WhatsApp by address, or chat by identity) and their message, with the
// onMessageAdded form Twilio would send for it, for a test to deliver as it likes (once,
// twice, several at the same moment).
import { conversationsService } from '../../assets/lib/conversations/service';
import { sandboxClient } from '../../sandbox/testing/client';
import type { Stack } from './stack';

export type QuietCustomer = { address: string; proxy: string } | { identity: string };

export async function quietConversation(stack: Stack, customer: QuietCustomer, body: string) {
  const service = conversationsService(sandboxClient(stack.sandbox), stack.sandbox.serviceSid);
  const conversation = await service.conversations.create({ friendlyName: 'quiet' });
  const participant = await service
    .conversations(conversation.sid)
    .participants.create(
      'identity' in customer
        ? { identity: customer.identity, attributes: JSON.stringify({ role: 'customer' }) }
        : { 'messagingBinding.address': customer.address, 'messagingBinding.proxyAddress': customer.proxy },
    );
  const author = 'identity' in customer ? customer.identity : customer.address;
  const message = await service.conversations(conversation.sid).messages.create({ author, body });
  const form = {
    AccountSid: stack.sandbox.accountSid,
    EventType: 'onMessageAdded',
    Source: 'identity' in customer ? 'SDK' : 'SMS',
    ConversationSid: conversation.sid,
    MessageSid: message.sid,
    ParticipantSid: participant.sid,
    Index: String(message.index),
    Author: author,
    Body: body,
    Attributes: '{}',
  };
  return { sid: conversation.sid, messageSid: message.sid, form, service };
}
