// The pure parts of the hand-off: input, agent choice, route plan, state in attributes,
// the Flex interaction options; and /studio/attach's input.
import { pickAgent } from '../../../assets/lib/handoff/agent-picker';
import { interactionOptions } from '../../../assets/lib/handoff/flex';
import { DEFAULT_NOTICE, readHandoffRequest } from '../../../assets/lib/handoff/input';
import { planHandoff } from '../../../assets/lib/handoff/handoff';
import { committedAttributes, customerOf, handoffSeq, isHandedOff, noticeKey, readRecord, recordFor, targetOfRecord } from '../../../assets/lib/handoff/state';
import { HttpError } from '../../../assets/lib/http/errors';
import { readAttachRequest, withoutHandoff } from '../../../assets/lib/handoff/attach-flow';

const CH = 'CH' + 'a'.repeat(32);
const FN = 'FN' + 'b'.repeat(32);
const FW = 'FW' + 'c'.repeat(32);

function errorOf(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('readHandoffRequest', () => {
  it('reads what the Run Function widget sends; blank parameters count as absent', () => {
    expect(readHandoffRequest({ ConversationSid: CH, ExecutionSid: FN, FlowSid: FW, AgentIdentity: '', Reason: 'Chose 2', Message: '' })).toEqual({
      conversationSid: CH,
      execution: { flowSid: FW, executionSid: FN },
      reason: 'Chose 2',
      notice: DEFAULT_NOTICE,
    });
  });

  it('takes an agent and a custom notice', () => {
    expect(readHandoffRequest({ ConversationSid: CH, AgentIdentity: ' agent-ann ', Message: 'Ann is coming.' })).toEqual({
      conversationSid: CH,
      agentIdentity: 'agent-ann',
      notice: 'Ann is coming.',
    });
  });

  it('answers 400 naming the field', () => {
    expect(errorOf(() => readHandoffRequest({})).details).toEqual({
      fields: [expect.objectContaining({ field: 'ConversationSid', message: expect.stringContaining('required') })],
    });
    expect(errorOf(() => readHandoffRequest({ ConversationSid: 'CH123' })).details).toEqual({
      fields: [expect.objectContaining({ field: 'ConversationSid' })],
    });
    expect(errorOf(() => readHandoffRequest({ ConversationSid: CH, ExecutionSid: 'FW' + 'b'.repeat(32), FlowSid: FW })).details).toEqual({
      fields: [expect.objectContaining({ field: 'ExecutionSid' })],
    });
    expect(errorOf(() => readHandoffRequest({ ConversationSid: CH, Message: 'x'.repeat(1601) })).details).toEqual({
      fields: [expect.objectContaining({ field: 'Message' })],
    });
  });

  it('wants ExecutionSid and FlowSid together', () => {
    const error = errorOf(() => readHandoffRequest({ ConversationSid: CH, FlowSid: FW }));
    expect([error.status, error.details]).toEqual([400, { fields: [{ field: 'ExecutionSid', message: 'required with the other' }] }]);
  });

  it('refuses an identity Twilio warns against, and points out lower-case parameter names', () => {
    expect(errorOf(() => readHandoffRequest({ ConversationSid: CH, AgentIdentity: 'ann smith' })).code).toBe('invalid_identity');
    expect(errorOf(() => readHandoffRequest({ conversationSid: CH })).message).toContain('case-sensitive');
  });
});

describe('pickAgent', () => {
  const loads = [
    { identity: 'ann', activeConversations: 3 },
    { identity: 'bob', activeConversations: 1 },
    { identity: 'cy', activeConversations: 1 },
  ];

  it('picks the fewest active conversations, ties by list order', () => {
    expect(pickAgent(['ann', 'bob', 'cy'], loads, new Set())).toBe('bob');
    expect(pickAgent(['ann', 'cy', 'bob'], loads, new Set())).toBe('cy');
  });

  it('prefers an agent already in the conversation (a retry must not add a second one)', () => {
    expect(pickAgent(['ann', 'bob', 'cy'], loads, new Set(['ann', 'customer']))).toBe('ann');
  });

  it('answers undefined without loads', () => {
    expect(pickAgent(['ann'], [], new Set())).toBeUndefined();
  });
});

describe('planHandoff', () => {
  const none = { AGENT_IDENTITIES: [] as string[] };
  const flex = { FLEX_WORKSPACE_SID: 'WS' + '1'.repeat(32), FLEX_WORKFLOW_SID: 'WW' + '2'.repeat(32) };

  it('a named agent wins, then Flex, then the least busy of AGENT_IDENTITIES', () => {
    expect(planHandoff({ ...flex, AGENT_IDENTITIES: ['ann'] }, 'zed')).toEqual({ kind: 'agent', identity: 'zed' });
    expect(planHandoff({ ...flex, AGENT_IDENTITIES: ['ann'] }, undefined)).toEqual({
      kind: 'flex',
      routing: { workspaceSid: flex.FLEX_WORKSPACE_SID, workflowSid: flex.FLEX_WORKFLOW_SID },
    });
    expect(planHandoff({ AGENT_IDENTITIES: ['ann', 'bob'] }, undefined)).toEqual({ kind: 'least-busy', candidates: ['ann', 'bob'] });
  });

  it('needs both Flex SIDs', () => {
    expect(planHandoff({ FLEX_WORKSPACE_SID: flex.FLEX_WORKSPACE_SID, AGENT_IDENTITIES: ['ann'] }, undefined).kind).toBe('least-busy');
  });

  it('answers 503 no_agent_configured naming the variables when nobody can take it', () => {
    const error = errorOf(() => planHandoff(none, undefined));
    expect([error.status, error.code, error.details]).toEqual([
      503,
      'no_agent_configured',
      { variables: ['AGENT_IDENTITIES', 'FLEX_WORKSPACE_SID', 'FLEX_WORKFLOW_SID'] },
    ]);
  });
});

describe('hand-off state in attributes', () => {
  const at = new Date('2026-07-01T12:00:00Z');
  const studio = [{ target: 'studio' }];

  it('writes the record and the count over the attributes read, keeping the others', () => {
    const record = recordFor({ kind: 'agent', identity: 'ann' }, 1, at, 'Chose 2');
    expect(committedAttributes({ order: 42 }, record)).toEqual({
      order: 42,
      handoff: { at: '2026-07-01T12:00:00.000Z', reason: 'Chose 2', to: 'ann', seq: 1 },
      handoffCount: 1,
    });
    const flex = recordFor({ kind: 'flex', interactionSid: 'KD1' }, 2, at, undefined);
    expect(flex).toEqual({ at: '2026-07-01T12:00:00.000Z', to: 'flex', seq: 2, interactionSid: 'KD1' });
    expect(targetOfRecord(flex)).toEqual({ kind: 'flex', interactionSid: 'KD1' });
    expect(targetOfRecord(record)).toEqual({ kind: 'agent', identity: 'ann' });
  });

  it('reads only a well-formed record', () => {
    expect(readRecord({ handoff: { at: 'x', to: 'ann', seq: 1 } })).toEqual({ at: 'x', to: 'ann', seq: 1 });
    expect(readRecord({ handoff: true })).toBeUndefined();
    expect(readRecord({ handoff: { at: 'x', to: 'ann', seq: 0 } })).toBeUndefined();
    expect(readRecord({})).toBeUndefined();
  });

  it('is handed off only with the record, no studio webhook and the notice seen', () => {
    const record = { at: 'x', to: 'ann', seq: 1 };
    expect(isHandedOff(record, [{ target: 'webhook' }], true)).toBe(true);
    expect(isHandedOff(record, studio, true)).toBe(false);
    expect(isHandedOff(record, [], false)).toBe(false);
    expect(isHandedOff(undefined, [], true)).toBe(false);
  });

  it('numbers hand-offs: an unfinished one keeps its number, the next one counts on', () => {
    expect(handoffSeq({}, undefined)).toBe(1);
    expect(handoffSeq({ handoffCount: 2 }, undefined)).toBe(3);
    expect(handoffSeq({ handoffCount: 2 }, { at: 'x', to: 'ann', seq: 2 })).toBe(2);
    expect(handoffSeq({ handoffCount: 'lots' }, undefined)).toBe(1);
    expect(noticeKey(CH, 3)).toBe(`handoff:${CH}:3`);
    expect(noticeKey(CH, 3)).toMatch(/^[\w.:-]{8,128}$/); // the key form /conversations/messages accepts
  });

  it('finds the customer: the first SMS or WhatsApp binding, else a web chat', () => {
    const binding = (address: string) => ({ identity: null, messagingBinding: { type: 'whatsapp', address, proxy_address: 'whatsapp:+14155238886' } });
    expect(customerOf([{ identity: 'ann', messagingBinding: null }, binding('whatsapp:+14155550123')], [])).toEqual({
      channelType: 'whatsapp',
      address: 'whatsapp:+14155550123',
    });
    expect(customerOf([binding('+14155550123')], [])).toEqual({ channelType: 'sms', address: '+14155550123' });
    expect(
      customerOf(
        [
          { identity: 'ann', messagingBinding: null },
          { identity: 'guest-1', messagingBinding: null },
        ],
        ['ann'],
      ),
    ).toEqual({ channelType: 'web', identity: 'guest-1' });
  });
});

describe('interactionOptions', () => {
  it('binds the existing conversation and routes with the workspace and workflow', () => {
    const options = interactionOptions(CH, { channelType: 'sms', address: '+14155550123' }, { workspaceSid: 'WS1', workflowSid: 'WW1' }, 'Chose 2');
    expect(options).toEqual({
      channel: { type: 'sms', initiated_by: 'customer', properties: { media_channel_sid: CH } },
      routing: {
        properties: {
          workspace_sid: 'WS1',
          workflow_sid: 'WW1',
          task_channel_unique_name: 'chat',
          attributes: { conversationSid: CH, channelType: 'sms', customerName: '+14155550123', customerAddress: '+14155550123', handoffReason: 'Chose 2' },
        },
      },
    });
  });

  it('names a web chat customer by identity', () => {
    const options = interactionOptions(CH, { channelType: 'web', identity: 'guest-1' }, { workspaceSid: 'WS1', workflowSid: 'WW1' }, undefined);
    expect(options.channel.type).toBe('web');
    expect(options.routing.properties.attributes).toEqual({ conversationSid: CH, channelType: 'web', customerName: 'guest-1' });
  });
});

describe('readAttachRequest', () => {
  it('defaults the flow to STUDIO_FLOW_SID and sends no ReplayAfter unless given', () => {
    expect(readAttachRequest({ ConversationSid: CH, ReplayAfter: '' }, { STUDIO_FLOW_SID: FW })).toEqual({ conversationSid: CH, flowSid: FW });
    expect(readAttachRequest({ ConversationSid: CH, FlowSid: FW, ReplayAfter: '3' }, {})).toEqual({ conversationSid: CH, flowSid: FW, replayAfter: 3 });
    expect(readAttachRequest({ ConversationSid: CH, ReplayAfter: 0 }, { STUDIO_FLOW_SID: FW }).replayAfter).toBe(0);
  });

  it('answers 400 naming the field', () => {
    expect(errorOf(() => readAttachRequest({ FlowSid: FW }, {})).details).toEqual({
      fields: [{ field: 'ConversationSid', message: 'ConversationSid is required' }],
    });
    expect(errorOf(() => readAttachRequest({ ConversationSid: CH }, {})).details).toEqual({ fields: [{ field: 'FlowSid', message: 'required' }] });
    expect(errorOf(() => readAttachRequest({ ConversationSid: CH, ReplayAfter: '1.5' }, { STUDIO_FLOW_SID: FW })).details).toEqual({
      fields: [expect.objectContaining({ field: 'ReplayAfter' })],
    });
    expect(errorOf(() => readAttachRequest({ ConversationSid: CH, FlowSid: 'FW1' }, {})).details).toEqual({
      fields: [expect.objectContaining({ field: 'FlowSid' })],
    });
  });

  it('clears the hand-off record and keeps everything else', () => {
    expect(withoutHandoff({ order: 1, handoff: { seq: 1 }, handoffCount: 1 })).toEqual({ order: 1, handoffCount: 1 });
    expect(withoutHandoff({ order: 1 })).toBeUndefined();
  });
});
