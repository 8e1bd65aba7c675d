// The Twilio Functions runtime's shapes, bridged to this project.
// @twilio-labs/serverless-runtime-types types `getTwilioClient()` with a nested twilio 4;
// the helpers build their own twilio 6 client, so the context is typed without it.
import type { AssetResourceMap, TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';

export type { TwilioResponse };

/** Environment variables plus what the runtime adds (DOMAIN_NAME, PATH, SERVICE_SID...). */
export type FunctionContext = {
  readonly DOMAIN_NAME?: string;
  readonly PATH?: string;
  readonly [name: string]: unknown;
};

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** Query and body merged (JSON nested, form flat), plus the request's headers and cookies. */
export type FunctionEvent = {
  request?: { headers?: RequestHeaders; cookies?: Record<string, string> };
  [name: string]: unknown;
};

export type FunctionCallback = (error: unknown, payload?: TwilioResponse | object | string) => void;

export type FunctionHandler = (context: FunctionContext, event: FunctionEvent, callback: FunctionCallback) => void;

export type RuntimeGlobal = { getAssets(): AssetResourceMap };
export type TwilioGlobal = { Response: new () => TwilioResponse };
