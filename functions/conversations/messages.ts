// ANY /conversations/messages (public, no auth): moved.
// Caller: callers of the first version, where this URL sent with a body and read history
// without one (a Function is not told the method, so one URL did two jobs). Input: never read.
// Answer: never 200. Errors: 410 endpoint_moved, `details.use` naming the two URLs.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, http, manifest } = loadHelpers();
  const { send, history } = manifest.ENDPOINTS;
  return endpoint.serve(manifest.ENDPOINTS.messagesMoved, async () => {
    throw new http.HttpError('endpoint_moved', `Send with POST ${send.path}; read history with GET ${history.path}.`, {
      details: { use: { send: send.path, history: history.path } },
    });
  })(context, event, callback);
};
