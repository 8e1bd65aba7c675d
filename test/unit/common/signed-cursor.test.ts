// Cursors only this deployment can make, bound to what they are for and the request they continue.
import { openCursor, signCursor } from '../../../assets/lib/common/signed-cursor';

const KEY = 'k'.repeat(32);
const DATA = { url: 'https://conversations.twilio.com/v1/Services/IS0/Conversations?PageSize=20&Page=1&PageToken=PT1' };

describe('signCursor / openCursor', () => {
  it('opens its own cursor for the same purpose and scope', () => {
    expect(openCursor('list', 'scope-a', signCursor('list', 'scope-a', DATA, KEY), KEY)).toEqual(DATA);
  });

  it.each([
    ['another scope', (cursor: string) => openCursor('list', 'scope-b', cursor, KEY)],
    ['another purpose', (cursor: string) => openCursor('history', 'scope-a', cursor, KEY)],
    ['another key', (cursor: string) => openCursor('list', 'scope-a', cursor, 'x'.repeat(32))],
    [
      'a changed payload',
      (cursor: string) => openCursor('list', 'scope-a', `${Buffer.from('{"url":"x"}').toString('base64url')}.${cursor.split('.')[1]}`, KEY),
    ],
    ['a changed signature', (cursor: string) => openCursor('list', 'scope-a', `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`, KEY)],
    ['no signature', (cursor: string) => openCursor('list', 'scope-a', cursor.split('.')[0]!, KEY)],
    [
      'a signature of the right length in characters but not in bytes',
      (cursor: string) => openCursor('list', 'scope-a', `${cursor.split('.')[0]}.${'😀'.repeat(21)}a`, KEY),
    ],
    ['an extra part', (cursor: string) => openCursor('list', 'scope-a', `${cursor}.x`, KEY)],
  ])('refuses it with %s', (_what, open) => {
    expect(open(signCursor('list', 'scope-a', DATA, KEY))).toBeUndefined();
  });

  it('refuses garbage of any shape without throwing', () => {
    for (const raw of ['', '.', '%%%', '..', 'a.b.c', '\u0000', '😀.😀']) expect(openCursor('list', 'scope-a', raw, KEY)).toBeUndefined();
  });
});
