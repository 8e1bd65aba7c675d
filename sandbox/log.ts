// The sandbox's only output channel: one line to stderr, silenced with `quiet`.
export type Logger = (line: string) => void;

export const stderrLogger =
  (quiet: boolean): Logger =>
  (line) => {
    if (!quiet) process.stderr.write(`[sandbox] ${line}\n`);
  };
