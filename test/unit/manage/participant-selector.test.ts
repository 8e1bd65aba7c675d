// Naming one participant: by SID, identity, or an address normalised as onboarding does it.
import { HttpError } from '../../../assets/lib/http/errors';
import { isSelected, readSelector } from '../../../assets/lib/manage/participant-selector';

const config = { DEFAULT_COUNTRY: 'US' };
const MB = 'MB' + 'a'.repeat(32);

const refusal = (input: Record<string, string>, where = '') => {
  try {
    readSelector(input, where, config);
  } catch (error) {
    if (error instanceof HttpError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('accepted');
};

describe('readSelector', () => {
  it('reads a SID, an identity (guests too) and an address on its channel, normalised', () => {
    expect(readSelector({ participantSid: MB }, '', config)).toEqual({ participantSid: MB });
    expect(readSelector({ identity: 'agent-ann' }, '', config)).toEqual({ identity: 'agent-ann' });
    expect(readSelector({ identity: 'guest-1234', channel: 'chat' }, '', config)).toEqual({ identity: 'guest-1234' });
    expect(readSelector({ address: '(415) 555-0123', channel: 'sms' }, '', config)).toEqual({ address: '+14155550123', channel: 'sms' });
    expect(readSelector({ address: '+14155550124', channel: 'whatsapp' }, '', config)).toEqual({ address: 'whatsapp:+14155550124', channel: 'whatsapp' });
    expect(readSelector({ address: 'messenger:123', channel: 'messenger' }, '', config)).toEqual({ address: 'messenger:123', channel: 'messenger' });
  });

  it.each([
    [{}, 'invalid_request', 'participants.3.participantSid'],
    [{ participantSid: MB, identity: 'ann' }, 'invalid_request', 'participants.3.identity'],
    [{ address: '+14155550123' }, 'invalid_request', 'participants.3.address'],
    [{ address: '+14155550123', channel: 'chat' }, 'invalid_request', 'participants.3.address'],
    [{ identity: 'ann', channel: 'sms' }, 'invalid_request', 'participants.3.identity'],
    [{ address: '555-CALL-ME', channel: 'sms' }, 'invalid_address', 'participants.3.address'],
    [{ identity: 'system' }, 'invalid_identity', 'participants.3.identity'],
    [{ address: 'messenger:\u0000', channel: 'messenger' }, 'invalid_request', 'participants.3.address'],
  ])('refuses %j with %s naming %s', (input, code, field) => {
    const { code: answered, details } = refusal(input as Record<string, string>, 'participants.3.');
    expect(answered).toBe(code);
    const named =
      (details as { field?: string; fields?: Array<{ field: string }> }).field ?? (details as { fields: Array<{ field: string }> }).fields[0]!.field;
    expect(named).toBe(field);
  });
});

describe('isSelected', () => {
  const sms = { sid: MB, identity: null, messagingBinding: { type: 'sms', address: '+14155550123', proxy_address: '+14155550100' } };
  const chat = { sid: 'MB' + 'b'.repeat(32), identity: 'agent-ann', messagingBinding: null };
  it('matches by SID, identity, or address and channel', () => {
    expect(isSelected(sms, { participantSid: MB })).toBe(true);
    expect(isSelected(chat, { identity: 'agent-ann' })).toBe(true);
    expect(isSelected(sms, { identity: 'agent-ann' })).toBe(false);
    expect(isSelected(sms, { address: '+14155550123', channel: 'sms' })).toBe(true);
    expect(isSelected(sms, { address: '+14155550123', channel: 'whatsapp' })).toBe(false);
    expect(isSelected(chat, { address: '+14155550123', channel: 'sms' })).toBe(false);
  });
});
