// The work of /studio/handoff: the bot hands a conversation to a human, who joins the SAME
// conversation (the customer stays on SMS or WhatsApp; the agent uses web chat or Flex).
//
// Under the conversation's attributes lock in Sync (conversations/attribute-merge), so that
// concurrent hand-offs of one conversation run one after the other: exactly one agent joins
// and one notice is posted, the others find it handed off. Inside it, three sequential
// rounds, each one parallel:
//   1 read    the conversation (attributes, state), its webhooks, participants and latest
//             messages; the execution; each AGENT_IDENTITIES load when the agent is picked here
//   2 join    add the agent as a chat participant, or create the Flex interaction
//   3 commit  delete the studio webhooks, end the execution, post the notice, write the record
// (5 round trips with taking and releasing the lock.)
// Nothing that lets go of the bot or tells the customer happens before the human is in: when
// the join fails, the bot is still attached, the execution alive (Studio's Fail branch runs)
// and the customer was promised nothing. Running everything in one write round saves a
// round trip but, whenever the join fails, strands the customer with neither bot nor human
// after a "someone is joining" notice.
//
// Idempotent by state: handed off = record present, no studio webhook, and the notice
// among the latest messages. A second call answers `alreadyHandedOff: true` after round 1
// and changes nothing. A call after an attempt that failed half-way redoes every step, each
// safe to repeat: the agent add answers "already there", webhooks already deleted are
// skipped, the notice is found by its key among the messages round 1 read (so never posted
// twice), the record keeps its number. Ending the execution is housekeeping, reported
// (`executionEnded`) but not fatal: once the studio webhook is gone the execution receives
// nothing more.
import { pickAgent, readAgentLoads, type AgentLoad } from './agent-picker';
import { requireConfig, type Config } from '../platform/config';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { isStudioWebhook } from '../conversations/studio-webhooks';
import { createInteraction, interactionOptions, type FlexRouting } from './flex';
import type { HandoffRequest } from './input';
import {
  committedAttributes,
  customerOf,
  handoffSeq,
  isHandedOff,
  noticeKey,
  presentIdentities,
  readRecord,
  recordFor,
  targetOfRecord,
  type HandoffRecord,
  type HandoffTarget,
} from './state';
import {
  addAgent,
  detachStudioWebhooks,
  endExecution,
  postNotice,
  readConversationFacts,
  readExecutionStatus,
  writeAttributes,
  type ConversationFacts,
} from './steps';
import { HttpError } from '../http/errors';
import { applyMessagePolicy, messagePolicyOf } from '../policy/message-policy';
import { conversationClosed } from '../conversations/errors';
import type { TwilioClient } from '../platform/twilio-client';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { underAttributesLock } from '../conversations/attribute-merge';

export { DEFAULT_NOTICE, HANDOFF_PARAMETERS, readHandoffRequest, type HandoffRequest } from './input';

/** Flat on purpose: Studio exposes it as widgets.<name>.parsed.<key>. */
export type HandoffAnswer = {
  handedOff: true;
  alreadyHandedOff: boolean;
  conversationSid: string;
  route: 'agent' | 'flex';
  agentIdentity?: string;
  interactionSid?: string;
  handedOffAt: string;
  executionEnded?: boolean;
};

/** Who the conversation goes to, decided from the request and config before anything is read. */
type Plan = { kind: 'agent'; identity: string } | { kind: 'flex'; routing: FlexRouting } | { kind: 'least-busy'; candidates: readonly string[] };

export function planHandoff(config: Pick<Config, 'FLEX_WORKSPACE_SID' | 'FLEX_WORKFLOW_SID' | 'AGENT_IDENTITIES'>, agentIdentity: string | undefined): Plan {
  if (agentIdentity) return { kind: 'agent', identity: agentIdentity };
  if (config.FLEX_WORKSPACE_SID && config.FLEX_WORKFLOW_SID)
    return { kind: 'flex', routing: { workspaceSid: config.FLEX_WORKSPACE_SID, workflowSid: config.FLEX_WORKFLOW_SID } };
  if (config.AGENT_IDENTITIES.length > 0) return { kind: 'least-busy', candidates: config.AGENT_IDENTITIES };
  throw new HttpError(
    'no_agent_configured',
    'Nobody to hand off to: pass AgentIdentity, or set AGENT_IDENTITIES, or FLEX_WORKSPACE_SID and FLEX_WORKFLOW_SID.',
    {
      details: { variables: ['AGENT_IDENTITIES', 'FLEX_WORKSPACE_SID', 'FLEX_WORKFLOW_SID'] },
    },
  );
}

function chooseTarget(plan: Plan, facts: ConversationFacts, loads: readonly AgentLoad[]): HandoffTarget {
  switch (plan.kind) {
    case 'agent':
      return { kind: 'agent', identity: plan.identity };
    case 'flex':
      return { kind: 'flex' };
    case 'least-busy': {
      // Every candidate's load was read in round 1, so one is always picked.
      const identity = pickAgent(plan.candidates, loads, presentIdentities(facts.participants)) ?? plan.candidates[0]!;
      return { kind: 'agent', identity };
    }
  }
}

function answerFor(conversationSid: string, record: HandoffRecord, alreadyHandedOff: boolean, executionEnded?: boolean): HandoffAnswer {
  const target = targetOfRecord(record);
  return {
    handedOff: true,
    alreadyHandedOff,
    conversationSid,
    route: target.kind,
    ...(target.kind === 'agent' ? { agentIdentity: target.identity } : target.interactionSid ? { interactionSid: target.interactionSid } : {}),
    handedOffAt: record.at,
    ...(executionEnded !== undefined ? { executionEnded } : {}),
  };
}

type Context = { config: Config & { CONVERSATIONS_SERVICE_SID: string }; client: TwilioClient; service: ConversationsService; deadlineAt: number };

/** Round 2: the human joins. Answers the target with its interaction SID. Fatal on failure. */
async function join(ctx: Context, request: HandoffRequest, facts: ConversationFacts, target: HandoffTarget, plan: Plan): Promise<HandoffTarget> {
  if (target.kind === 'agent') {
    await addAgent(ctx.service, request.conversationSid, target.identity, ctx.deadlineAt);
    return target;
  }
  if (target.interactionSid) return target;
  if (plan.kind !== 'flex') throw new HttpError('not_configured', 'FLEX_WORKSPACE_SID and FLEX_WORKFLOW_SID are needed to finish this Flex hand-off.');
  const options = interactionOptions(request.conversationSid, customerOf(facts.participants, ctx.config.AGENT_IDENTITIES), plan.routing, request.reason);
  return { kind: 'flex', interactionSid: await createInteraction(ctx.client, options) };
}

/** A step whose failure is reported, not thrown. */
const succeeded = (step: Promise<unknown>): Promise<boolean> =>
  step.then(
    () => true,
    () => false,
  );

export async function handOff(
  config: Config,
  client: TwilioClient,
  request: HandoffRequest,
  deadlineAt: number,
  now: () => Date = () => new Date(),
): Promise<HandoffAnswer> {
  const ready = requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
  const ctx: Context = { config: ready, client, service: conversationsService(client, ready.CONVERSATIONS_SERVICE_SID), deadlineAt };
  const plan = planHandoff(config, request.agentIdentity);
  // The notice is a message into the conversation like any other: judged before anything happens.
  const noticeBody = applyMessagePolicy(request.notice, messagePolicyOf(config));
  return underAttributesLock({ state: syncStore(client, syncServiceSid(config)), deadlineAt }, request.conversationSid, () =>
    handOffLocked(ctx, plan, request, noticeBody, now),
  );
}

async function handOffLocked(ctx: Context, plan: Plan, request: HandoffRequest, noticeBody: string, now: () => Date): Promise<HandoffAnswer> {
  const { client } = ctx;
  const conversationSid = request.conversationSid;

  // Round 1: every read at once.
  const [facts, executionStatus, loads] = await Promise.all([
    readConversationFacts(ctx.service, conversationSid),
    request.execution ? readExecutionStatus(client, request.execution) : Promise.resolve(undefined),
    plan.kind === 'least-busy' ? readAgentLoads(ctx.service, plan.candidates) : Promise.resolve([]),
  ]);
  const record = readRecord(facts.attributes);
  // Finishing a half-done hand-off: same target, same number (so the same notice key).
  const seq = handoffSeq(facts.attributes, record);
  const key = noticeKey(conversationSid, seq);
  const noticeSeen = facts.recentKeys.includes(key);
  if (record && isHandedOff(record, facts.webhooks, noticeSeen || facts.recentWindowFull)) return answerFor(conversationSid, record, true);
  if (facts.state === 'closed') throw conversationClosed(conversationSid);
  const target = record ? targetOfRecord(record) : chooseTarget(plan, facts, loads);

  // Round 2: the human joins.
  const joined = await join(ctx, request, facts, target, plan);

  // Round 3: commit. The record keeps the first attempt's time and reason when finishing one.
  const interactionSid = joined.kind === 'flex' ? joined.interactionSid : undefined;
  const committed: HandoffRecord = record ? { ...record, ...(interactionSid ? { interactionSid } : {}) } : recordFor(joined, seq, now(), request.reason);
  const notice = noticeSeen ? Promise.resolve() : postNotice(ctx.config, client, ctx.service, { conversationSid, body: noticeBody, key }, ctx.deadlineAt);
  const ending = !request.execution
    ? Promise.resolve(undefined)
    : executionStatus === 'active'
      ? succeeded(endExecution(client, request.execution))
      : Promise.resolve(executionStatus === 'ended');
  const studioWebhooks = facts.webhooks.filter(isStudioWebhook).map((webhook) => webhook.sid);
  // Settled, not raced: every step has finished (or failed) before we answer.
  const [executionEnded, ...commits] = await Promise.allSettled([
    ending,
    notice,
    detachStudioWebhooks(ctx.service, conversationSid, studioWebhooks),
    writeAttributes(ctx.service, conversationSid, committedAttributes(facts.attributes, committed)),
  ]);
  const failed = commits.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return answerFor(conversationSid, committed, false, executionEnded.status === 'fulfilled' ? executionEnded.value : undefined);
}
