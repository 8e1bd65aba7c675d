/**
 * Every suite on the machine's Node.js, and the integration suite once more with the functions
 * on Node.js 22, as Twilio runs them (`runtime: node22`), wherever a Node 22 can be had
 * (test/node22/binary.js); elsewhere jest says that second run did not happen, and how to get it.
 * TypeScript is transpiled only (types are checked by `npm run typecheck`).
 */
const { node22Source } = require('./test/node22/binary');
const { chromiumPath, HOW_TO_INSTALL } = require('./test/browser/chromium');
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

const onNode22 = {
  ...common,
  displayName: 'functions on node 22',
  roots: ['<rootDir>/test/integration'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/node22/global-setup.js',
  setupFiles: ['<rootDir>/test/node22/setup.js'],
};

if (!node22Source()) {
  process.stderr.write(
    'Not run: the integration suite on Node 22 (Twilio runs node22). The npm registry has no Node 22 build for ' +
      `${process.platform}-${process.arch}: set NODE22 to a Node 22 binary to run it (with nvm: NODE22=$(nvm which 22) npm test).\n`,
  );
}

/** The sandbox console in a real Chromium, where one is installed (CI installs Debian's; REQUIRE_BROWSER=1 makes its absence an error). */
const inBrowser = { ...common, displayName: 'browser', roots: ['<rootDir>/test/browser'], testMatch: ['**/*.test.ts'] };
if (!chromiumPath()) {
  const message = `Not run: the browser tests of the sandbox console (test/browser): no Chromium on the PATH or in CHROME_PATH. ${HOW_TO_INSTALL}\n`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message);
  process.stderr.write(message);
}

module.exports = {
  // The suites wait on child processes and sockets more than on the CPU: one worker per core.
  maxWorkers: '100%',
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
    },
    ...(node22Source() ? [onNode22] : []),
    ...(chromiumPath() ? [inBrowser] : []),
  ],
};
