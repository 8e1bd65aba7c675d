// Configured patterns in RE2: linear time whatever the pattern, refusals that say why.
import { compilePattern, PatternError } from '../../../assets/lib/policy/text-patterns';

describe('compilePattern', () => {
  it('tests and replaces case-insensitively, taking the replacement literally', () => {
    const pattern = compilePattern('secret\\s+code');
    expect(pattern.test('my SECRET  code')).toBe(true);
    expect(pattern.replaceAll('a secret code, a Secret Code', '[$1]')).toBe('a [$1], a [$1]');
  });

  it('matches Unicode letters', () => {
    expect(compilePattern('\\p{L}+').replaceAll('héllo wörld', 'X')).toBe('X X');
  });

  it('runs (a|aa)+$ over 32,768 characters in linear time (a backtracking engine takes exponential time)', () => {
    const started = performance.now();
    expect(compilePattern('(a|aa)+$').test(`${'a'.repeat(32_768)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([['(?<=a)b'], ['(?=a)'], ['(a)\\1'], ['(unclosed'], ['x*'], ['']])('refuses %j with a PatternError saying why', (source) => {
    expect(() => compilePattern(source)).toThrow(PatternError);
  });
});
