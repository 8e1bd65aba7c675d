// The input of /conversations/list, checked and normalised before any Twilio call. By customer:
// an address with its channel (normalised as onboarding normalises it, so the number an
// onboarding request used finds its conversations however it is written) or a chat identity.
// Otherwise the whole Service. `state`, `from` and `to` narrow either.
import * as v from 'valibot';
import { addressField, toE164, toWhatsAppAddress } from '../conversations/addresses';
import { validateIdentity } from '../conversations/identifiers';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';
import type { Config } from '../platform/config';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

// A day (2026-01-31), or a time with its offset (2026-01-31T12:00:00Z, ...+02:00).
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The instant a `from` or `to` names: a day alone is its first (from) or last (to) millisecond; undefined when it is no date. */
export function instantOf(value: string, edge: 'from' | 'to'): Date | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const day = match[1]!;
  // No rolling over: 2026-02-30 is not March 2.
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return undefined;
  if (match[2] === undefined) return edge === 'from' ? midnight : new Date(midnight.getTime() + 86_400_000 - 1);
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

const isoDate = (what: 'from' | 'to') =>
  v.optional(
    v.pipe(
      v.string(`${what} must be text`),
      v.check((value) => instantOf(value, what) !== undefined, `${what} must be an ISO-8601 date like 2026-01-31 or 2026-01-31T12:00:00Z`),
    ),
  );

export const listSchema = v.object({
  address: addressField,
  channel: v.optional(v.picklist(['sms', 'whatsapp'], 'channel must be sms or whatsapp (a chat user is found by identity)')),
  identity: v.optional(v.pipe(v.string('identity must be text'), v.maxLength(1_024, 'identity is too long'))),
  state: v.optional(v.picklist(['active', 'inactive', 'closed'], 'state must be active, inactive or closed')),
  from: isoDate('from'),
  to: isoDate('to'),
  limit: v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'limit must be a whole number'), v.transform(Number))], 'limit must be a whole number'),
      v.integer('limit must be a whole number'),
      v.minValue(1, 'limit must be at least 1'),
      v.maxValue(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`),
    ),
    DEFAULT_LIMIT,
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(4_096, 'cursor is too long'))),
});

export type ListState = 'active' | 'inactive' | 'closed';

/** Whose conversations: an address (E.164, or `whatsapp:` + E.164) or a chat identity. */
export type Customer = { address: string } | { identity: string };

export type ListRequest = {
  customer?: Customer;
  state?: ListState;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
};

/** A 400 that names the field, as parseInput names them. */
const invalidField = (field: string, message: string) =>
  new HttpError('invalid_request', `${field}: ${message}`, { details: { fields: [{ field, message }] } });

function customerOf(parsed: v.InferOutput<typeof listSchema>, config: Pick<Config, 'DEFAULT_COUNTRY'>): Customer | undefined {
  if (parsed.identity !== undefined) {
    if (parsed.address !== undefined || parsed.channel !== undefined) throw invalidField('identity', 'give address with channel, or identity, not both');
    // A backend may look up any chat user, guests included; the identity travels as a query parameter.
    return { identity: validateIdentity(parsed.identity, { allowGuest: true }) };
  }
  if (parsed.address === undefined) {
    if (parsed.channel !== undefined) throw invalidField('address', 'address is required with channel');
    return undefined;
  }
  if (parsed.channel === undefined) throw invalidField('channel', 'channel (sms or whatsapp) is required with address');
  return {
    address: parsed.channel === 'sms' ? toE164(parsed.address, config.DEFAULT_COUNTRY) : toWhatsAppAddress(parsed.address, config.DEFAULT_COUNTRY),
  };
}

export function readListRequest(params: Record<string, unknown>, config: Pick<Config, 'DEFAULT_COUNTRY'>): ListRequest {
  const parsed = parseInput(listSchema, params);
  const from = parsed.from === undefined ? undefined : instantOf(parsed.from, 'from');
  const to = parsed.to === undefined ? undefined : instantOf(parsed.to, 'to');
  if (from && to && from > to) throw invalidField('from', 'from must be before to');
  const customer = customerOf(parsed, config);
  return {
    ...(customer ? { customer } : {}),
    ...(parsed.state ? { state: parsed.state } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    limit: parsed.limit,
    ...(parsed.cursor !== undefined ? { cursor: parsed.cursor } : {}),
  };
}
