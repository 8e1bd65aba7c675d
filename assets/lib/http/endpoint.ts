// Turns a typed handler into a Twilio Function: config, auth, CORS, one log line,
// and the ONE place where errors become answers.
import type { FunctionCallback, FunctionContext, FunctionEvent, FunctionHandler, RequestHeaders } from '../../../runtime/types';
import { requireServerAuth, requireTwilioSignature, type AuthMethod } from '../auth/server-auth';
import { MAX_JSON_DEPTH, valueDepth } from '../common/bounded-json';
import { ConfigError, readConfig, requireConfig, type Config } from '../platform/config';
import { corsHeaders, isPreflight } from './cors';
import { HttpError, renderError, type Headers } from './errors';
import { TextBody, toTwilioResponse } from './response';
import type { SuccessStatus } from './statuses';
import { checkInputBounds } from './input-bounds';
import { RequestLog, scrub, writeLog } from './log';
import { createTwilioClient, type TwilioClient } from '../platform/twilio-client';
import { classifyTwilioFailure } from '../platform/twilio-errors';
import type { EndpointAuth, EndpointEntry } from '../endpoints/manifest';

export type { EndpointAuth };

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

/** An explicit answer (status, body, headers); a handler may also return a plain body object, or a TextBody. */
export type EndpointResult = { status: SuccessStatus; body: object | TextBody; headers?: Headers };

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
  return (
    typeof candidate.status === 'number' &&
    typeof candidate.body === 'object' &&
    candidate.body !== null &&
    Object.keys(value).every((key) => ['status', 'body', 'headers'].includes(key))
  );
}

/** Twilio failures that escaped a handler, as a safe answer: never the upstream text. */
export function fromUpstreamError(error: unknown): HttpError | undefined {
  const failure = classifyTwilioFailure(error);
  if (!failure) return undefined;
  const twilioCode = failure.code !== undefined ? { twilioCode: failure.code } : {};
  switch (failure.kind) {
    case 'busy':
      return new HttpError('twilio_busy', 'Twilio is rate limiting this account; retry shortly.', {
        details: { retriable: true },
        headers: { 'Retry-After': '1' },
        cause: error,
      });
    case 'ambiguous':
    case 'in_flight':
      return new HttpError('twilio_unavailable', 'Twilio did not answer; retry shortly.', { details: { retriable: true }, cause: error });
    case 'unavailable':
      return new HttpError('twilio_unavailable', 'Twilio could not be reached; retry shortly.', { details: { retriable: true }, cause: error });
    case 'not_found':
      return new HttpError('not_found', 'The Twilio resource was not found.', { details: twilioCode, cause: error });
    case 'limit':
    case 'conflict':
    case 'rejected':
      return new HttpError('twilio_rejected', `Twilio rejected the request (error ${failure.code ?? failure.status}).`, { details: twilioCode, cause: error });
  }
}

// Our answers are shallow: anything deeper carries data we should have bounded, and the
// runtime's own serialisation (outside our error handling) must never be the first to see it.
const MAX_ANSWER_DEPTH = MAX_JSON_DEPTH * 2;

class UnrenderableAnswer extends Error {
  constructor(reason: string) {
    super(`the answer cannot be rendered safely: ${reason}`);
    this.name = 'UnrenderableAnswer';
  }
}

/** Serialises the answer here, inside the error boundary: a failure becomes a 500 we log, never a crash. */
function assertRenderable(body: object): void {
  // Text was rendered by the endpoint itself, as one string.
  if (body instanceof TextBody) {
    if (typeof body.text !== 'string') throw new UnrenderableAnswer('text that is not a string');
    return;
  }
  if (valueDepth(body, MAX_ANSWER_DEPTH) > MAX_ANSWER_DEPTH) throw new UnrenderableAnswer(`nested more than ${MAX_ANSWER_DEPTH} levels`);
  try {
    JSON.stringify(body);
  } catch (error) {
    throw new UnrenderableAnswer(error instanceof Error ? error.name : 'not serialisable');
  }
}

function toHttpError(error: unknown): unknown {
  if (error instanceof ConfigError) return new HttpError('not_configured', error.message, { details: { variables: error.variables } });
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
      // Before any other work: nothing below (the signature check, schemas, logs) recurses into an unbounded body.
      const { request: _request, ...params } = event;
      checkInputBounds(params);
      const config = readConfig(context);
      cors = spec.cors ? corsHeaders(origin, config.ALLOWED_ORIGINS) : {};
      if (spec.cors && isPreflight(headers)) {
        if (Object.keys(cors).length === 0) throw new HttpError('origin_not_allowed', 'This origin is not in ALLOWED_ORIGINS.');
        return { status: 204, body: {} };
      }
      let authMethod: AuthMethod | undefined;
      if (spec.auth === 'twilio-signature') {
        requireTwilioSignature(context, event, config.AUTH_TOKEN);
        authMethod = 'twilio-signature';
      } else if (spec.auth === 'server') {
        authMethod = requireServerAuth(context, event, { serverApiToken: config.SERVER_API_TOKEN, authToken: config.AUTH_TOKEN });
      }
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
      return result instanceof TextBody || !isResult(result) ? { status: 200, body: result } : result;
    };

    const answer = async (): Promise<EndpointResult> => {
      const result = await run();
      assertRenderable(result.body);
      return result;
    };

    answer()
      .then(
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
      )
      // The last line of defence: a throw while handing the answer over must not become an
      // unhandled rejection (which ends the process, and every request in it).
      .catch((error: unknown) => {
        writeLog({ fn: spec.name, outcome: 'error', code: 'answer_failed', cause: causeOf(error) });
        try {
          callback(null, toTwilioResponse({ ...renderError(new Error('answer failed')), headers: cors }));
        } catch {
          // Nothing more can be sent; the log line says what happened.
        }
      });
  };
}

/** The Function for one entry of the endpoint manifest: its name, auth and CORS come from there. */
export function serve(entry: EndpointEntry, handle: EndpointSpec['handle']): FunctionHandler {
  return endpoint({ name: entry.path.slice(1), auth: entry.auth, cors: entry.cors, handle });
}
