// Addresses by channel: E.164 phone numbers (libphonenumber-js, full metadata) and
// `whatsapp:` addresses. Chat identities are checked in identifiers.
import * as v from 'valibot';
import { HttpError } from '../http/errors';
import { boundedText } from '../http/validation';
import { lazy } from '../common/lazy';
import { MAX_IDENTIFIER_LENGTH } from './identifiers';

const phoneNumbers = lazy(() => require('libphonenumber-js/max') as typeof import('libphonenumber-js/max'));

export type Channel = 'sms' | 'whatsapp' | 'chat' | 'other';

const invalidAddress = (message: string, details?: unknown) => new HttpError('invalid_address', message, { details });

// Twilio's limit for Identity, Address and ProxyAddress.
export const MAX_ADDRESS_LENGTH = MAX_IDENTIFIER_LENGTH;

/** An optional `address` input field, as written by the caller: trimmed, not empty, within Twilio's limit (normalised later, by channel). */
export const addressField = v.optional(boundedText(MAX_ADDRESS_LENGTH, 'address'));

/** A phone number in any common notation -> E.164 ("+14155550100"), or a 400 naming the input problem. */
export function toE164(raw: string, defaultCountry: string): string {
  const input = raw.trim();
  if (input === '') throw invalidAddress('The phone number is empty.');
  if (input.length > 32) throw invalidAddress('The phone number is too long.');
  // Vanity numbers ("555-CALL-ME") and stray text are refused, not guessed at.
  if (!/^\+?[\d\s().-]+$/.test(input)) throw invalidAddress(`"${input}" is not a phone number: use digits, optionally with + and spaces.`);
  const { parsePhoneNumberFromString } = phoneNumbers();
  const parsed = parsePhoneNumberFromString(input, defaultCountry as import('libphonenumber-js').CountryCode);
  if (!parsed || !parsed.isValid()) {
    throw invalidAddress(`"${input}" is not a valid phone number${input.startsWith('+') ? '' : ` for country ${defaultCountry}`}.`);
  }
  return parsed.number;
}

/** "+14155550100" or "whatsapp:+14155550100" or a national number -> "whatsapp:+14155550100". */
export function toWhatsAppAddress(raw: string, defaultCountry: string): string {
  const number = raw.trim().replace(/^whatsapp:/i, '');
  return `whatsapp:${toE164(number, defaultCountry)}`;
}

/** The channel an address belongs to, from its form (Twilio prefixes non-SMS channels). */
export function channelOfAddress(address: string): Channel {
  if (/^whatsapp:/i.test(address)) return 'whatsapp';
  if (/^\+?\d/.test(address)) return 'sms';
  return 'other';
}

/** The last 4 digits behind a channel label: "WhatsApp •••• 4567". */
export function describeAddress(address: string): string {
  const channel = channelOfAddress(address);
  const digits = address.replace(/\D/g, '');
  const label = channel === 'whatsapp' ? 'WhatsApp' : channel === 'sms' ? 'SMS' : address.split(':')[0] || 'Chat';
  return digits.length >= 4 ? `${label} •••• ${digits.slice(-4)}` : label;
}
