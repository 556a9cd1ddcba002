import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { issueToken } from '../../libs/platform/auth.js';
import type { Role } from '../../libs/domain/index.js';
import { freePort } from '../../libs/support/free-port.js';
import { resolveTemporalCli } from '../../libs/platform/temporal-cli.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/platform/temporal-dev-server.js';

/** What the benchmarks run against: the same servers the product uses, started here. */
export const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const benchSecret = 'qloop-benchmark-secret-0123456789abcdef';

/** A fresh database of its own for one contender; `drop` removes it. */
export const scratchDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `qloop_bench_${process.pid}_${randomUUID().slice(0, 6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database ${name} with (force)`);
      await again.end();
    },
  };
};

/** An in-memory Temporal dev server of the benchmark's own. */
export const startTemporal = async (): Promise<TemporalDevServer> =>
  startTemporalDevServer({
    cliPath: await resolveTemporalCli({ log: () => undefined }),
    port: await freePort(),
    startTimeoutMs: 60_000,
  });

export type Child = Readonly<{ process: ChildProcess; pid: number; stop: () => Promise<void> }>;

const logDir = mkdtempSync(join(tmpdir(), 'qloop-bench-logs-'));

/** BENCH_PROFILE=<dir>: every process a benchmark spawns writes a CPU profile there when it stops (open it in Chrome's DevTools). */
const profileArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];

/** A compiled entry point as a child process; its output goes to a log file (named on failure), so the measurement never waits on a pipe. */
export const spawnNode = async (
  entry: string,
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<boolean>,
): Promise<Child> => {
  const logPath = join(logDir, `${entry.split('/').at(-1)}-${randomUUID().slice(0, 6)}.log`);
  const log = createWriteStream(logPath);
  await new Promise((resolve) => log.once('open', resolve));
  const child = spawn(
    process.execPath,
    [...profileArgs, fileURLToPath(new URL(`../../${entry}`, import.meta.url)), ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', log, log] },
  );
  const deadline = Date.now() + 90_000;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}; see ${logPath}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not get ready; see ${logPath}`);
    await sleep(100);
  }
  return {
    process: child,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
    },
  };
};

export const httpReady = (url: string) => async () => (await fetch(url)).ok;

/** The product in cluster mode: a worker and an API process on PostgreSQL and the given Temporal server. */
export const startProduct = async (
  temporalAddress: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
) => {
  const port = await freePort();
  const env = {
    TEMPORAL_ADDRESS: temporalAddress,
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: benchSecret,
    DATA_KEY: benchSecret,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_FORMAT: 'json',
    WORKER_METRICS_PORT: String(await freePort()),
    ...extraEnv,
  };
  const worker = await spawnNode(
    'apps/worker/main.js',
    [],
    env,
    httpReady(`http://127.0.0.1:${env.WORKER_METRICS_PORT}/health`),
  );
  const api = await spawnNode(
    'apps/api/main.js',
    [],
    { ...env, PORT: String(port) },
    httpReady(`http://127.0.0.1:${port}/health/ready`),
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    worker,
    api,
    stop: async () => (await api.stop(), await worker.stop()),
  };
};

export const bearer = async (subject: string, role: Role) => ({
  authorization: `Bearer ${await issueToken(new TextEncoder().encode(benchSecret), { subject, roles: [role] }, { ttlSeconds: 6 * 3600 })}`,
});

/** Resident memory and CPU time (user + system) of a process, from /proc. */
export const processUsage = async (pid: number): Promise<{ rssBytes: number; cpuMs: number }> => {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14 and 15)
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 };
};

const postgresSeen = new Map<number, number>();
let postgresSpent = 0;
let postgresSampled = false;

/**
 * CPU time spent by PostgreSQL's server processes (the postmaster and its
 * backends, each a process of its own) since the first call: a counter that
 * only grows. Backends come and go, so it adds up each one's CPU since it was
 * last seen (all of it, for one that started since), and a backend that
 * exits takes no time back with it.
 */
export const postgresCpuMs = async (): Promise<number> => {
  const { readdir, readFile } = await import('node:fs/promises');
  const alive = new Set<number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const pid = Number(entry);
      const cpuMs = (await processUsage(pid)).cpuMs;
      if (postgresSampled) postgresSpent += cpuMs - (postgresSeen.get(pid) ?? 0);
      postgresSeen.set(pid, cpuMs);
      alive.add(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  for (const pid of postgresSeen.keys()) if (!alive.has(pid)) postgresSeen.delete(pid);
  postgresSampled = true;
  return postgresSpent;
};

/**
 * Benchmark 1's contenders on one in-memory Temporal server: the product in
 * cluster mode on a scratch database, and the bare workflow's worker on a
 * task queue of its own (`bareEnv`: e.g. BARE_DATABASE_URL for real appends).
 */
export const startContenders = async (bareEnv: (databaseUrl: string) => Record<string, string> = () => ({})) => {
  const temporal = await startTemporal();
  const db = await scratchDatabase();
  const product = await startProduct(temporal.address, db.url);
  const taskQueue = `bare-${randomUUID()}`;
  const barePort = await freePort();
  const bareWorker = await spawnNode(
    'bench/bare/worker.js',
    [temporal.address, taskQueue, String(barePort)],
    bareEnv(db.url),
    httpReady(`http://127.0.0.1:${barePort}/`),
  );
  const connection = await Connection.connect({ address: temporal.address });
  return {
    temporal,
    product,
    bareWorker,
    taskQueue,
    client: new Client({ connection }),
    stop: async () => {
      await connection.close();
      await bareWorker.stop();
      await product.stop();
      await temporal.stop();
      await db.drop();
    },
  };
};
