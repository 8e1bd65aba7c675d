// Configured patterns (REDACT_PATTERNS, BLOCKED_PATTERNS) run in RE2 (the re2js port): its
// matching time is linear in the text, whatever the pattern, so a pattern like `(a|aa)+$`
// cannot stall the pre-event webhook (Twilio waits 5 s) or the process. RE2 has no
// backreferences or lookarounds: such a pattern is refused when the configuration is read,
// with an error naming it. Case-insensitive, Unicode-aware (as the `iu` flags of JavaScript).
import { lazy } from '../common/lazy';

const re2js = lazy(() => require('re2js') as typeof import('re2js'));

export type TextPattern = {
  readonly source: string;
  test(text: string): boolean;
  /** Every match replaced by `replacement` (taken literally: no `$1`). */
  replaceAll(text: string, replacement: string): string;
};

export class PatternError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'PatternError';
  }
}

/** Compiles one pattern, or throws PatternError saying why RE2 cannot run it. */
export function compilePattern(source: string): TextPattern {
  const { RE2JS, RE2JSException } = re2js();
  let compiled: InstanceType<typeof RE2JS>;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = error instanceof RE2JSException ? error.message : 'not a regular expression';
    throw new PatternError(source, `${reason} (patterns run in RE2: no backreferences or lookarounds)`);
  }
  // One that matches nothing at all would redact between every character, or block every message.
  if (compiled.matcher('').find()) throw new PatternError(source, 'it matches empty text');
  return {
    source,
    test: (text) => compiled.matcher(text).find(),
    replaceAll: (text, replacement) => compiled.matcher(text).replaceAll(() => replacement),
  };
}
