// What of a message's text may reach the model: everything the message policy redacts in a
// conversation (card numbers, REDACT_PATTERNS) is redacted here too, phone numbers keep only
// their last 4 digits, and anything shaped like a credential (a JWT, a bearer token) is
// hidden, whoever wrote it. The model is a third party: it never needs a full number, and
// what it never sees it cannot repeat. Bounded: one message is at most MAX_TEXT characters.
import { redactCardNumbers } from '../policy/card-numbers';
import { redactPatterns, type MessagePolicy } from '../policy/message-policy';
import { hideCredentials, maskAddress } from '../http/log';
import { lazy } from '../common/lazy';

const phoneNumbers = lazy(() => require('libphonenumber-js/max') as typeof import('libphonenumber-js/max'));

/** Longest text of one message in the prompt (Twilio allows 32,768 characters per message body). */
export const MAX_TEXT = 4_000;

/** Numbers libphonenumber finds as the customer would write them (national or international, any separators). */
function maskFoundNumbers(text: string, defaultCountry: string): string {
  const found = phoneNumbers().findPhoneNumbersInText(text, defaultCountry as import('libphonenumber-js').CountryCode);
  if (found.length === 0) return text;
  let result = '';
  let position = 0;
  for (const match of found) {
    result += `${text.slice(position, match.startsAt)}${maskAddress(match.number.number)}`;
    position = match.endsAt;
  }
  return result + text.slice(position);
}

// A "+" and 7 to 15 digits is a number in international form whatever surrounds it (whatsapp:+44...,
// a number libphonenumber does not know). Plain digit runs are left alone: order numbers are not phones.
const INTERNATIONAL = /\+\d(?:[\s().-]?\d){6,14}(?!\d)/g;

function maskInternationalNumbers(text: string): string {
  return text.replace(INTERNATIONAL, (found) => maskAddress(found));
}

/** The text of one message as the model may see it. */
export function textForPrompt(body: string, policy: Pick<MessagePolicy, 'redact'>, defaultCountry: string): string {
  // Redacted whole, then cut: a cut first could leave the first digits of a card number that,
  // no longer a whole one, nothing would recognise.
  const redacted = redactPatterns(redactCardNumbers(body), policy.redact);
  const shown = [...hideCredentials(maskInternationalNumbers(maskFoundNumbers(redacted, defaultCountry)))];
  return shown.length > MAX_TEXT ? `${shown.slice(0, MAX_TEXT).join('')}…` : shown.join('');
}
