// lazy() is what keeps cold starts small: nothing is loaded before the first use, and a
// module is loaded once however often it is asked for.
import { lazy } from '../../../assets/lib/common/lazy';

describe('lazy', () => {
  it('loads on first use only, and once', () => {
    const load = jest.fn(() => ({ loaded: true }));
    const get = lazy(load);
    expect(load).not.toHaveBeenCalled();
    const first = get();
    expect(get()).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('remembers a falsy value too', () => {
    const load = jest.fn(() => undefined);
    const get = lazy(load);
    get();
    get();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load (a load that threw loaded nothing)', () => {
    let calls = 0;
    const get = lazy(() => {
      calls += 1;
      if (calls === 1) throw new Error('not yet');
      return 'ok';
    });
    expect(() => get()).toThrow('not yet');
    expect(get()).toBe('ok');
  });
});
