// Which Node.js the functions run on in this run: the machine's in the first project, Node 22
// (Twilio's `runtime: node22`) in the second, which may never quietly fall back to another.
import { execFileSync } from 'node:child_process';
import { functionsNode } from '../../sandbox/testing/functions-runtime';

describe('the Node.js of the functions', () => {
  it('is Twilio’s node22 in the second run, and the machine’s own in the first', () => {
    const version = execFileSync(functionsNode(), ['--version'], { encoding: 'utf8' }).trim();
    if (process.env.FUNCTIONS_NODE_PROJECT === 'node22') {
      expect(process.env.FUNCTIONS_NODE).toBeDefined();
      expect(version).toMatch(/^v22\./);
    } else {
      expect(process.env.FUNCTIONS_NODE).toBeUndefined();
      expect(version).toBe(process.version);
    }
  });
});
