// The channel of a participant comes from its messaging binding as Twilio lists it (there is
// no channel field), or from its identity for chat.
import { channelOfParticipant } from '../../../assets/lib/conversations/channels';

describe('channelOfParticipant', () => {
  it.each([
    [{ messagingBinding: { type: 'sms', address: '+14155550100', proxy_address: '+14155550199' } }, 'sms'],
    [{ messagingBinding: { type: 'whatsapp', address: 'whatsapp:+14155550100' } }, 'whatsapp'],
    [{ messagingBinding: { address: 'WhatsApp:+14155550100' } }, 'whatsapp'],
    [{ messagingBinding: { type: 'messenger', address: 'messenger:1234567' } }, 'messenger'],
    [{ messagingBinding: { address: 'GBM:agent-1' } }, 'gbm'],
    [{ messagingBinding: { type: 'group', projected_address: '+14155550199' } }, 'sms'],
    [{ messagingBinding: { type: 'RCS' } }, 'rcs'],
    [{ identity: 'alice', messagingBinding: null }, 'chat'],
    [{ identity: 'alice' }, 'chat'],
    [{ identity: null, messagingBinding: null }, 'other'],
    [{ messagingBinding: 'whatsapp:+1415' }, 'other'],
    [{ messagingBinding: {} }, 'other'],
  ])('%j is %s', (participant, channel) => {
    expect(channelOfParticipant(participant)).toBe(channel);
  });
});
