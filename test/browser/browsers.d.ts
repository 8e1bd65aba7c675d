export type BrowserName = 'chrome' | 'firefox';
/** Each browser the console is tested in, with its binary (undefined: not found). */
export function browsers(): Record<BrowserName, string | undefined>;
/** What to tell someone who lacks one. */
export const HOW_TO_INSTALL: Record<BrowserName, string>;
