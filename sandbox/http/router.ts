// Which Twilio operation a request is: the product comes from X-Twilio-Upstream-Host
// (added by the functions' client when it redirects *.twilio.com here) or, without it, from
// the path — /v1/Configuration exists in both Conversations and Flex, /v1/Services/{Sid} in
// both Conversations and Sync: no header means Conversations. The operation is then found
// among the spec's own path templates.
import type { Handler } from './api';
import { TwilioApiError } from '../errors';
import { addressHandlers } from './addresses';
import { configurationHandlers } from './configuration';
import { conversationHandlers } from './conversations';
import { scopedWebhookHandlers } from './conversation-webhooks';
import { conversationWithParticipantsHandlers } from './conversation-with-participants';
import { flexHandlers } from './flex-interactions';
import { messageHandlers } from './messages';
import { participantConversationHandlers } from './participant-conversations';
import { participantHandlers } from './participants';
import { receiptHandlers } from './receipts';
import { serviceHandlers } from './services';
import { studioHandlers } from './studio-executions';
import { syncDocumentHandlers } from './sync-documents';
import { syncListItemHandlers } from './sync-list-items';
import { syncListHandlers } from './sync-lists';
import { syncServiceHandlers } from './sync-service';
import { userHandlers } from './users';
import { type Operation, type Product, SPEC_FILES } from '../spec';
import type { Contract } from '../validate';

export const UPSTREAM_HOST_HEADER = 'x-twilio-upstream-host';

const HANDLERS: Record<Product, Record<string, Handler>> = {
  conversations: {
    ...conversationHandlers,
    ...participantHandlers,
    ...messageHandlers,
    ...receiptHandlers,
    ...scopedWebhookHandlers,
    ...userHandlers,
    ...configurationHandlers,
    ...addressHandlers,
    ...participantConversationHandlers,
    ...conversationWithParticipantsHandlers,
    ...serviceHandlers,
  },
  studio: studioHandlers,
  flex: flexHandlers,
  sync: { ...syncServiceHandlers, ...syncDocumentHandlers, ...syncListHandlers, ...syncListItemHandlers },
};

export function productFor(upstreamHost: string | undefined, path: string): Product {
  if (upstreamHost) {
    const host = upstreamHost.toLowerCase();
    const product = (Object.keys(SPEC_FILES) as Product[]).find((p) => SPEC_FILES[p].host === host);
    if (!product) throw new TwilioApiError(404, 20404, `The sandbox does not emulate ${upstreamHost}`);
    return product;
  }
  if (path.startsWith('/v2/Flows')) return 'studio';
  if (path.startsWith('/v1/Interactions')) return 'flex';
  return 'conversations';
}

/** A malformed percent-escape (`%zz`, a lone `%`) names nothing: 404, not a crash. */
function decodeSegment(segment: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
  }
}

export type Route = { op: Operation; pathParams: Record<string, string>; handler: Handler };

export function route(contract: Contract, product: Product, method: string, path: string): Route {
  const candidates = contract.operations(product).filter((op) => op.pattern.test(path));
  if (candidates.length === 0) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
  const op = candidates.find((o) => o.method === method);
  if (!op) throw new TwilioApiError(405, 20004, `Method not allowed: ${method} ${path}`);
  const match = op.pattern.exec(path);
  const pathParams = Object.fromEntries(op.pathParams.map((name, i) => [name, decodeSegment(match?.[i + 1] ?? '', path)]));
  const handler = HANDLERS[product][op.operationId];
  if (!handler) throw new TwilioApiError(404, 20404, `The sandbox does not emulate ${op.operationId} (${method} ${op.pathTemplate}) yet`);
  return { op, pathParams, handler };
}
