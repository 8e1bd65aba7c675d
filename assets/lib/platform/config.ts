// Reads and validates the environment once. Every problem is reported in one error that
// names the variables (never their values: most of them are secrets).
import * as v from 'valibot';
import { compilePattern, PatternError, type TextPattern } from '../policy/text-patterns';

const sid = (prefix: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix} SID (${prefix} + 32 hex characters)`));

const secret = (minLength: number) => v.pipe(v.string(), v.minLength(minLength, `must be at least ${minLength} characters`));

const integer = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.number(),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const flag = v.pipe(
  v.picklist(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false'),
  v.transform((value) => ['true', '1', 'yes'].includes(value)),
);

const list = v.pipe(
  v.string(),
  v.transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
);

const origin = v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s]+$/, 'must list origins like https://example.com (no path)'));
const origins = v.pipe(list, v.array(origin));

const e164 = v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550100'));
const whatsappSender = v.pipe(
  v.string(),
  v.regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be a WhatsApp sender like whatsapp:+14155550100'),
  v.transform((value) => (value.startsWith('whatsapp:') ? value : `whatsapp:${value}`)),
);

// ISO-8601 durations as Conversations timers accept them (PT10M, P1D, P1DT12H), at least
// Twilio's minimum (Timers.Inactive 1 minute, Timers.Closed 10 minutes: errors 50375, 50376).
// Exported for the endpoints that take timers: one rule for the variables and the requests.
const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const durationSeconds = (text: string) => {
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = DURATION.exec(text) ?? [];
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
};
export const timerDuration = (minimumMinutes: number) =>
  v.pipe(
    v.string(),
    v.regex(DURATION, 'must be an ISO-8601 duration like PT30M or P1D'),
    // A malformed value has its own message above.
    v.check(
      (text) => !DURATION.test(text) || durationSeconds(text) >= minimumMinutes * 60,
      `must be at least ${minimumMinutes} minute${minimumMinutes === 1 ? '' : 's'} (Twilio's minimum)`,
    ),
  );

// Linear-time patterns (RE2): a configured pattern can never stall a webhook or the process.
const patterns = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    let sources: unknown;
    try {
      sources = JSON.parse(dataset.value);
    } catch {
      sources = undefined;
    }
    if (!Array.isArray(sources) || !sources.every((item) => typeof item === 'string')) {
      addIssue({ message: 'must be a JSON array of regular expressions, like ["secret\\\\s+code"]' });
      return NEVER;
    }
    const compiled: TextPattern[] = [];
    sources.forEach((source: string, index) => {
      try {
        compiled.push(compilePattern(source));
      } catch (error) {
        const reason = error instanceof PatternError ? error.message : 'not a regular expression';
        addIssue({ message: `pattern ${index} ${JSON.stringify(source.slice(0, 60))} is refused: ${reason}` });
      }
    });
    return compiled.length === sources.length ? compiled : NEVER;
  }),
);

const baseUrl = v.pipe(
  v.string(),
  v.url('must be a URL like http://127.0.0.1:4010'),
  v.transform((u) => u.replace(/\/+$/, '')),
);

// The AI agent's endpoint is operator config (trusted): any http(s) URL, a local model's too.
const isHttpUrl = (text: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};
const agentUrl = v.pipe(v.string(), v.check(isHttpUrl, 'must be an http(s) URL like https://api.openai.com/v1/chat/completions'));

const entries = v.object({
  ACCOUNT_SID: v.optional(sid('AC')),
  AUTH_TOKEN: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-zA-Z]{32}$/, 'must be 32 letters and digits'))),
  API_KEY_SID: v.optional(sid('SK')),
  API_KEY_SECRET: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-zA-Z]{32}$/, 'must be 32 letters and digits'))),
  CONVERSATIONS_SERVICE_SID: v.optional(sid('IS')),
  // Shared state between invocations (locks, exactly-once sends, quotas); unset: the account's default Sync Service.
  SYNC_SERVICE_SID: v.optional(sid('IS')),
  PUSH_CREDENTIAL_SID: v.optional(sid('CR')),
  SESSION_SECRET: v.optional(secret(32)),
  SESSION_ISSUER: v.optional(v.pipe(v.string(), v.minLength(1))),
  SESSION_AUDIENCE: v.optional(v.pipe(v.string(), v.minLength(1))),
  SERVER_API_TOKEN: v.optional(secret(32)),
  TOKEN_TTL_SECONDS: v.optional(integer(60, 86_400), '3600'),
  GUEST_SESSION_TTL_SECONDS: v.optional(integer(60, 86_400), '86400'),
  SESSION_MAX_TTL_SECONDS: v.optional(integer(60, 31_536_000), '2592000'),
  ALLOWED_ORIGINS: v.optional(origins, ''),
  GUEST_CHAT_ENABLED: v.optional(flag, 'false'),
  // Anonymous chats started per minute across all invocations (each guest is a billed active user).
  GUEST_CHAT_MAX_PER_MINUTE: v.optional(integer(1, 10_000), '30'),
  DEFAULT_COUNTRY: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be a two-letter country code like US')), 'US'),
  SMS_PROXY_NUMBER: v.optional(e164),
  WHATSAPP_SENDER: v.optional(whatsappSender),
  STUDIO_FLOW_SID: v.optional(sid('FW')),
  TIMERS_INACTIVE: v.optional(timerDuration(1)),
  TIMERS_CLOSED: v.optional(timerDuration(10)),
  FLEX_WORKSPACE_SID: v.optional(sid('WS')),
  FLEX_WORKFLOW_SID: v.optional(sid('WW')),
  AGENT_IDENTITIES: v.optional(list, ''),
  AUTO_REPLY_TEXT: v.optional(v.pipe(v.string(), v.maxLength(1600, 'must be at most 1600 characters'))),
  MAX_MESSAGE_LENGTH: v.optional(integer(1, 32_768), '1600'),
  // Largest media by URL for chat participants (bytes): the file passes through the Function's memory.
  MEDIA_MAX_BYTES: v.optional(integer(1, 52_428_800), '20971520'),
  // The AI agent bridge (assets/lib/agent): set AGENT_URL and it answers customers instead of AUTO_REPLY_TEXT.
  AGENT_URL: v.optional(agentUrl),
  AGENT_PROTOCOL: v.optional(v.picklist(['openai', 'webhook'], 'must be openai or webhook'), 'openai'),
  AGENT_API_KEY: v.optional(v.pipe(v.string(), v.maxLength(1024, 'must be at most 1024 characters'))),
  AGENT_MODEL: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'))),
  AGENT_INSTRUCTIONS: v.optional(v.pipe(v.string(), v.maxLength(8000, 'must be at most 8000 characters'))),
  AGENT_HISTORY_MESSAGES: v.optional(integer(1, 50), '20'),
  // Inside the Function's 10 s with the reads before and the post after (see agent/README.md).
  AGENT_TIMEOUT_MS: v.optional(integer(500, 7000), '3000'),
  AGENT_FALLBACK_TEXT: v.optional(
    v.pipe(v.string(), v.maxLength(1600, 'must be at most 1600 characters')),
    'Sorry, I cannot answer right now. A member of our team will get back to you here.',
  ),
  AGENT_MAX_REPLIES_PER_HOUR: v.optional(integer(1, 1000), '30'),
  REDACT_PATTERNS: v.optional(patterns, '[]'),
  BLOCKED_PATTERNS: v.optional(patterns, '[]'),
  // Local sandbox only: redirects every *.twilio.com call. Never set it in .env (uploaded on deploy).
  TWILIO_API_BASE_URL: v.optional(baseUrl),
});

// A Chat Completions server needs the model's name; our webhook protocol does not.
const schema = v.pipe(
  entries,
  v.forward(
    v.partialCheck(
      [['AGENT_URL'], ['AGENT_PROTOCOL'], ['AGENT_MODEL']],
      (input) => !input.AGENT_URL || input.AGENT_PROTOCOL !== 'openai' || Boolean(input.AGENT_MODEL),
      'is required with AGENT_URL when AGENT_PROTOCOL is openai (the model name, like gpt-4o-mini or llama3.2)',
    ),
    ['AGENT_MODEL'],
  ),
);

export type Config = v.InferOutput<typeof schema>;
export type ConfigName = keyof Config;
export const CONFIG_NAMES = Object.keys(entries.entries) as ConfigName[];

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variables: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

function pickEnvironment(source: Readonly<Record<string, unknown>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of CONFIG_NAMES) {
    const value = source[name];
    // An empty value is the same as an unset one (`.env.example` lists every name empty).
    if (typeof value === 'string' && value.trim() !== '') picked[name] = value.trim();
  }
  return picked;
}

let cache: { key: string; config: Config } | undefined;

/** Validates the variables of `source` (the Function context or process.env); cached per distinct environment. */
export function readConfig(source: Readonly<Record<string, unknown>>): Config {
  const picked = pickEnvironment(source);
  const key = JSON.stringify(picked);
  if (cache?.key === key) return cache.config;
  const result = v.safeParse(schema, picked);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'} ${issue.message}`);
    const variables = result.issues.map((issue) => v.getDotPath(issue) ?? '?');
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}. See .env.example.`, variables);
  }
  cache = { key, config: result.output };
  return result.output;
}

type Required<N extends ConfigName> = Config & { [K in N]-?: NonNullable<Config[K]> };

/** Narrows `config` to one where every named variable is set, or throws naming all that are missing. */
export function requireConfig<N extends ConfigName>(config: Config, names: readonly N[]): Required<N> {
  const missing = names.filter((name) => config[name] === undefined || config[name] === '');
  if (missing.length > 0) {
    throw new ConfigError(`Missing configuration: ${missing.join(', ')}. Set them in .env (see .env.example).`, missing);
  }
  return config as Required<N>;
}

/** Optional features and the variables that turn each one on; `health` reports which are configured. */
export const FEATURES = {
  tokens: ['ACCOUNT_SID', 'API_KEY_SID', 'API_KEY_SECRET', 'CONVERSATIONS_SERVICE_SID', 'SESSION_SECRET'],
  serverApi: ['SERVER_API_TOKEN'],
  guestChat: ['GUEST_CHAT_ENABLED'],
  sms: ['SMS_PROXY_NUMBER'],
  whatsapp: ['WHATSAPP_SENDER'],
  studioBot: ['STUDIO_FLOW_SID'],
  flex: ['FLEX_WORKSPACE_SID', 'FLEX_WORKFLOW_SID'],
  agents: ['AGENT_IDENTITIES'],
  autoReply: ['AUTO_REPLY_TEXT'],
  aiAgent: ['AGENT_URL'],
  pushNotifications: ['PUSH_CREDENTIAL_SID'],
  timers: ['TIMERS_INACTIVE'],
} as const satisfies Record<string, readonly ConfigName[]>;

export type Feature = keyof typeof FEATURES;

function isSet(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== false && value !== '';
}

export function configuredFeatures(config: Config): Feature[] {
  return (Object.keys(FEATURES) as Feature[]).filter((feature) => FEATURES[feature].every((name) => isSet(config[name])));
}
