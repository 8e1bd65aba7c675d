// The latest message as a list shows it: a preview cut at a whole code point, the author's channel.
import type { MessageInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/message';
import { authorChannel, latestMessageView, previewOf } from '../../../assets/lib/manage/latest-message';

describe('previewOf', () => {
  it('keeps short text whole and cuts long text at 200 code points', () => {
    expect(previewOf('hello')).toEqual({ body: 'hello', truncated: false });
    const long = previewOf('x'.repeat(201));
    expect([long.body.length, long.truncated]).toEqual([200, true]);
    expect(previewOf('x'.repeat(200))).toEqual({ body: 'x'.repeat(200), truncated: false });
  });

  it('never splits a surrogate pair', () => {
    const emoji = previewOf('😀'.repeat(250));
    expect(Array.from(emoji.body)).toHaveLength(200);
    expect(emoji.body).toBe('😀'.repeat(200));
    expect(previewOf('a' + '😀'.repeat(200)).body.endsWith('😀')).toBe(true);
  });
});

describe('authorChannel', () => {
  it('tells the channel from the participant a caller knows, or from the author’s form', () => {
    expect(authorChannel({ author: 'anything', participantSid: 'MB1' }, { participantSid: 'MB1', channel: 'whatsapp' })).toBe('whatsapp');
    expect(authorChannel({ author: 'whatsapp:+14155550123', participantSid: 'MB2' })).toBe('whatsapp');
    expect(authorChannel({ author: '+14155550123', participantSid: 'MB2' })).toBe('sms');
    expect(authorChannel({ author: 'messenger:123', participantSid: 'MB2' })).toBe('other');
    expect(authorChannel({ author: 'alice', participantSid: 'MB2' })).toBe('chat');
  });

  it('says nothing for a message no participant wrote (the REST API, our `system`)', () => {
    expect(authorChannel({ author: 'system', participantSid: null as unknown as string })).toBeNull();
    expect(authorChannel({ author: '+14155550123', participantSid: null as unknown as string })).toBeNull();
  });
});

describe('latestMessageView', () => {
  it('shows a media-only message with no body', () => {
    const message = { sid: 'IM1', index: 4, author: 'alice', body: null, media: [{ sid: 'ME1' }], participantSid: 'MB1', dateCreated: new Date(0) };
    expect(latestMessageView(message as unknown as MessageInstance)).toEqual({
      sid: 'IM1',
      index: 4,
      author: 'alice',
      body: null,
      bodyTruncated: false,
      hasMedia: true,
      channel: 'chat',
      dateCreated: '1970-01-01T00:00:00.000Z',
    });
  });
});
