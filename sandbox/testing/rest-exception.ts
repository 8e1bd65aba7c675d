// The error twilio-node throws when Twilio answers 4xx/5xx, built by twilio-node itself from
// an answer as Twilio sends it: for unit tests of code that classifies Twilio failures.
import RestException from 'twilio/lib/base/RestException';

/** A RestException from a JSON error body (`code`, `message`, `more_info`), or from a body that is not JSON. */
export function restException(status: number, body: { code: number; message: string } | string): RestException {
  const text = typeof body === 'string' ? body : JSON.stringify({ ...body, more_info: `https://www.twilio.com/docs/errors/${body.code}`, status });
  return new RestException({ statusCode: status, body: text });
}
