// Turns a typed handler into a Twilio Function: config, auth, CORS, one log line,
// and the ONE place where errors become answers.
import type { FunctionCallback, FunctionContext, FunctionEvent, FunctionHandler, RequestHeaders } from '../../runtime/types';
import { requireServerAuth, requireTwilioSignature, type AuthMethod } from './auth.private';
import { ConfigError, readConfig, requireConfig, type Config } from './config.private';
import { corsHeaders, HttpError, isPreflight, renderError, toTwilioResponse, type Headers, type SuccessStatus } from './http.private';
import { RequestLog, scrub } from './log.private';
import { createTwilioClient, isNetworkError, isTwilioRestError, type TwilioClient } from './twilio.private';

export type EndpointAuth = 'public' | 'server' | 'twilio-signature';

export type EndpointRequest = {
  config: Config;
  /** Query and body parameters (the event without its `request`). */
  params: Record<string, unknown>;
  headers: RequestHeaders;
  context: FunctionContext;
  event: FunctionEvent;
  log: RequestLog;
  authMethod?: AuthMethod;
  /** When this request must have answered (ms since epoch): the Function limit minus a margin. */
  deadlineAt: number;
  /** The REST client, created on first use with this request's deadline. */
  twilio(): TwilioClient;
};

/** An explicit answer (status, body, headers); a handler may also return a plain body object. */
export type EndpointResult = { status: SuccessStatus; body: object; headers?: Headers };

export type EndpointSpec = {
  name: string;
  auth: EndpointAuth;
  /** Browser callers: CORS headers for ALLOWED_ORIGINS and preflight answers. */
  cors?: boolean;
  handle(request: EndpointRequest): Promise<object | EndpointResult>;
};

// A Function is killed after 10 s; leave room to answer.
const REQUEST_BUDGET_MS = 9_000;

/** Only an object of exactly status (a number), body and optional headers is an explicit answer. */
function isResult(value: object | EndpointResult): value is EndpointResult {
  const candidate = value as Partial<EndpointResult>;
  return typeof candidate.status === 'number' && typeof candidate.body === 'object' && candidate.body !== null && Object.keys(value).every((key) => ['status', 'body', 'headers'].includes(key));
}

/** Twilio failures that escaped a handler, as a safe answer: never the upstream text. */
export function fromUpstreamError(error: unknown): HttpError | undefined {
  if (isTwilioRestError(error)) {
    if (error.status === 429) {
      return new HttpError(503, 'twilio_busy', 'Twilio is rate limiting this account; retry shortly.', { details: { retriable: true }, headers: { 'Retry-After': '1' }, cause: error });
    }
    if (error.status >= 500) return new HttpError(502, 'twilio_unavailable', 'Twilio did not answer; retry shortly.', { details: { retriable: true }, cause: error });
    if (error.status === 404) return new HttpError(404, 'not_found', 'The Twilio resource was not found.', { details: { twilioCode: error.code }, cause: error });
    return new HttpError(502, 'twilio_rejected', `Twilio rejected the request (error ${error.code ?? error.status}).`, { details: { twilioCode: error.code }, cause: error });
  }
  if (isNetworkError(error)) {
    return new HttpError(502, 'twilio_unavailable', 'Twilio could not be reached; retry shortly.', { details: { retriable: true }, cause: error });
  }
  return undefined;
}

function toHttpError(error: unknown): unknown {
  if (error instanceof ConfigError) return new HttpError(503, 'not_configured', error.message, { details: { variables: error.variables } });
  return fromUpstreamError(error) ?? error;
}

function causeOf(error: unknown): string {
  const cause = error instanceof HttpError && error.cause ? error.cause : error;
  return scrub(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
}

export function endpoint(spec: EndpointSpec): FunctionHandler {
  return (context: FunctionContext, event: FunctionEvent, callback: FunctionCallback) => {
    const log = new RequestLog(spec.name);
    const headers = event.request?.headers ?? {};
    const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
    let cors: Headers = {};

    const run = async (): Promise<EndpointResult> => {
      const config = readConfig(context);
      cors = spec.cors ? corsHeaders(origin, config.ALLOWED_ORIGINS) : {};
      if (spec.cors && isPreflight(headers)) {
        if (Object.keys(cors).length === 0) throw new HttpError(403, 'origin_not_allowed', 'This origin is not in ALLOWED_ORIGINS.');
        return { status: 204, body: {} };
      }
      let authMethod: AuthMethod | undefined;
      if (spec.auth === 'twilio-signature') {
        requireTwilioSignature(context, event, config.AUTH_TOKEN);
        authMethod = 'twilio-signature';
      } else if (spec.auth === 'server') {
        authMethod = requireServerAuth(context, event, { serverApiToken: config.SERVER_API_TOKEN, authToken: config.AUTH_TOKEN });
      }
      const { request: _request, ...params } = event;
      const deadlineAt = Date.now() + REQUEST_BUDGET_MS;
      let client: TwilioClient | undefined;
      const twilio = () => {
        if (!client) {
          const { ACCOUNT_SID, AUTH_TOKEN, TWILIO_API_BASE_URL } = requireConfig(config, ['ACCOUNT_SID', 'AUTH_TOKEN']);
          client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: TWILIO_API_BASE_URL, deadlineAt });
        }
        return client;
      };
      const result = await spec.handle({ config, params, headers, context, event, log, authMethod, deadlineAt, twilio });
      return isResult(result) ? result : { status: 200, body: result };
    };

    run().then(
      (result) => {
        const status = result.status;
        log.finish({ outcome: 'ok', status });
        callback(null, toTwilioResponse({ status, body: result.body, headers: { ...cors, ...(result.headers ?? {}) } }));
      },
      (error: unknown) => {
        const rendered = renderError(toHttpError(error));
        const code = (rendered.body as { error: { code: string } }).error.code;
        log.finish({
          outcome: rendered.status >= 500 ? 'error' : 'rejected',
          status: rendered.status,
          code,
          ...(rendered.status >= 500 ? { cause: causeOf(error) } : {}),
        });
        callback(null, toTwilioResponse({ ...rendered, headers: { ...cors, ...rendered.headers } }));
      },
    );
  };
}
