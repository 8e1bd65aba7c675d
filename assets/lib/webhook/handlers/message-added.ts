// onMessageAdded (post-event): first the message policy after publication (for messages no
// pre-event judged), then the auto-reply. A message the policy removed gets no auto-reply:
// as far as the conversation is concerned, it was never written.
import type { PostHandler } from '../context';
import { sendAutoReply } from './auto-reply';
import { moderatePublishedMessage } from './published-moderation';

export const afterMessageAdded: PostHandler<'onMessageAdded'> = async (event, context) => {
  const moderation = await moderatePublishedMessage(event, context);
  if (moderation.action === 'removed_after_publication') return moderation;
  const reply = await sendAutoReply(event, context);
  return { action: reply.action, details: { ...reply.details, moderation: moderation.action } };
};
