// startSandbox(): an in-memory Twilio Conversations (+ Studio executions, Flex
// interactions, Sync documents and lists) on 127.0.0.1, validated against Twilio's OpenAPI
// specs. See README.md.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Limits } from './http/api';
import type { Initialization } from './domain/context';
import { Background } from './domain/background';
import { RateLimiter, TWILIO_RATE_LIMITS, type RateLimits } from './rate-limits';
import { Clock } from './clock';
import { Deliveries, type DeliveryFailure } from './domain/deliveries';
import { Events } from './domain/events';
import { Faults, type FaultOptions, type FaultRecord } from './faults';
import {
  type ChatEdit,
  type ChatMessage,
  type InboundMessage,
  type InboundResult,
  receiveChatEdit,
  receiveChatMessage,
  receiveInbound,
} from './domain/inbound';
import { stderrLogger } from './log';
import { readUpTo, type ReadUpTo } from './domain/reads';
import { addAddressConfiguration, type AddressConfigurationInput } from './domain/addresses';
import { advanceClock, setDeliveryFailure } from './domain/controls';
import { tick } from './domain/tick';
import { SYNC_EVICTION, type SyncEviction } from './domain/sync-eviction';
import { createRequestListener } from './http/server';
import { newAuthToken, newConsoleToken, newSid } from './sids';
import { createState, type MessageRecord, type SandboxState, type WebhookConfiguration } from './state';
import { Contract } from './validate';
import { PendingWork } from './webhook-transport';

export type {
  AddressConfigurationInput,
  ChatEdit,
  ChatMessage,
  DeliveryFailure,
  FaultOptions,
  FaultRecord,
  InboundMessage,
  InboundResult,
  Limits,
  ReadUpTo,
  RateLimits,
  SyncEviction,
};
export type * from './state';

export type WebhookSetup = {
  preUrl?: string;
  postUrl?: string;
  /** Events to send; empty or absent = every event. */
  filters?: string[];
  method?: 'GET' | 'POST';
  /** 'service' (default): the default service's configuration; 'global': /v1/Configuration/Webhooks. */
  scope?: 'service' | 'global';
};

export type SandboxOptions = {
  /** 0 (default) = a free port. Always 127.0.0.1. */
  port?: number;
  accountSid?: string;
  authToken?: string;
  serviceSid?: string;
  /** The one Sync Service (IS...), also reachable as `default`. */
  syncServiceSid?: string;
  webhooks?: WebhookSetup;
  addressConfigurations?: AddressConfigurationInput[];
  /** Twilio waits 5 s for a Conversations webhook; tests use less. */
  webhookTimeoutMs?: number;
  /** Send every post-event webhook twice, to test idempotent handlers. */
  duplicateWebhooks?: boolean;
  faults?: FaultOptions;
  /** Addresses whose outbound deliveries fail: { '+15550001111': { status: 'undelivered', errorCode: 30003 } }. */
  deliveryFailures?: Record<string, DeliveryFailure>;
  limits?: Partial<Limits>;
  /** Twilio's action limits (30/s per Service, 30/s per conversation; Sync 20/s per object, 10 s burst; 429 beyond): on by default. */
  rateLimits?: Partial<RateLimits>;
  /** How long after its expiry a Sync object is deleted (default 5000 ms): Twilio deletes expired objects eventually, not at once. */
  syncEviction?: Partial<SyncEviction>;
  /** ConversationWithParticipants: `initializing` for group MMS only (default) or always, for delayMs (default 100). */
  initialization?: Partial<Initialization>;
  /** Answer 500 when a response breaks the spec (default true); violations are recorded and logged either way. */
  failOnViolation?: boolean;
  /** No log lines on stderr except spec violations. */
  quiet?: boolean;
  /** The console page at the sandbox's root URL (sandbox/console). */
  console?: ConsoleOptions;
};

export type ConsoleOptions = {
  /** Opens the console without the Basic-auth prompt (default: random); `npm start` keeps its own in .sandbox/env.json. */
  token?: string;
  /** Where the functions run, so that the console's hand-off button can call /studio/handoff as Studio does. */
  functionsUrl?: string;
};

type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends Map<infer K, infer V>
    ? ReadonlyMap<K, DeepReadonly<V>>
    : T extends Set<infer V>
      ? ReadonlySet<DeepReadonly<V>>
      : T extends object
        ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
        : T;

export type Sandbox = {
  url: string;
  /** The console page, with its token: open it in a browser. */
  consoleUrl: string;
  accountSid: string;
  authToken: string;
  serviceSid: string;
  messagingServiceSid: string;
  /** The one Sync Service; `default` names it too. */
  syncServiceSid: string;
  /** Live, read-only view of everything the sandbox holds. */
  state: DeepReadonly<SandboxState>;
  /** Faults injected so far (429, 503, drop; whether the action was applied). */
  faultLog: ReadonlyArray<FaultRecord>;
  inbound(message: InboundMessage): Promise<InboundResult>;
  chatMessage(message: ChatMessage): Promise<MessageRecord>;
  /** A chat participant edits their own message through the SDK (fires onMessageUpdate with Source SDK). */
  editChatMessage(edit: ChatEdit): Promise<MessageRecord>;
  /** A chat user's SDK sets its read horizon to `index` (setAllMessagesRead), or a WhatsApp user reads the messages up to `index` (delivered receipts become read). */
  readUpTo(read: ReadUpTo): void;
  setFaults(faults: FaultOptions): void;
  /** The next `count` Media Content Service uploads answer 503 (nothing stored). */
  failMediaUploads(count: number): void;
  setDeliveryFailure(address: string, failure: DeliveryFailure | null): void;
  setWebhooks(setup: WebhookSetup): void;
  /** Changes the emulated action limits from now on (e.g. `{ enabled: false }`); the buckets start full. */
  setRateLimits(limits: Partial<RateLimits>): void;
  /** Changes how ConversationWithParticipants initializes from now on (scope, delay, failure rate). */
  setInitialization(initialization: Partial<Initialization>): void;
  /** Changes how late expired Sync objects are deleted from now on (`{ lateMs }`). */
  setSyncEviction(eviction: Partial<SyncEviction>): void;
  /** Moves the sandbox clock forward and runs due conversation timers and Sync evictions. */
  advanceClock(ms: number): void;
  /** Resolves when every API request in progress was answered and every pending webhook delivery is done. */
  idle(): Promise<void>;
  /** Throws when any response broke the spec. */
  assertNoViolations(): void;
  close(): Promise<void>;
};

let sharedContract: Contract | undefined;

/** Compiling Twilio's specs costs ~100 ms: one Contract per process. */
function contract(): Contract {
  sharedContract ??= new Contract();
  return sharedContract;
}

function applyWebhookSetup(config: WebhookConfiguration, setup: WebhookSetup): void {
  if (setup.preUrl !== undefined) config.preWebhookUrl = setup.preUrl || null;
  if (setup.postUrl !== undefined) config.postWebhookUrl = setup.postUrl || null;
  if (setup.filters !== undefined) config.filters = [...setup.filters];
  if (setup.method !== undefined) config.method = setup.method;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const accountSid = options.accountSid ?? newSid('AC');
  const authToken = options.authToken ?? newAuthToken();
  const serviceSid = options.serviceSid ?? newSid('IS');
  const clock = new Clock();
  const syncService = {
    sid: options.syncServiceSid ?? newSid('IS'),
    uniqueName: 'default',
    friendlyName: 'Default Service',
    dateCreated: clock.now(),
    dateUpdated: clock.now(),
  };
  const state = createState(accountSid, serviceSid, newSid('MG'), syncService);
  const pending = new PendingWork();
  const log = stderrLogger(options.quiet ?? false);
  const events = new Events(
    state,
    clock,
    { authToken, timeoutMs: options.webhookTimeoutMs ?? 5_000, duplicateWebhooks: options.duplicateWebhooks ?? false },
    pending,
    log,
  );
  const ctx: Ctx = {
    state,
    clock,
    events,
    deliveries: new Deliveries(state, clock, events, options.deliveryFailures),
    limits: { participantsPerConversation: 1_000, nonChatParticipantsPerConversation: 50, webhooksPerConversation: 5, ...options.limits },
    initialization: { scope: 'group-mms', delayMs: 100, failureRate: 0, ...options.initialization },
    background: new Background(clock, pending),
    syncEviction: { ...SYNC_EVICTION, ...options.syncEviction },
  };
  const setWebhooks = (setup: WebhookSetup) => {
    const config = setup.scope === 'global' ? state.globalWebhooks : state.serviceWebhooks.get(serviceSid);
    if (config) applyWebhookSetup(config, setup);
  };
  if (options.webhooks) setWebhooks(options.webhooks);
  for (const address of options.addressConfigurations ?? []) addAddressConfiguration(ctx, address);
  const faults = new Faults(options.faults);
  const rateLimiter = new RateLimiter(clock, { ...TWILIO_RATE_LIMITS, ...options.rateLimits });
  const faultLog: FaultRecord[] = [];
  const idle = () => pending.idle();
  const consoleToken = options.console?.token ?? newConsoleToken();
  // It goes into a cookie and a URL as it is.
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(consoleToken)) throw new Error('console.token must be 16 to 128 letters, digits, - or _');
  const server: Server = createServer(
    createRequestListener({
      ctx,
      contract: contract(),
      faults,
      faultLog,
      authToken,
      failOnViolation: options.failOnViolation ?? true,
      log,
      idle,
      pending,
      rateLimiter,
      console: {
        ctx,
        credentials: { accountSid, authToken, token: consoleToken },
        target: { authToken, functionsUrl: options.console?.functionsUrl },
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timers = setInterval(() => tick(ctx), 1_000);
  timers.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    consoleUrl: `http://127.0.0.1:${port}/?token=${encodeURIComponent(consoleToken)}`,
    accountSid,
    authToken,
    serviceSid,
    messagingServiceSid: state.messagingServiceSid,
    syncServiceSid: syncService.sid,
    state,
    faultLog,
    inbound: (message) => receiveInbound(ctx, message),
    chatMessage: (message) => receiveChatMessage(ctx, message),
    editChatMessage: (edit) => receiveChatEdit(ctx, edit),
    readUpTo: (read) => readUpTo(ctx, read),
    setFaults: (next) => faults.set(next),
    failMediaUploads: (count) => {
      state.mediaUploadFailures = count;
    },
    setDeliveryFailure: (address, failure) => setDeliveryFailure(ctx, address, failure),
    setWebhooks,
    setInitialization: (initialization) => Object.assign(ctx.initialization, initialization),
    setRateLimits: (limits) => rateLimiter.set(limits),
    setSyncEviction: (eviction) => Object.assign(ctx.syncEviction, eviction),
    advanceClock: (ms) => advanceClock(ctx, ms),
    idle,
    assertNoViolations: () => {
      if (state.violations.length === 0) return;
      const lines = state.violations.map((v) => `${v.method} ${v.path} -> ${v.status}: ${v.errors.join('; ')}`);
      throw new Error(`The sandbox answered ${state.violations.length} response(s) that break Twilio's spec:\n${lines.join('\n')}`);
    },
    close: async () => {
      clearInterval(timers);
      await pending.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
