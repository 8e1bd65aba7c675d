// onMessageAdded (post-event): first the message policy after publication (for messages no
// pre-event judged), then the answer: the AI agent when AGENT_URL is set (agent/), else the
// auto-reply. A message the policy removed gets neither: as far as the conversation is
// concerned, it was never written.
import { answerWithAgent } from '../../agent/reply';
import type { PostHandler } from '../context';
import { sendAutoReply } from './auto-reply';
import { moderatePublishedMessage } from './published-moderation';

export const afterMessageAdded: PostHandler<'onMessageAdded'> = async (event, context) => {
  const moderation = await moderatePublishedMessage(event, context);
  if (moderation.action === 'removed_after_publication') return moderation;
  const answer = context.config.AGENT_URL ? answerWithAgent : sendAutoReply;
  const reply = await answer(event, context);
  return { action: reply.action, details: { ...reply.details, moderation: moderation.action } };
};
