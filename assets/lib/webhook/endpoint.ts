// The work of POST /conversations/webhook after the signature check: parse the form into a
// typed event, find its handler in the table, answer.
// - Pre-events: the answer is Twilio's instruction — `{}` publish unchanged, a JSON object
//   publish with changes, ANY 4xx/5xx reject. So a pre-event handler that fails or overruns
//   its budget answers `{}`; only an explicit policy rejection answers 4xx.
// - Post-events: answered `{}`; a failure answers the error (5xx) so that a Twilio retry,
//   if any, redoes the work (handlers are idempotent by state). A conversation deleted
//   meanwhile is nothing to do.
// - Unknown and unhandled events: 200 `{}` and a log line, never an error.
import { requireConfig, type Config } from '../platform/config';
import { conversationsService, type ConversationsService } from '../conversations/service';
import type { EndpointResult } from '../http/endpoint';
import type { RequestLog } from '../http/log';
import { isNotFound } from '../platform/twilio-errors';
import { isClosedRefusal } from '../conversations/errors';
import type { TwilioClient } from '../platform/twilio-client';
import { syncServiceSid, syncStore, type StateStore } from '../state/sync-store';
import type { PostContext, PostResult, PreAnswer, PreContext } from './context';
import { conversationSidOf, isPreEventType, parseWebhookEvent, type KnownEvent } from './events';
import { WEBHOOK_HANDLERS, type HandledEventType } from './handlers';

// Twilio waits 5 s for a pre-event, then publishes unchanged; we answer well before.
export const PRE_EVENT_BUDGET_MS = 3_000;

export type WebhookRequest = { config: Config; params: Record<string, unknown>; log: RequestLog; twilio(): TwilioClient; deadlineAt?: number };

const ANSWER_UNCHANGED: EndpointResult = { status: 200, body: {} };

// The table pairs each event type with a handler for exactly that event; TypeScript cannot
// carry the pairing through a lookup by a runtime key, so the two shapes are named here once.
type AnyPreHandler = (event: KnownEvent, context: PreContext) => PreAnswer | Promise<PreAnswer>;
type AnyPostHandler = (event: KnownEvent, context: PostContext) => Promise<PostResult>;

function handlerFor(eventType: string): AnyPreHandler | AnyPostHandler | undefined {
  return Object.hasOwn(WEBHOOK_HANDLERS, eventType) ? (WEBHOOK_HANDLERS[eventType as HandledEventType] as AnyPreHandler | AnyPostHandler) : undefined;
}

class BudgetExceeded extends Error {}

async function withinBudget<T>(work: () => T | Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(work),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BudgetExceeded(`no decision within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runPreHandler(
  handler: AnyPreHandler,
  event: KnownEvent,
  context: PreContext,
  log: RequestLog,
  budgetMs = PRE_EVENT_BUDGET_MS,
): Promise<EndpointResult> {
  let answer: PreAnswer;
  try {
    answer = await withinBudget(() => handler(event, context), budgetMs);
  } catch (error) {
    // Publishing unchanged is what Twilio would do on a timeout: the user's action goes through.
    log.set({ action: 'publish_unchanged', handlerFailure: error instanceof BudgetExceeded ? 'timeout' : error instanceof Error ? error.name : 'error' });
    return ANSWER_UNCHANGED;
  }
  if (answer.action === 'reject') {
    log.set({ action: 'rejected' });
    throw answer.error;
  }
  log.set({ action: answer.note ?? answer.action });
  return answer.action === 'modify' ? { status: 200, body: answer.changes } : ANSWER_UNCHANGED;
}

async function runPostHandler(handler: AnyPostHandler, event: KnownEvent, context: PostContext, log: RequestLog): Promise<EndpointResult> {
  let result: PostResult;
  try {
    result = await handler(event, context);
  } catch (error) {
    // Deleted or closed meanwhile (a timer, an agent): nothing is left to do in it.
    if (isNotFound(error)) result = { action: 'conversation_gone' };
    else if (isClosedRefusal(error)) result = { action: 'conversation_closed' };
    else throw error;
  }
  log.set({ action: result.action, ...result.details });
  return ANSWER_UNCHANGED;
}

function serviceGetter(config: Config, twilio: () => TwilioClient): () => ConversationsService {
  let service: ConversationsService | undefined;
  return () => {
    service ??= conversationsService(twilio(), requireConfig(config, ['CONVERSATIONS_SERVICE_SID']).CONVERSATIONS_SERVICE_SID);
    return service;
  };
}

function stateGetter(config: Config, twilio: () => TwilioClient): () => StateStore {
  let store: StateStore | undefined;
  return () => {
    store ??= syncStore(twilio(), syncServiceSid(config));
    return store;
  };
}

// Without the endpoint's deadline (unit tests), waits end within the pre-event budget.
const defaultDeadline = () => Date.now() + PRE_EVENT_BUDGET_MS;

export async function answerWebhook({ config, params, log, twilio, deadlineAt }: WebhookRequest): Promise<EndpointResult> {
  const event = parseWebhookEvent(params);
  log.set({
    event: event.eventType === 'unknown' ? (event.receivedType ?? 'unknown') : event.eventType,
    conversationSid: conversationSidOf(event),
    source: event.source,
  });
  if (event.eventType === 'unknown') {
    log.set({ action: 'ignored_unknown_event', problem: event.problem });
    return ANSWER_UNCHANGED;
  }
  const handler = handlerFor(event.eventType);
  if (!handler) {
    log.set({ action: 'not_handled' });
    return ANSWER_UNCHANGED;
  }
  // Global webhooks send every service's events: act only on ours, whatever the event (our
  // policy and our REST calls belong to CONVERSATIONS_SERVICE_SID). An event that does not
  // name its service (Twilio leaves ChatServiceSid out of message events) counts as ours.
  if (event.chatServiceSid && config.CONVERSATIONS_SERVICE_SID && event.chatServiceSid !== config.CONVERSATIONS_SERVICE_SID) {
    log.set({ action: 'ignored_other_service' });
    return ANSWER_UNCHANGED;
  }
  if (isPreEventType(event.eventType)) return runPreHandler(handler as AnyPreHandler, event, { config }, log);
  return runPostHandler(
    handler as AnyPostHandler,
    event,
    { config, service: serviceGetter(config, twilio), state: stateGetter(config, twilio), twilio, deadlineAt: deadlineAt ?? defaultDeadline() },
    log,
  );
}

export { HANDLED_WEBHOOK_EVENTS } from './handlers';
export { parseWebhookEvent } from './events';
