// Closing (State=closed) or deleting a conversation, idempotently: closing a closed one
// changes nothing; an unknown SID is a 404.
import * as v from 'valibot';
import { conversationsService } from '../conversations/service';
import { isNotFound } from '../platform/twilio-errors';
import { conversationNotFound } from '../conversations/errors';
import type { TwilioClient } from '../platform/twilio-client';
import { parseInput } from '../http/validation';

export const closeSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  delete: v.optional(
    v.union(
      [
        v.boolean(),
        v.pipe(
          v.picklist(['true', 'false']),
          v.transform((value) => value === 'true'),
        ),
      ],
      'delete must be true or false',
    ),
    false,
  ),
});

export type CloseRequest = v.InferOutput<typeof closeSchema>;
export type CloseResult = { conversationSid: string; state: 'closed' | 'deleted'; changed: boolean };

export const readCloseRequest = (params: Record<string, unknown>): CloseRequest => parseInput(closeSchema, params);

export async function closeConversation(serviceSid: string, client: TwilioClient, request: CloseRequest): Promise<CloseResult> {
  const conversation = conversationsService(client, serviceSid).conversations(request.conversationSid);
  try {
    if (request.delete) {
      await conversation.remove();
      return { conversationSid: request.conversationSid, state: 'deleted', changed: true };
    }
    const current = await conversation.fetch();
    if (current.state === 'closed') return { conversationSid: request.conversationSid, state: 'closed', changed: false };
    await conversation.update({ state: 'closed' });
    return { conversationSid: request.conversationSid, state: 'closed', changed: true };
  } catch (error) {
    if (isNotFound(error)) throw conversationNotFound(request.conversationSid);
    throw error;
  }
}
