/**
 * Every suite on the machine's Node.js, and the integration suite once more with the functions
 * on Node.js 22, as Twilio runs them (`runtime: node22`), wherever a Node 22 can be had
 * (test/node22/binary.js); elsewhere jest says that second run did not happen, and how to get it.
 * TypeScript is transpiled only (types are checked by `npm run typecheck`).
 */
const { node22Source } = require('./test/node22/binary');
const { browsers, HOW_TO_INSTALL } = require('./test/browser/browsers');
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

/**
 * The sandbox console in real browsers, Chromium and Firefox, each where it is installed (CI
 * installs Debian's; REQUIRE_BROWSER=1 makes a missing one an error): chromium.test.ts and
 * firefox.test.ts run the same steps (test/browser/console-flow.ts), each only where its browser is.
 */
const found = browsers();
const missing = Object.keys(found).filter((name) => !found[name]);
for (const name of missing) {
  const message = `Not run: the browser tests of the sandbox console (test/browser) in ${name === 'chrome' ? 'Chromium' : 'Firefox'}: none on the PATH. ${HOW_TO_INSTALL[name]}\n`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message);
  process.stderr.write(message);
}
const inBrowsers = {
  ...common,
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...missing.map((name) => `<rootDir>/test/browser/${name === 'chrome' ? 'chromium' : 'firefox'}\\.test\\.ts$`)],
};

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
    ...(missing.length < Object.keys(found).length ? [inBrowsers] : []),
  ],
};
