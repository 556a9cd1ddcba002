// Jest in native ESM mode over the compiled output: the JavaScript that ships
// is what gets tested (`npm run build` first; `npm test` does).
const tier = (displayName, pattern, servers) => ({
  displayName,
  rootDir: 'dist',
  testEnvironment: 'node',
  transform: {},
  testMatch: [`<rootDir>/${pattern}`],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/'],
  // One in-memory Temporal dev server for every integration and e2e file (TEMPORAL_TEST_ADDRESS).
  ...(servers && {
    globalSetup: '<rootDir>/test/jest/global-setup.js',
    globalTeardown: '<rootDir>/test/jest/global-teardown.js',
  }),
});

export default {
  projects: [
    tier('unit', '**/*.spec.js', false),
    tier('integration', 'test/**/*.test.js', true),
    tier('e2e', 'test/**/*.e2e.js', true),
  ],
  // A test that hangs is cut off and fails the run instead of holding CI.
  testTimeout: 180_000,
  // One file at a time, as the e2e tests time SLA clocks in seconds on a
  // two-core machine; in a worker process (the memory limit forces one) so a
  // file's native handles and servers never share Jest's own process.
  maxWorkers: 1,
  // The SLA and supplier-cycle tests run side by side within their file, as their clocks in seconds would add up otherwise.
  maxConcurrency: 16,
  workerIdleMemoryLimit: '2GB',
  reporters: ['<rootDir>/dist/test/jest/progress-reporter.js', '<rootDir>/dist/test/jest/summary-reporter.js'],
};
