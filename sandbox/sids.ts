// Twilio SIDs: a two-letter prefix naming the resource type + 32 lowercase hex digits.
import { randomBytes } from 'node:crypto';

export type SidPrefix =
  | 'AC' // account
  | 'IS' // conversation service, sync service
  | 'CH' // conversation
  | 'MB' // participant
  | 'IM' // message
  | 'WH' // conversation-scoped webhook
  | 'US' // user
  | 'IG' // address configuration
  | 'FW' // studio flow
  | 'FN' // studio execution
  | 'KD' // flex interaction
  | 'DY' // delivery receipt
  | 'SM' // channel (SMS/WhatsApp) message
  | 'MG' // messaging service
  | 'RL' // role
  | 'ME' // media
  | 'ET' // sync document
  | 'ES'; // sync list

export function newSid(prefix: SidPrefix): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** A random 32-character auth token (getTwilioClient requires exactly 32 characters). */
export function newAuthToken(): string {
  return randomBytes(16).toString('hex');
}

/** The console's token: as hard to guess as a session secret, and safe in a URL. */
export function newConsoleToken(): string {
  return randomBytes(24).toString('hex');
}
