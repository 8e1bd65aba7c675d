// The name of a conversation autocreated by an inbound SMS or WhatsApp, which has none:
// agents see "WhatsApp •••• 4567" instead (channel + last 4 digits, never the full number).
// A name given by the creator is kept. Answered in onConversationAdd (handlers/admission).
import { describeAddress } from '../../conversations/addresses';
import type { MessagingBinding } from '../events';

/** The readable name for a conversation, or undefined when it already has one or has no address. */
export function readableConversationName(friendlyName: string | undefined, binding: MessagingBinding): string | undefined {
  if (friendlyName !== undefined && friendlyName.trim() !== '') return undefined;
  // Group MMS: the address that wrote first.
  const address = binding.address ?? binding.authorAddress;
  return address ? describeAddress(address) : undefined;
}
