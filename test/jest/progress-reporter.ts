/** Jest's `default` reporter without its summary, which test/jest/summary-reporter.ts prints last. */
export { DefaultReporter as default } from '@jest/reporters';
