// The pre-event handlers: message policy (onMessageAdd, onMessageUpdate), and for onConversationAdd the
// policy on an autocreation's first message (which comes in that event) and readable names.
// Pure: no REST client is even available to them.
import { readConfig } from '../../../../assets/lib/platform/config';
import { parseWebhookEvent, type EventOf } from '../../../../assets/lib/webhook/events';
import { moderateBody, moderateMessage } from '../../../../assets/lib/webhook/handlers/moderation';
import { admitConversation } from '../../../../assets/lib/webhook/handlers/admission';
import { readableConversationName } from '../../../../assets/lib/webhook/handlers/naming';
import { baseEnv } from '../../../../sandbox/testing/fixtures';
import { EVENT_FORMS } from '../../../../sandbox/testing/webhook-fixtures';

const config = readConfig({ ...baseEnv, MAX_MESSAGE_LENGTH: '40', BLOCKED_PATTERNS: '["buy followers"]', REDACT_PATTERNS: '["\\\\bpin\\\\s*\\\\d{4}\\\\b"]' });
const policy = { maxLength: 40, redact: config.REDACT_PATTERNS, blocked: config.BLOCKED_PATTERNS };
const messageAdd = (fields: Record<string, string | undefined>) => parseWebhookEvent({ ...EVENT_FORMS.onMessageAdd, ...fields }) as EventOf<'onMessageAdd'>;

describe('onMessageAdd: moderateMessage', () => {
  it('answers the redacted body for a card number', () => {
    expect(moderateMessage(messageAdd({ Body: 'card 4111 1111 1111 1111' }), { config })).toEqual({
      action: 'modify',
      changes: { body: 'card [card •••• 1111]' },
      note: 'redacted',
    });
  });

  it('redacts the configured patterns', () => {
    expect(moderateBody('my pin 1234 ok', policy)).toEqual({ action: 'modify', changes: { body: 'my [redacted] ok' }, note: 'redacted' });
  });

  it('publishes an acceptable body unchanged (no echo)', () => {
    expect(moderateMessage(messageAdd({ Body: 'Where is my order?' }), { config })).toEqual({ action: 'publish', note: 'policy_passed' });
  });

  it('publishes media-only messages unchanged', () => {
    expect(moderateMessage(messageAdd({ Body: undefined }), { config })).toEqual({ action: 'publish', note: 'no_body' });
  });

  it('rejects an oversize body with 422 message_too_long', () => {
    const answer = moderateMessage(messageAdd({ Body: 'x'.repeat(41) }), { config });
    expect(answer).toMatchObject({ action: 'reject', error: { status: 422, code: 'message_too_long' } });
  });

  it('rejects a blocked body with 422 message_blocked', () => {
    const answer = moderateMessage(messageAdd({ Body: 'Buy Followers now' }), { config });
    expect(answer).toMatchObject({ action: 'reject', error: { status: 422, code: 'message_blocked' } });
  });

  it('never judges messages sent through the REST API (Source API: only credential holders can)', () => {
    expect(moderateMessage(messageAdd({ Body: 'x'.repeat(99), Source: 'API' }), { config })).toEqual({ action: 'publish', note: 'own_message' });
  });

  it('judges an SDK message whose author calls itself system like any other', () => {
    expect(
      moderateMessage(messageAdd({ Body: 'card 4111 1111 1111 1111', Author: 'system', Source: 'SDK', ClientIdentity: 'system' }), { config }),
    ).toMatchObject({ action: 'modify', note: 'redacted' });
  });
});

describe('onMessageUpdate: moderateMessage', () => {
  const messageUpdate = (fields: Record<string, string | undefined>) =>
    parseWebhookEvent({
      ...EVENT_FORMS.onMessageAdd,
      EventType: 'onMessageUpdate',
      MessageSid: 'IM' + '1'.repeat(32),
      Index: '3',
      ...fields,
    }) as EventOf<'onMessageUpdate'>;

  it('judges an edit like a new message: a card added by editing is redacted, a blocked edit refused', () => {
    expect(moderateMessage(messageUpdate({ Body: 'edited: 4111-1111-1111-1111' }), { config })).toEqual({
      action: 'modify',
      changes: { body: 'edited: [card •••• 1111]' },
      note: 'redacted',
    });
    expect(moderateMessage(messageUpdate({ Body: 'Buy Followers now' }), { config })).toMatchObject({
      action: 'reject',
      error: { status: 422, code: 'message_blocked' },
    });
  });
});

describe('onConversationAdd: admitConversation', () => {
  it('names an unnamed WhatsApp conversation after the channel and the last 4 digits', () => {
    const event = parseWebhookEvent(EVENT_FORMS.onConversationAdd) as EventOf<'onConversationAdd'>;
    expect(admitConversation(event, { config })).toEqual({ action: 'modify', changes: { friendly_name: 'WhatsApp •••• 4567' }, note: 'named' });
  });

  it('names SMS conversations, and group MMS after the author address', () => {
    expect(readableConversationName(undefined, { address: '+14155550123' })).toBe('SMS •••• 0123');
    expect(readableConversationName(' ', { authorAddress: '+14155559876' })).toBe('SMS •••• 9876');
  });

  it('keeps a name the creator gave, and leaves conversations without an address alone', () => {
    expect(readableConversationName('VIP', { address: '+14155550123' })).toBeUndefined();
    expect(readableConversationName(undefined, {})).toBeUndefined();
    const event = parseWebhookEvent({ ...EVENT_FORMS.onConversationAdd, FriendlyName: 'Billing' }) as EventOf<'onConversationAdd'>;
    expect(admitConversation(event, { config })).toEqual({ action: 'publish', note: 'name_kept' });
  });
});

describe('onConversationAdd: the first message of an autocreation', () => {
  const autocreation = (fields: Record<string, string>) =>
    parseWebhookEvent({ ...EVENT_FORMS.onConversationAdd, Source: 'SMS', ...fields }) as EventOf<'onConversationAdd'>;

  it.each([
    ['longer than MAX_MESSAGE_LENGTH', 'x'.repeat(41), 'message_too_long'],
    ['blocked', 'Buy followers here', 'message_blocked'],
  ])('refuses the conversation when its first message is %s (Twilio then drops the message)', (_what, body, code) => {
    const answer = admitConversation(autocreation({ MessageBody: body }), { config });
    expect(answer).toMatchObject({ action: 'reject', error: { status: 422, code } });
  });

  it('names the conversation and leaves a redaction to onMessageAdded (this event cannot change the message)', () => {
    expect(admitConversation(autocreation({ MessageBody: 'card 4111 1111 1111 1111' }), { config })).toEqual({
      action: 'modify',
      changes: { friendly_name: 'WhatsApp •••• 4567' },
      note: 'named; first message redacted after publication',
    });
  });

  it('admits a first message the policy passes, and a media-only one', () => {
    expect(admitConversation(autocreation({ MessageBody: 'Hello' }), { config })).toMatchObject({ action: 'modify', note: 'named' });
    const media = JSON.stringify([{ Sid: 'ME' + '1'.repeat(32), ContentType: 'image/jpeg', Filename: 'a.jpg', Size: 10 }]);
    expect(admitConversation(autocreation({ Media: media }), { config })).toMatchObject({ action: 'modify', note: 'named' });
  });

  it('reads MessageBody and Media from the event', () => {
    const event = autocreation({
      MessageBody: 'Hi',
      Media: JSON.stringify([{ Sid: 'ME' + '2'.repeat(32), ContentType: 'image/png', Filename: 'b.png', Size: 3 }]),
    });
    expect(event).toMatchObject({ messageBody: 'Hi', media: [{ sid: 'ME' + '2'.repeat(32), contentType: 'image/png' }] });
  });
});
