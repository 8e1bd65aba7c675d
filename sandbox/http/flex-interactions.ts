// Flex v1 Interactions: create only (hand a conversation to Flex). Channel and Routing
// arrive as JSON strings (twilio-node serializes the objects). Create answers 200, as the latest
// spec says (it was 201 until twilio-oai 266302d; twilio-node accepts any 2xx).
import { type Handler, str } from './api';
import { invalidParameter } from '../errors';
import { newSid } from '../sids';
import type { InteractionRecord } from '../state';
import { renderInteraction } from './render';

function parseJson(value: string | undefined, name: string): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter(`${name} must be a JSON object`);
  }
}

const create: Handler = (req) => {
  const interaction: InteractionRecord = {
    sid: newSid('KD'),
    channel: parseJson(str(req.params, 'Channel'), 'Channel'),
    routing: parseJson(str(req.params, 'Routing'), 'Routing'),
    interactionContextSid: str(req.params, 'InteractionContextSid') ?? null,
    webhookTtid: str(req.params, 'WebhookTtid') ?? null,
    dateCreated: req.ctx.clock.now(),
  };
  req.ctx.state.interactions.set(interaction.sid, interaction);
  return { status: 200, body: renderInteraction(interaction) };
};

export const flexHandlers: Record<string, Handler> = { CreateInteraction: create };
