// Parsing Twilio's flat webhook forms into the typed event union.
import { isPreEventType, parseMedia, parseWebhookEvent, POST_EVENT_TYPES, PRE_EVENT_TYPES, type EventOf } from '../../../assets/lib/webhook/events';
import { ACCOUNT_SID, SERVICE_SID } from '../../../sandbox/testing/fixtures';
import {
  CONVERSATION_SID,
  CUSTOMER_SMS,
  CUSTOMER_WHATSAPP,
  EVENT_FORMS,
  MESSAGE_SID,
  PARTICIPANT_SID,
  PROXY_SMS,
} from '../../../sandbox/testing/webhook-fixtures';

describe('parseWebhookEvent', () => {
  it('knows the 10 pre-events and 13 post-events Twilio documents', () => {
    expect(PRE_EVENT_TYPES).toHaveLength(10);
    expect(POST_EVENT_TYPES).toHaveLength(13);
    expect(Object.keys(EVENT_FORMS).sort()).toEqual([...PRE_EVENT_TYPES, ...POST_EVENT_TYPES].sort());
  });

  it.each(Object.entries(EVENT_FORMS))('parses %s into its typed case', (eventType, form) => {
    const event = parseWebhookEvent(form);
    expect(event.eventType).toBe(eventType);
    expect(event).toMatchObject({ accountSid: ACCOUNT_SID, source: form.Source });
    // Twilio names pre-events in the present (onMessageAdd) and post-events in the past (onMessageAdded).
    expect(isPreEventType(eventType)).toBe(!eventType.endsWith('ed'));
  });

  it('reads a message draft, its media and the SDK identity', () => {
    const event = parseWebhookEvent(EVENT_FORMS.onMessageAdd) as EventOf<'onMessageAdd'>;
    expect(event).toEqual({
      eventType: 'onMessageAdd',
      accountSid: ACCOUNT_SID,
      source: 'SDK',
      clientIdentity: 'alice',
      conversationSid: CONVERSATION_SID,
      body: 'Hello there',
      author: 'alice',
      participantSid: PARTICIPANT_SID,
      attributes: '{}',
      media: [{ sid: expect.stringMatching(/^ME/), filename: 'a.png', contentType: 'image/png', size: 1024 }],
    });
  });

  it('types numbers and booleans (Index, ErrorCode, RetryCount, IsOnline)', () => {
    const added = parseWebhookEvent({ ...EVENT_FORMS.onMessageAdded, RetryCount: '1' }) as EventOf<'onMessageAdded'>;
    expect(added).toMatchObject({ messageSid: MESSAGE_SID, index: 3, retryCount: 1 });
    const failed = parseWebhookEvent({ ...EVENT_FORMS.onDeliveryUpdated, Status: 'undelivered', ErrorCode: '30003' }) as EventOf<'onDeliveryUpdated'>;
    expect(failed).toMatchObject({ status: 'undelivered', errorCode: 30003, chatServiceSid: SERVICE_SID });
    const user = parseWebhookEvent(EVENT_FORMS.onUserUpdate) as EventOf<'onUserUpdate'>;
    expect(user).toMatchObject({ isOnline: true, isNotifiable: false, identity: 'alice' });
  });

  it('groups the MessagingBinding.* keys', () => {
    const conversation = parseWebhookEvent(EVENT_FORMS.onConversationAdded) as EventOf<'onConversationAdded'>;
    expect(conversation.messagingBinding).toEqual({ address: CUSTOMER_SMS, proxyAddress: PROXY_SMS, authorAddress: CUSTOMER_SMS });
    const participant = parseWebhookEvent(EVENT_FORMS.onParticipantAdded) as EventOf<'onParticipantAdded'>;
    expect(participant.messagingBinding).toEqual({ address: CUSTOMER_SMS, proxyAddress: PROXY_SMS, type: 'SMS' });
  });

  it('treats empty values as absent (onConversationAdd has no SID and maybe no name)', () => {
    const event = parseWebhookEvent(EVENT_FORMS.onConversationAdd) as EventOf<'onConversationAdd'>;
    expect(event.friendlyName).toBeUndefined();
    expect(event.uniqueName).toBeUndefined();
    expect(event.conversationSid).toBeUndefined();
    expect(event.messagingBinding.address).toBe(CUSTOMER_WHATSAPP);
  });

  describe('answers the unknown case, never throws', () => {
    it.each([
      ['no EventType', { AccountSid: ACCOUNT_SID }, 'no EventType'],
      ['an unknown type', { ...EVENT_FORMS.onMessageAdded, EventType: 'onSomethingNew' }, 'not a Conversations event type'],
      ['a repeated EventType', { ...EVENT_FORMS.onMessageAdded, EventType: ['onMessageAdded', 'onMessageAdd'] }, 'no EventType'],
      ['no AccountSid', { ...EVENT_FORMS.onMessageAdded, AccountSid: '' }, 'missing AccountSid'],
      ['no ConversationSid', { ...EVENT_FORMS.onMessageAdded, ConversationSid: undefined }, 'missing ConversationSid'],
      ['no MessageSid on a post-event', { ...EVENT_FORMS.onMessageAdded, MessageSid: undefined }, 'missing MessageSid'],
      ['no Status on a delivery receipt', { ...EVENT_FORMS.onDeliveryUpdated, Status: undefined }, 'missing Status'],
      ['a ConversationSid that is not a CH SID', { ...EVENT_FORMS.onMessageAdded, ConversationSid: 'CH../../Configuration' }, 'malformed ConversationSid'],
      ['a MessageSid of the wrong kind', { ...EVENT_FORMS.onMessageAdded, MessageSid: 'MB' + '2'.repeat(32) }, 'malformed MessageSid'],
      ['a ChatServiceSid with a path in it', { ...EVENT_FORMS.onDeliveryUpdated, ChatServiceSid: 'IS/x' }, 'malformed ChatServiceSid'],
      ['a ParticipantSid too short', { ...EVENT_FORMS.onParticipantAdded, ParticipantSid: 'MB123' }, 'malformed ParticipantSid'],
    ])('%s', (_what, form, problem) => {
      const event = parseWebhookEvent(form as Record<string, unknown>);
      expect(event).toMatchObject({ eventType: 'unknown', problem });
    });

    it('keeps the received type for the log', () => {
      expect(parseWebhookEvent({ EventType: 'onFoo', Source: 'SDK' })).toEqual({
        eventType: 'unknown',
        receivedType: 'onFoo',
        problem: 'not a Conversations event type',
        source: 'SDK',
      });
    });
  });
});

describe('ChatServiceSid', () => {
  it('is read on every event type that carries it, messages included (the endpoint ignores other services)', () => {
    const event = parseWebhookEvent({ ...EVENT_FORMS.onMessageAdd, ChatServiceSid: 'IS' + '9'.repeat(32) });
    expect(event).toMatchObject({ eventType: 'onMessageAdd', chatServiceSid: 'IS' + '9'.repeat(32) });
  });
});

describe('parseMedia', () => {
  it('reads both key casings and drops what is not an object', () => {
    expect(parseMedia(JSON.stringify([{ sid: 'ME1', content_type: 'image/jpeg', size: '12' }, 'junk', null]))).toEqual([
      { sid: 'ME1', contentType: 'image/jpeg', size: 12 },
    ]);
  });

  it('ignores malformed JSON', () => {
    expect(parseMedia('[{')).toBeUndefined();
    expect(parseMedia('{"a":1}')).toBeUndefined();
    expect(parseMedia(undefined)).toBeUndefined();
  });
});
