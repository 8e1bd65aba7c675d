// The auto-reply decision: who is a human agent, when a bot is there, and "once".
import { decideAutoReply, isHumanAgent, type AutoReplyFacts } from '../../../../assets/lib/webhook/handlers/auto-reply';

const sms = { identity: null, attributes: '{}', messagingBinding: { type: 'sms', address: '+14155550123', proxy_address: '+15005550006' } };
const chat = (identity: string, attributes: Record<string, unknown> = {}) => ({ identity, attributes: JSON.stringify(attributes), messagingBinding: null });
const config = { AUTO_REPLY_TEXT: 'Thanks! We will answer soon.', AGENT_IDENTITIES: [] as string[], STUDIO_FLOW_SID: undefined as string | undefined };
const fromSms = { author: '+14155550123', source: 'SMS', index: 0 };
const facts = (overrides: Partial<AutoReplyFacts> = {}): AutoReplyFacts => ({
  attributes: {},
  participants: [sms],
  webhooks: [],
  recentAutoReply: false,
  ...overrides,
});

describe('decideAutoReply', () => {
  it('replies to a customer alone in the conversation', () => {
    expect(decideAutoReply(facts(), fromSms, config)).toEqual({ send: true });
  });

  it('replies to a chat user who calls itself "system": only Source API marks our own messages', () => {
    const guest = chat('system', { guest: true });
    expect(decideAutoReply(facts({ participants: [guest] }), { author: 'system', source: 'SDK', index: 0 }, config)).toEqual({ send: true });
  });

  it.each([
    ['no AUTO_REPLY_TEXT', facts(), fromSms, { ...config, AUTO_REPLY_TEXT: undefined }, 'auto_reply_off'],
    ['our own message (Source API)', facts(), { ...fromSms, source: 'API' }, config, 'own_message'],
    ['our own message (sent through the REST API)', facts(), { ...fromSms, author: 'system', source: 'API' }, config, 'own_message'],
    ['already sent (recorded in attributes)', facts({ attributes: { autoReply: { sentAt: 'x', messageSid: 'IM1' } } }), fromSms, config, 'already_sent'],
    ['already sent (among the latest messages, record lost)', facts({ recentAutoReply: true }), fromSms, config, 'already_sent'],
    ['handed off to a human', facts({ attributes: { handoff: { at: 'x' } } }), fromSms, config, 'handed_off'],
    ['a studio webhook', facts({ webhooks: [{ target: 'webhook' }, { target: 'studio' }] }), fromSms, config, 'bot_present'],
    [
      'the first inbound message while a bot is configured (attach in flight)',
      facts(),
      fromSms,
      { ...config, STUDIO_FLOW_SID: 'FW' + '0'.repeat(32) },
      'bot_expected',
    ],
    [
      'an agent from AGENT_IDENTITIES',
      facts({ participants: [sms, chat('agent-ann')] }),
      fromSms,
      { ...config, AGENT_IDENTITIES: ['agent-ann'] },
      'agent_present',
    ],
  ])('skips on %s', (_what, given, message, settings, reason) => {
    expect(decideAutoReply(given, message, settings)).toEqual({ send: false, reason });
  });

  it('replies to later messages even with a bot configured (the bot would be attached by then)', () => {
    expect(decideAutoReply(facts(), { ...fromSms, index: 4 }, { ...config, STUDIO_FLOW_SID: 'FW' + '0'.repeat(32) })).toEqual({ send: true });
  });

  it('replies when the only chat participant is not on the AGENT_IDENTITIES list', () => {
    expect(decideAutoReply(facts({ participants: [sms, chat('visitor-7')] }), fromSms, { ...config, AGENT_IDENTITIES: ['agent-ann'] })).toEqual({ send: true });
  });

  it('replies to a web-chat guest alone with nobody else', () => {
    const guest = chat('guest-1', { guest: true });
    expect(decideAutoReply(facts({ participants: [guest] }), { author: 'guest-1', source: 'SDK', index: 0 }, config)).toEqual({ send: true });
  });
});

describe('isHumanAgent', () => {
  const context = { agentIdentities: [] as string[], author: '+14155550123', hasMessagingParticipant: true };

  it('never counts SMS or WhatsApp participants', () => {
    expect(isHumanAgent(sms, context)).toBe(false);
  });

  it('counts identities on AGENT_IDENTITIES and participants with role agent', () => {
    expect(isHumanAgent(chat('ann'), { ...context, agentIdentities: ['ann'] })).toBe(true);
    expect(isHumanAgent(chat('bob', { role: 'agent' }), { ...context, agentIdentities: ['ann'] })).toBe(true);
  });

  it('with a list, nobody else is an agent', () => {
    expect(isHumanAgent(chat('bob'), { ...context, agentIdentities: ['ann'] })).toBe(false);
  });

  describe('without a list (AGENT_IDENTITIES empty)', () => {
    it('counts any other chat participant not marked as a customer', () => {
      expect(isHumanAgent(chat('bob'), context)).toBe(true);
      expect(isHumanAgent(chat('guest-1', { guest: true }), context)).toBe(false);
      expect(isHumanAgent(chat('carol', { role: 'customer' }), context)).toBe(false);
    });

    it('counts the chat author in a conversation with a phone customer (staff writing to SMS)', () => {
      expect(isHumanAgent(chat('bob'), { ...context, author: 'bob' })).toBe(true);
      expect(isHumanAgent(chat('bob'), { ...context, author: 'bob', hasMessagingParticipant: false })).toBe(false);
    });
  });
});
