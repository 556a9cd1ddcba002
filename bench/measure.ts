/** Timing helpers: run `work` `count` times in a row, keep each latency. */
export type Measurement = Readonly<{ perSecond: number; p50Ms: number; p99Ms: number }>;

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export const median = (values: readonly number[]) => percentile(values, 50);

export const measure = async (count: number, work: (i: number) => Promise<unknown>): Promise<Measurement> => {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await work(i);
    latencies.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: count / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
};

/** Runs `total` jobs on `concurrency` lanes; answers the elapsed seconds. */
export const inParallel = async (
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<number> => {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return (performance.now() - started) / 1000;
};

/** One line per figure: name, ours, baseline, ratio (ours/baseline; for latencies and costs, baseline/ours, so higher is better everywhere). */
export const report = (name: string, ours: number, baseline: number, unit: string, higherIsBetter = true): void => {
  const ratio = higherIsBetter ? ours / baseline : baseline / ours;
  console.log(
    `${name.padEnd(52)} ours ${ours.toFixed(2).padStart(10)} ${unit.padEnd(9)} baseline ${baseline.toFixed(2).padStart(10)} ${unit.padEnd(9)} ratio ${ratio.toFixed(2)}`,
  );
};
