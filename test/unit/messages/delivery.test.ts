// A message's `delivery` field is read back from Twilio: only the documented shape passes.
import { readDeliverySummary } from '../../../assets/lib/messages/delivery';

describe('readDeliverySummary', () => {
  const summary = { total: 2, sent: 'all', delivered: 'some', read: 'none', failed: 'none', undelivered: 'some' };

  it('keeps the documented fields only', () => {
    expect(readDeliverySummary({ ...summary, extra: '<script>' })).toEqual(summary);
  });

  it.each([
    ['null (a chat-only message)', null],
    ['a string', 'all'],
    ['a status outside all/some/none', { ...summary, read: 'most' }],
    ['a negative total', { ...summary, total: -1 }],
    ['a missing status', { total: 1, sent: 'all' }],
  ])('answers null for %s', (_what, value) => {
    expect(readDeliverySummary(value)).toBeNull();
  });
});
