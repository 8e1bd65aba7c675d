import { TYPING_KEY, withTypingMark, withoutTypingMark } from '../../../assets/lib/agent/typing';

const since = new Date('2026-07-01T12:00:00Z');

describe('the typing mark', () => {
  it('is set beside the other attributes, once', () => {
    const marked = withTypingMark({ channels: { sms: 1 } }, 'IM1', since);
    expect(marked).toEqual({ channels: { sms: 1 }, [TYPING_KEY]: { messageSid: 'IM1', since: since.toISOString() } });
    expect(withTypingMark(marked!, 'IM1', since)).toBeUndefined();
  });

  it('is cleared only by the answer it is for', () => {
    const marked = withTypingMark({ kept: true }, 'IM1', since)!;
    expect(withoutTypingMark(marked, 'IM2')).toBeUndefined();
    expect(withoutTypingMark(marked, 'IM1')).toEqual({ kept: true });
    expect(withoutTypingMark({ [TYPING_KEY]: 'junk' }, 'IM1')).toBeUndefined();
  });
});
