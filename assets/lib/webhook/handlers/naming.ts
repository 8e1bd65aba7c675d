// onConversationAdd (pre-event): a conversation autocreated by an inbound SMS or WhatsApp
// has no name; agents see "WhatsApp •••• 4567" instead (channel + last 4 digits, never the
// full number). A name given by the creator is kept. No REST call.
import { describeAddress } from '../../conversations/addresses';
import type { PreHandler } from '../context';
import type { MessagingBinding } from '../events';

/** The readable name for a conversation, or undefined when it already has one or has no address. */
export function readableConversationName(friendlyName: string | undefined, binding: MessagingBinding): string | undefined {
  if (friendlyName !== undefined && friendlyName.trim() !== '') return undefined;
  // Group MMS: the address that wrote first.
  const address = binding.address ?? binding.authorAddress;
  return address ? describeAddress(address) : undefined;
}

export const nameConversation: PreHandler<'onConversationAdd'> = (event) => {
  const name = readableConversationName(event.friendlyName, event.messagingBinding);
  return name ? { action: 'modify', changes: { friendly_name: name }, note: 'named' } : { action: 'publish', note: 'name_kept' };
};
