// Captures the one-JSON-line-per-request log during each test (registers its own hooks).
import { setLogWriter } from '../../assets/lib/http/log';

export function captureLogLines(): () => Array<Record<string, unknown>> {
  let lines: Array<Record<string, unknown>> = [];
  let restore: ReturnType<typeof setLogWriter>;
  beforeEach(() => {
    lines = [];
    restore = setLogWriter((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  });
  afterEach(() => setLogWriter(restore));
  return () => lines;
}
