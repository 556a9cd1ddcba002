import { SummaryReporter } from '@jest/reporters';
import type { AggregatedResult, TestContext } from '@jest/reporters';

/**
 * Jest's closing summary, preceded by every skipped test with the reason its
 * name carries (test/support/skip.ts): a count of skips alone would let a
 * whole suite go quiet unnoticed. It stands in for the summary that the
 * `default` reporter would add, so the summary still comes last.
 */
export default class SummaryWithSkips extends SummaryReporter {
  override onRunComplete(contexts: Set<TestContext>, results: AggregatedResult): void {
    const skipped = results.testResults
      .flatMap((file) => file.testResults)
      .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo');
    if (skipped.length > 0)
      this.log([`\nSkipped (${skipped.length}):`, ...skipped.map((test) => `  ○ ${test.fullName}`)].join('\n'));
    super.onRunComplete(contexts, results);
  }
}
