// Which guest chat a session may end: the rules before any Twilio call (the calls themselves
// run against the sandbox in test/integration/webchat-end.test.ts).
import { guestChatOf, readEndChatRequest } from '../../../assets/lib/webchat/end-chat';
import { HttpError } from '../../../assets/lib/http/errors';

const SID = 'CH' + 'a'.repeat(32);
const OTHER = 'CH' + 'b'.repeat(32);
const guest = { identity: 'guest-3f2c0e1a-0000-4000-8000-000000000000', expiresAt: 2_000_000_000, guest: true as const, conversationSid: SID };

function refusal(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    return error as HttpError;
  }
  throw new Error('expected a refusal');
}

describe('readEndChatRequest', () => {
  it('takes an optional conversationSid and notice, an empty field as not given', () => {
    expect(readEndChatRequest({})).toEqual({});
    expect(readEndChatRequest({ conversationSid: '', notice: '  ' })).toEqual({});
    expect(readEndChatRequest({ conversationSid: SID, notice: ' Bye ' })).toEqual({ conversationSid: SID, notice: 'Bye' });
  });

  it('refuses a notice over 1600 characters and a conversationSid that is not a CH SID, naming the field', () => {
    expect(refusal(() => readEndChatRequest({ notice: 'n'.repeat(1601) })).details).toEqual({ fields: [{ field: 'notice', message: expect.any(String) }] });
    expect(refusal(() => readEndChatRequest({ conversationSid: 'CHx' })).details).toEqual({
      fields: [{ field: 'conversationSid', message: expect.any(String) }],
    });
  });
});

describe('guestChatOf', () => {
  it('names the session’s own conversation, given or not in the body', () => {
    expect(guestChatOf(guest, {})).toEqual({ identity: guest.identity, conversationSid: SID });
    expect(guestChatOf(guest, { conversationSid: SID })).toEqual({ identity: guest.identity, conversationSid: SID });
  });

  it('refuses another conversation with 403 not_your_conversation', () => {
    expect(refusal(() => guestChatOf(guest, { conversationSid: OTHER }))).toMatchObject({ status: 403, code: 'not_your_conversation' });
  });

  it('refuses a session that is not a guest’s, or whose identity is not a guest identity', () => {
    const { guest: _guest, ...signedIn } = guest;
    expect(refusal(() => guestChatOf(signedIn, {}))).toMatchObject({ status: 403, code: 'not_your_conversation' });
    expect(refusal(() => guestChatOf({ ...guest, identity: 'alice' }, {}))).toMatchObject({ status: 403, code: 'not_your_conversation' });
  });

  it('refuses a guest identity that is no safe path segment', () => {
    expect(refusal(() => guestChatOf({ ...guest, identity: 'guest-../../x' }, {}))).toMatchObject({ code: 'invalid_identity' });
  });

  it('answers a guest session from before /webchat/end (no conversation in it) with 401, saying to start a new chat', () => {
    const { conversationSid: _sid, ...old } = guest;
    const error = refusal(() => guestChatOf(old, {}));
    expect(error).toMatchObject({ status: 401, code: 'invalid_session' });
    expect(error.message).toMatch(/start a new chat/);
  });
});
