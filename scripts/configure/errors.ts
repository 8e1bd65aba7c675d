// A problem the user fixes before anything is written (missing variable, bad flag, no base
// URL): exit code 2, like other CLIs use for usage errors. Anything else exits 1.
export class UsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One line about a failed call: Twilio's status and code when there are some, never a credential. */
export function describeError(error: unknown): string {
  const rest = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof rest?.status === 'number') {
    const code = typeof rest.code === 'number' ? ` (Twilio error ${rest.code})` : '';
    return `HTTP ${rest.status}${code}: ${String(rest.message ?? '')}`.trim();
  }
  if (typeof rest?.code === 'string') return `${rest.code}: ${String(rest.message ?? '')}`;
  return error instanceof Error ? error.message : String(error);
}

/** Twilio refused the credentials: a setting to fix, not a failure to retry. */
export function isAuthenticationError(error: unknown): boolean {
  const rest = error as { status?: unknown; code?: unknown };
  return rest?.status === 401 || rest?.code === 20003;
}
