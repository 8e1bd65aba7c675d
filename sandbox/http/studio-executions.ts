// Studio v2 Executions: fetch, and update Status=ended (how a hand-off stops a flow).
// Executions are created by studio-target conversation webhooks (see studio.ts).
import type { Handler } from './api';
import { notFound } from '../errors';
import type { ExecutionRecord } from '../state';
import { renderExecution } from './render';

function find(req: Parameters<Handler>[0]): ExecutionRecord {
  const e = req.ctx.state.executions.get(req.pathParams.Sid);
  if (!e || e.flowSid !== req.pathParams.FlowSid) throw notFound('execution', req.path);
  return e;
}

const fetch: Handler = (req) => ({ status: 200, body: renderExecution(req.ctx.state, find(req)) });

const update: Handler = (req) => {
  const e = find(req);
  e.status = 'ended';
  e.dateUpdated = req.ctx.clock.now();
  return { status: 200, body: renderExecution(req.ctx.state, e) };
};

export const studioHandlers: Record<string, Handler> = {
  FetchExecution: fetch,
  UpdateExecution: update,
};
