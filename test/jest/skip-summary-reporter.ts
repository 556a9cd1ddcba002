/**
 * Lists every skipped test, with the reason its name carries
 * (test/support/skip.ts), just before Jest's own summary: a count of skips
 * alone would let a whole suite go quiet unnoticed.
 */
type AssertionResult = Readonly<{ status: string; fullName: string }>;
type AggregatedResult = Readonly<{ testResults: readonly Readonly<{ testResults: readonly AssertionResult[] }>[] }>;

export default class SkipSummaryReporter {
  onRunComplete(_contexts: unknown, results: AggregatedResult): void {
    const skipped = results.testResults.flatMap((file) => file.testResults).filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo');
    if (skipped.length === 0) return;
    console.log(`\nSkipped (${skipped.length}):`);
    for (const test of skipped) console.log(`  ○ ${test.fullName}`);
  }
}
