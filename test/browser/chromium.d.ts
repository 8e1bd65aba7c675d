/** CHROME_PATH, else the first Chromium or Chrome on the PATH. */
export function chromiumPath(): string | undefined;
/** What to tell someone who has neither. */
export const HOW_TO_INSTALL: string;
