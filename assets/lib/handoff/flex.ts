// Handing a conversation to Flex: one Interaction bound to the EXISTING conversation
// (Channel.properties.media_channel_sid = CH), routed by TaskRouter with the workspace and
// workflow from config. Flex then offers a task to an agent, who joins the same
// conversation; the customer stays on their channel. Twilio-node serialises `channel` and
// `routing` into the `Channel` / `Routing` JSON form fields.
// https://www.twilio.com/docs/flex/developer/conversations/interactions-api/interactions
import type { Customer } from './state';
import type { TwilioClient } from '../platform/twilio-client';

export type FlexRouting = { workspaceSid: string; workflowSid: string };

// Flex Conversations routes messaging (SMS, WhatsApp, web chat) through the "chat" task channel.
const FLEX_TASK_CHANNEL = 'chat';

export type InteractionOptions = {
  channel: { type: Customer['channelType']; initiated_by: 'customer'; properties: { media_channel_sid: string } };
  routing: {
    properties: {
      workspace_sid: string;
      workflow_sid: string;
      task_channel_unique_name: string;
      attributes: Record<string, string>;
    };
  };
};

/** The Interaction create options (pure). Task attributes use Flex's known names (customerName, customerAddress). */
export function interactionOptions(conversationSid: string, customer: Customer, routing: FlexRouting, reason: string | undefined): InteractionOptions {
  const customerName = customer.address ?? customer.identity;
  return {
    channel: { type: customer.channelType, initiated_by: 'customer', properties: { media_channel_sid: conversationSid } },
    routing: {
      properties: {
        workspace_sid: routing.workspaceSid,
        workflow_sid: routing.workflowSid,
        task_channel_unique_name: FLEX_TASK_CHANNEL,
        attributes: {
          conversationSid,
          channelType: customer.channelType,
          ...(customerName ? { customerName } : {}),
          ...(customer.address ? { customerAddress: customer.address } : {}),
          ...(reason ? { handoffReason: reason } : {}),
        },
      },
    },
  };
}

/** Creates the interaction; answers its KD SID. Not retried after a 5xx: a duplicate would be a second task. */
export async function createInteraction(client: TwilioClient, options: InteractionOptions): Promise<string> {
  return (await client.flexApi.v1.interaction.create(options)).sid;
}
