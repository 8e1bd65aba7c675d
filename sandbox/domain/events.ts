// Routes Conversations events to where Twilio sends them:
// - pre-events (onXxxAdd...) to the pre-event URL of the service, or the global one when
//   the service has none ("service-scoped webhooks override your global webhook
//   settings" — Twilio docs, Per-Service Webhook resource); the answer can modify or reject;
// - post-events (onXxxAdded...) to the post-event URL, and to the conversation-scoped
//   webhooks (target webhook: its Filters; trigger: onMessageAdded whose body matches a
//   keyword; studio: onMessageAdded becomes a Studio execution).
// Actions done by REST fire nothing unless the request had X-Twilio-Webhook-Enabled: true.
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { PostEventType, PreEventType } from '../../assets/lib/webhook/event-types';
import { scopedWebhooksOf } from './indexes';
import { deliverToFlow } from './studio';
import type { ConversationRecord, MessageRecord, SandboxState, ScopedWebhookRecord, Source, WebhookConfiguration, WebhookDeliveryRecord } from '../state';
import { type OutgoingWebhook, type PendingWork, sendWebhook } from '../webhook-transport';

export type Origin = {
  source: Source;
  /** Chat identity of the actor (SDK actions only). */
  clientIdentity?: string;
  /** Whether webhooks fire: REST with X-Twilio-Webhook-Enabled: true, or any non-REST action. */
  fire: boolean;
  /**
   * false: post-events only. Inbound autocreation sends onConversationAdd, but no
   * onParticipantAdd / onMessageAdd for the first participant and message.
   */
  preEvents?: boolean;
};

export type PreOutcome =
  { kind: 'unchanged' } | { kind: 'modified'; changes: Record<string, string> } | { kind: 'rejected'; eventType: string; status: number | null };

export type EventSettings = {
  authToken: string;
  timeoutMs: number;
  duplicateWebhooks: boolean;
};

type Params = Record<string, string | null | undefined>;

export class Events {
  private nextId = 1;
  /** Post-events leave in order per conversation, one after the other, like Twilio's queue. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly state: SandboxState,
    private readonly clock: Clock,
    private readonly settings: EventSettings,
    private readonly pending: PendingWork,
    private readonly log: Logger,
  ) {}

  /** The webhook configuration that applies to a service: its own when it has a URL, else the global one. */
  configurationFor(serviceSid: string): WebhookConfiguration & { scope: 'service' | 'global' } {
    const service = this.state.serviceWebhooks.get(serviceSid);
    if (service && (service.preWebhookUrl || service.postWebhookUrl)) return { ...service, scope: 'service' };
    return { ...this.state.globalWebhooks, scope: 'global' };
  }

  async pre(serviceSid: string, eventType: PreEventType, params: Params, origin: Origin): Promise<PreOutcome> {
    if (!origin.fire || origin.preEvents === false) return { kind: 'unchanged' };
    const config = this.configurationFor(serviceSid);
    if (!config.preWebhookUrl || !listens(config.filters, eventType)) return { kind: 'unchanged' };
    const hook = { url: config.preWebhookUrl, method: config.method, params: this.withBase(eventType, params, origin) };
    const record = this.record('pre', eventType, config.scope, hook, 1);
    const answer = await sendWebhook(this.settings.authToken, hook, this.settings.timeoutMs);
    Object.assign(record, { status: answer.status, answer: answer.body, error: answer.error, ms: answer.ms, signature: answer.signature });
    // No answer in time (or no connection): Twilio publishes the action unchanged.
    if (answer.status === null) {
      record.outcome = answer.timedOut ? 'timeout' : 'failed';
      return { kind: 'unchanged' };
    }
    if (answer.status >= 400) {
      record.outcome = 'rejected';
      return { kind: 'rejected', eventType, status: answer.status };
    }
    const changes = parseChanges(answer.body);
    record.outcome = changes ? 'modified' : 'unchanged';
    return changes ? { kind: 'modified', changes } : { kind: 'unchanged' };
  }

  post(conversation: ConversationRecord | null, serviceSid: string, eventType: PostEventType, params: Params, origin: Origin, message?: MessageRecord): void {
    if (!origin.fire) return;
    const full = this.withBase(eventType, params, origin);
    const config = this.configurationFor(serviceSid);
    const hooks: Array<{ hook: OutgoingWebhook; scope: WebhookDeliveryRecord['scope'] }> = [];
    if (config.postWebhookUrl && listens(config.filters, eventType)) {
      hooks.push({ hook: { url: config.postWebhookUrl, method: config.method, params: full }, scope: config.scope });
    }
    if (conversation) {
      for (const webhook of this.scopedWebhooks(conversation.sid)) {
        if (webhook.target === 'studio') {
          if (eventType === 'onMessageAdded' && message && webhook.flowSid) deliverToFlow(this.state, this.clock, webhook.flowSid, conversation, message, full);
          continue;
        }
        if (webhook.url && firesScoped(webhook, eventType, message))
          hooks.push({ hook: { url: webhook.url, method: webhook.method, params: full }, scope: 'conversation' });
      }
    }
    const copies = this.settings.duplicateWebhooks ? 2 : 1;
    const queueKey = conversation?.sid ?? serviceSid;
    for (const { hook, scope } of hooks) {
      for (let copy = 1; copy <= copies; copy += 1) this.enqueue(queueKey, () => this.deliverPost(hook, eventType, scope, copy));
    }
  }

  private scopedWebhooks(conversationSid: string): ScopedWebhookRecord[] {
    return scopedWebhooksOf(this.state, conversationSid);
  }

  private enqueue(key: string, work: () => Promise<void>): void {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(work, work);
    this.queues.set(key, next);
    this.pending.track(next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  private async deliverPost(hook: OutgoingWebhook, eventType: string, scope: WebhookDeliveryRecord['scope'], copy: number): Promise<void> {
    const record = this.record('post', eventType, scope, hook, copy);
    const answer = await sendWebhook(this.settings.authToken, hook, this.settings.timeoutMs);
    Object.assign(record, { status: answer.status, answer: answer.body, error: answer.error, ms: answer.ms, signature: answer.signature });
    record.outcome = answer.status !== null && answer.status < 400 ? 'delivered' : answer.timedOut ? 'timeout' : 'failed';
    if (record.outcome !== 'delivered') this.log(`webhook ${eventType} to ${hook.url} ${record.outcome}: ${answer.error ?? `HTTP ${answer.status}`}`);
  }

  private withBase(eventType: string, params: Params, origin: Origin): Record<string, string> {
    const base: Params = {
      AccountSid: this.state.accountSid,
      EventType: eventType,
      Source: origin.source,
      ClientIdentity: origin.source === 'SDK' ? origin.clientIdentity : undefined,
      // Real payloads carry it; Twilio's retry policy is not documented, so every delivery is attempt 0.
      RetryCount: '0',
      ...params,
    };
    // Twilio leaves out fields it has no value for rather than sending empty strings.
    return Object.fromEntries(Object.entries(base).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  private record(kind: 'pre' | 'post', eventType: string, scope: WebhookDeliveryRecord['scope'], hook: OutgoingWebhook, copy: number): WebhookDeliveryRecord {
    const record: WebhookDeliveryRecord = {
      id: this.nextId++,
      kind,
      at: this.clock.now(),
      eventType,
      scope,
      url: hook.url,
      method: hook.method,
      params: hook.params,
      signature: '',
      status: null,
      answer: null,
      error: null,
      outcome: 'pending',
      copy,
      ms: 0,
    };
    this.state.webhookDeliveries.push(record);
    return record;
  }
}

/** Only the events in Filters fire: an empty list sends none, as in Twilio. */
function listens(filters: string[], eventType: string): boolean {
  return filters.includes(eventType);
}

function firesScoped(webhook: ScopedWebhookRecord, eventType: string, message: MessageRecord | undefined): boolean {
  if (webhook.target === 'webhook') return webhook.filters.includes(eventType);
  // target trigger: onMessageAdded whose body contains one of the keywords as a word.
  if (eventType !== 'onMessageAdded' || !message?.body) return false;
  const words = message.body.toLowerCase().split(/[^\p{L}\p{N}_]+/u);
  return webhook.triggers.some((trigger) => words.includes(trigger.toLowerCase()) || message.body?.trim().toLowerCase() === trigger.toLowerCase());
}

const MODIFIABLE = ['body', 'author', 'attributes', 'friendly_name', 'unique_name'];

/** 200 with an empty body or `{}` = unchanged; a JSON object with known keys = modified. */
function parseChanges(body: string | null): Record<string, string> | null {
  if (!body || !body.trim()) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null; // Not JSON (e.g. TwiML or text): treated as "no changes".
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!MODIFIABLE.includes(key) || value === undefined || value === null) continue;
    changes[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return Object.keys(changes).length ? changes : null;
}
