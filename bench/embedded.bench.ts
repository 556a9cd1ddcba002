import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../libs/support/free-port.js';
import { resolveTemporalCli } from '../libs/platform/temporal-cli.js';
import { startTemporalDevServer, type TemporalDevServer } from '../libs/platform/temporal-dev-server.js';
import { inParallel, percentile, report } from './measure.js';
import { bareCase, ourCase, type CaseDriver } from './steps.bench.js';
import { benchSecret, httpReady, spawnNode, type Child } from './support/services.js';

/**
 * 8. The embedded default as `npm start` runs it (one process: a dev server
 * with its SQLite file, PGlite, the worker, the API), against a bare workflow
 * of the same shape on a dev server with the same file persistence, and on an
 * in-memory one. Sequential step latency and case throughput, by turns.
 */
const sequentialCases = Number(process.env.BENCH_SEQUENTIAL_CASES ?? 40);
const saturationCases = Number(process.env.BENCH_SATURATION_CASES ?? 60);
const saturation = Number(process.env.BENCH_SATURATION ?? 8);

type Contender = 'embedded' | 'bare on file' | 'bare in memory';

const bareOn = async (server: TemporalDevServer): Promise<{ driver: CaseDriver; stop: () => Promise<void> }> => {
  const taskQueue = `bare-${randomUUID()}`;
  const port = await freePort();
  const worker: Child = await spawnNode(
    'bench/bare/worker.js',
    [server.address, taskQueue, String(port)],
    {},
    httpReady(`http://127.0.0.1:${port}/`),
  );
  const connection = await Connection.connect({ address: server.address });
  return {
    driver: bareCase(new Client({ connection }), taskQueue),
    stop: async () => {
      await connection.close();
      await worker.stop();
    },
  };
};

export const runEmbedded = async (): Promise<void> => {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'qloop-bench-embedded-')),
    mkdtempSync(join(tmpdir(), 'qloop-bench-bare-file-')),
  ];
  const cliPath = await resolveTemporalCli({ log: () => undefined });
  const port = await freePort();
  const product = await spawnNode(
    'apps/standalone/main.js',
    [],
    {
      DATA_DIR: dirs[0]!,
      PORT: String(port),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: '0',
      TEMPORAL_ADDRESS: '',
      EVENT_STORE: 'embedded',
      JWT_SECRET: benchSecret,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_FORMAT: 'json',
    },
    httpReady(`http://127.0.0.1:${port}/health/ready`),
  );
  const onFile = await startTemporalDevServer({
    cliPath,
    dataDir: dirs[1],
    port: await freePort(),
    startTimeoutMs: 60_000,
  });
  const inMemory = await startTemporalDevServer({ cliPath, port: await freePort(), startTimeoutMs: 60_000 });
  const bareFile = await bareOn(onFile);
  const bareMemory = await bareOn(inMemory);
  try {
    const drivers: Record<Contender, CaseDriver> = {
      embedded: await ourCase(`http://127.0.0.1:${port}`),
      'bare on file': bareFile.driver,
      'bare in memory': bareMemory.driver,
    };
    const names = Object.keys(drivers) as Contender[];
    for (const name of names) await inParallel(10, 5, () => drivers[name](() => undefined));
    const latencies: Record<Contender, number[]> = { embedded: [], 'bare on file': [], 'bare in memory': [] };
    const seconds: Record<Contender, number> = { embedded: 0, 'bare on file': 0, 'bare in memory': 0 };
    for (let i = 0; i < sequentialCases; i++)
      for (const name of names) await drivers[name]((ms) => latencies[name].push(ms));
    for (const name of names)
      seconds[name] += await inParallel(saturationCases, saturation, () => drivers[name](() => undefined));
    console.log(
      `\nEmbedded: ${sequentialCases} cases one at a time (6 steps each), by turns; then ${saturationCases} whole cases on ${saturation} lanes each.\n`,
    );
    for (const baseline of ['bare on file', 'bare in memory'] as const) {
      for (const p of [50, 99])
        report(
          `embedded step (p${p}) vs ${baseline}`,
          percentile(latencies.embedded, p),
          percentile(latencies[baseline], p),
          'ms',
          false,
        );
      report(
        `embedded case throughput vs ${baseline}`,
        saturationCases / seconds.embedded,
        saturationCases / seconds[baseline],
        'cases/s',
      );
    }
  } finally {
    await bareFile.stop();
    await bareMemory.stop();
    await product.stop();
    await onFile.stop();
    await inMemory.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
};
