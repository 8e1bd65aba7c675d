/**
 * Every suite on the machine's Node.js, and the integration suite once more with the functions
 * on Node.js 22, as Twilio runs them (`runtime: node22`). TypeScript is transpiled only (types
 * are checked by `npm run typecheck`).
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

module.exports = {
  // The suites wait on child processes and sockets more than on the CPU: one worker per core.
  maxWorkers: '100%',
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'node', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'functions on node 22',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/node22/global-setup.js',
      setupFiles: ['<rootDir>/test/node22/setup.js'],
    },
  ],
};
