// Sync's own error codes, each documented at https://www.twilio.com/docs/api/errors/<code>.
// The pages give the code and its meaning, not the HTTP status (54009 excepted: "retry on HTTP
// 429"): each status below is the HTTP convention for that meaning, unconfirmed against Twilio.
import { TwilioApiError } from '../errors';

export const syncServiceNotFound = (sid: string): TwilioApiError => new TwilioApiError(404, 54050, `Service Instance not found: ${sid}`);

export const documentNotFound = (sidOrName: string): TwilioApiError => new TwilioApiError(404, 54100, `Document not found: ${sidOrName}`);

export const listNotFound = (sidOrName: string): TwilioApiError => new TwilioApiError(404, 54150, `List not found: ${sidOrName}`);

export const listItemNotFound = (listSid: string, index: string): TwilioApiError =>
  new TwilioApiError(404, 54151, `List Item not found: index ${index} of ${listSid}`);

/** If-Match named another revision than the object's: Twilio's "412 Precondition Failed" by HTTP convention. */
export const documentRevisionMismatch = (sid: string, expected: string, actual: number): TwilioApiError =>
  new TwilioApiError(412, 54103, `Document revision mismatch: If-Match ${expected}, ${sid} is at revision ${actual}`);

export const listItemRevisionMismatch = (listSid: string, index: number, expected: string, actual: number): TwilioApiError =>
  new TwilioApiError(412, 54155, `List Item revision mismatch: If-Match ${expected}, item ${index} of ${listSid} is at revision ${actual}`);

export const uniqueNameTaken = (name: string): TwilioApiError => new TwilioApiError(409, 54301, `Unique name already exists: ${name}`);

export const invalidUniqueName = (name: string): TwilioApiError =>
  new TwilioApiError(400, 54302, `Invalid unique name '${name.slice(0, 40)}': 1-256 characters, not matching the SID pattern [A-Z]{2}[a-f0-9]{32}`);

/** Named "Request entity too large" (which suggests 413); the sandbox answers 400 like its other payload checks. */
export const dataTooLarge = (bytes: number, limit: number): TwilioApiError =>
  new TwilioApiError(400, 54006, `Request entity too large: Data is ${bytes} bytes, the limit is ${limit}`);

export const invalidTtl = (name: string, value: number): TwilioApiError =>
  new TwilioApiError(400, 54011, `Invalid TTL: ${name} ${value} must be between 0 and 31536000 seconds`);

export const noParametersSpecified = (): TwilioApiError => new TwilioApiError(400, 54010, 'No parameters specified: expected at least one of Data, Ttl');

/** Documented: HTTP 429 with 54009 (https://www.twilio.com/docs/api/errors/54009). */
export const syncRateLimited = (): TwilioApiError => new TwilioApiError(429, 54009, 'Rate limit exceeded');
