// Sandbox-only routes (same Basic auth as the API). Documented in sandbox/README.md.
//   GET  /sandbox/state               everything, as JSON
//   POST /sandbox/inbound             From, To, Body[, MediaSid, MediaContentType]
//   POST /sandbox/chat                ConversationSid, Identity, Body[, Attributes]
//   POST /sandbox/chat-edit           ConversationSid, MessageSid, Identity, Body[, Attributes]
//   POST /sandbox/faults              LatencyMs, Rate429, Rate5xx, RateDrop, AppliedRate, Seed
//   POST /sandbox/clock               AdvanceMs (runs due conversation timers and Sync evictions)
//   POST /sandbox/delivery-failures   Address, Status (failed|undelivered|none), ErrorCode
//   POST /sandbox/idle                answers once every API request was answered and every webhook delivered
import type { ServerResponse } from 'node:http';
import { type Ctx, str } from './api';
import { advanceClock, setDeliveryFailure } from '../domain/controls';
import { invalidParameter, TwilioApiError } from '../errors';
import type { Faults, FaultRecord } from '../faults';
import { parseLooseBody, sendJson } from './http-io';
import { receiveChatEdit, receiveChatMessage, receiveInbound } from '../domain/inbound';
import type { SandboxState } from '../state';

export type SandboxRouteDeps = {
  ctx: Ctx;
  faults: Faults;
  faultLog: FaultRecord[];
  idle: () => Promise<void>;
};

type SandboxRequest = { method: string; path: string; body: string; contentType: string | undefined; query: URLSearchParams };

function snapshot(state: SandboxState, faultLog: FaultRecord[]) {
  return {
    accountSid: state.accountSid,
    serviceSid: state.serviceSid,
    conversations: [...state.conversations.values()],
    participants: [...state.participants.values()],
    messages: [...state.messages.values()],
    webhooks: [...state.webhooks.values()],
    users: [...state.users.values()],
    globalWebhooks: state.globalWebhooks,
    serviceWebhooks: Object.fromEntries(state.serviceWebhooks),
    addressConfigurations: [...state.addressConfigurations.values()],
    executions: [...state.executions.values()],
    interactions: [...state.interactions.values()],
    syncService: state.syncService,
    syncDocuments: [...state.syncDocuments.values()],
    syncLists: [...state.syncLists.values()].map((list) => ({ ...list, items: [...list.items.values()] })),
    deliveries: state.deliveries,
    webhookDeliveries: state.webhookDeliveries,
    droppedInbound: state.droppedInbound,
    violations: state.violations,
    faults: faultLog,
  };
}

const number = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : Number(value));

export async function handleSandboxRoute(deps: SandboxRouteDeps, req: SandboxRequest, res: ServerResponse): Promise<void> {
  const { ctx } = deps;
  try {
    const params = parseLooseBody(req.body, req.contentType);
    const key = `${req.method} ${req.path}`;
    switch (key) {
      case 'GET /sandbox/state':
        return sendJson(res, 200, snapshot(ctx.state, deps.faultLog));
      case 'POST /sandbox/inbound': {
        const from = str(params, 'From');
        const to = str(params, 'To');
        if (!from || !to) throw invalidParameter('From and To are required');
        const result = await receiveInbound(ctx, {
          from,
          to,
          body: str(params, 'Body'),
          mediaSid: str(params, 'MediaSid'),
          mediaContentType: str(params, 'MediaContentType'),
        });
        return sendJson(res, 200, result);
      }
      case 'POST /sandbox/chat': {
        const conversationSid = str(params, 'ConversationSid');
        const identity = str(params, 'Identity');
        if (!conversationSid || !identity) throw invalidParameter('ConversationSid and Identity are required');
        const m = await receiveChatMessage(ctx, { conversationSid, identity, body: str(params, 'Body'), attributes: str(params, 'Attributes') });
        return sendJson(res, 200, { outcome: 'delivered', conversationSid: m.conversationSid, messageSid: m.sid });
      }
      case 'POST /sandbox/chat-edit': {
        const conversationSid = str(params, 'ConversationSid');
        const messageSid = str(params, 'MessageSid');
        const identity = str(params, 'Identity');
        if (!conversationSid || !messageSid || !identity) throw invalidParameter('ConversationSid, MessageSid and Identity are required');
        const m = await receiveChatEdit(ctx, { conversationSid, messageSid, identity, body: str(params, 'Body'), attributes: str(params, 'Attributes') });
        return sendJson(res, 200, { outcome: 'edited', conversationSid: m.conversationSid, messageSid: m.sid, body: m.body });
      }
      case 'POST /sandbox/faults':
        try {
          deps.faults.set({
            latencyMs: number(str(params, 'LatencyMs')),
            rate429: number(str(params, 'Rate429')),
            rate5xx: number(str(params, 'Rate5xx')),
            rateDrop: number(str(params, 'RateDrop')),
            appliedRate: number(str(params, 'AppliedRate')),
            seed: number(str(params, 'Seed')),
          });
        } catch (error) {
          throw invalidParameter(error instanceof Error ? error.message : String(error));
        }
        return sendJson(res, 200, deps.faults.current);
      case 'POST /sandbox/clock': {
        advanceClock(ctx, number(str(params, 'AdvanceMs')) ?? 0);
        return sendJson(res, 200, { now: new Date(ctx.clock.now()).toISOString() });
      }
      case 'POST /sandbox/delivery-failures': {
        const address = str(params, 'Address');
        const status = str(params, 'Status');
        if (!address || !status) throw invalidParameter('Address and Status are required');
        if (status === 'none') setDeliveryFailure(ctx, address, null);
        else if (status === 'failed' || status === 'undelivered') {
          setDeliveryFailure(ctx, address, { status, errorCode: number(str(params, 'ErrorCode')) ?? 30003 });
        } else throw invalidParameter('Status must be failed, undelivered or none');
        return sendJson(res, 200, ctx.deliveries.failures);
      }
      case 'POST /sandbox/idle':
        await deps.idle();
        return sendJson(res, 200, { idle: true });
      default:
        throw new TwilioApiError(404, 20404, `No sandbox route ${req.method} ${req.path}`);
    }
  } catch (error) {
    if (error instanceof TwilioApiError) return sendJson(res, error.status, error.toJSON());
    if (error instanceof SyntaxError) return sendJson(res, 400, invalidParameter(`Malformed JSON body: ${error.message}`).toJSON());
    throw error;
  }
}
