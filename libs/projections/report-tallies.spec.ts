import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { bucketPercentile, bucketRatio } from './report-tallies.js';

/** The bucket SQL's durationBucket, in JavaScript. */
const bucketOf = (ms: number) => (ms < 1 ? -1 : Math.floor(Math.log(ms) / Math.log(bucketRatio)));

/** percentile_cont, exactly. */
const exact = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (rank - low);
};

const tallied = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(bucketOf(value), (counts.get(bucketOf(value)) ?? 0) + 1);
  return [...counts].map(([bucket, count]) => ({ bucket, count }));
};

describe('durations tallied in buckets', () => {
  it('give their median and 90th percentile within 2.5% of the exact ones', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [1, 2, 3, 10, 101, 5000]) {
      // Hours to weeks, spread in the log as times in a step are.
      const values = Array.from({ length: size }, () => 3_600_000 * Math.exp(random() * 5));
      for (const p of [0.5, 0.9]) {
        const estimate = bucketPercentile(tallied(values), p)!;
        const truth = exact(values, p);
        assert.ok(
          Math.abs(estimate - truth) / truth <= 0.025,
          `${size} values, p${p * 100}: ${estimate} against ${truth}`,
        );
      }
    }
  });

  it('answer nothing for no durations, and under a millisecond for instant ones', () => {
    assert.equal(bucketPercentile([], 0.5), null);
    assert.ok(bucketPercentile([{ bucket: -1, count: 3 }], 0.5)! < 1);
    assert.equal(bucketPercentile([{ bucket: 10, count: 0 }], 0.5), null);
  });
});
