import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortFree } from '../support/free-port.js';

export type TemporalDevServer = Readonly<{
  address: string;
  uiUrl?: string;
  pid: number;
  /** Settles when the server process ends, however it ends. */
  exited: Promise<void>;
  stop(): Promise<void>;
}>;

export type DevServerOptions = Readonly<{
  cliPath: string;
  /** Where its SQLite file, pid file and log live; unset: in memory. */
  dataDir?: string;
  ip?: string;
  port: number;
  /** Unset: headless. */
  uiPort?: number;
  namespace?: string;
  startTimeoutMs?: number;
}>;

/**
 * The dev server keeps every workflow on one history shard, and a shard reads
 * its transfer queue (activity tasks, workflow tasks after them) at most 20
 * times a second by default. Under a steady load every activity and the
 * workflow task after it then waited up to 50 ms for the next read: a step
 * took 100 ms instead of 20 (BENCHMARKS.md, step latency). A cluster spreads
 * workflows over many shards; one shard needs the limit raised.
 */
const devServerDynamicConfig: Readonly<Record<string, number>> = { 'history.transferProcessorMaxPollRPS': 1000 };

/**
 * The dev server's SQLite file in write-ahead-log mode, synced at checkpoints
 * rather than at every commit. A commit is in the log file before it returns,
 * so a killed process (even `kill -9`) loses nothing: the operating system
 * holds the pages. Only a crash of the machine itself may lose the last
 * commits, never corrupt the file. SQLite's default (a rollback journal,
 * fsync at every commit) made a step of `npm start` wait on the disk several
 * times (BENCHMARKS.md, embedded).
 */
const sqlitePragmas = ['journal_mode=wal', 'synchronous=normal'];

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const commandLineOf = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

const waitForExit = async (pid: number, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
};

/**
 * A dev server left behind by a process that was killed would hold the port
 * and the database file: the pid file lets the next start end it.
 */
const endStrayServer = async (pidFile: string): Promise<void> => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLineOf(pid).includes('start-dev')) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5000);
  }
  rmSync(pidFile, { force: true });
};

/** setpriv ties the server's life to ours: if we die, even by SIGKILL, so does it. */
const withParentDeathSignal = (command: string, args: string[]): [string, string[]] =>
  existsSync('/usr/bin/setpriv')
    ? ['/usr/bin/setpriv', ['--pdeathsig', 'SIGKILL', '--', command, ...args]]
    : [command, args];

const waitUntilServing = async (
  child: ChildProcess,
  address: string,
  namespace: string,
  timeoutMs: number,
  logTail: () => string,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Temporal dev server exited (${child.exitCode ?? child.signalCode}) while starting:\n${logTail()}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await sleep(200);
    }
  }
  throw new Error(
    `Temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}\n${logTail()}`,
  );
};

export const startTemporalDevServer = async (options: DevServerOptions): Promise<TemporalDevServer> => {
  const { cliPath, dataDir, ip = '127.0.0.1', port, uiPort, namespace = 'default', startTimeoutMs = 60_000 } = options;
  const dir = dataDir && join(dataDir, 'temporal');
  const pidFile = dir && join(dir, 'server.pid');
  if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (pidFile) await endStrayServer(pidFile);

  for (const [name, value] of [
    ['TEMPORAL_PORT', port],
    ['TEMPORAL_UI_PORT', uiPort],
  ] as const) {
    if (value !== undefined && !(await isPortFree(value, ip))) {
      throw new Error(
        `Port ${value} on ${ip} is taken, so the embedded Temporal server cannot start: set ${name}, or TEMPORAL_ADDRESS to use a running server`,
      );
    }
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  for (const [key, value] of Object.entries(devServerDynamicConfig))
    args.push('--dynamic-config-value', `${key}=${value}`);
  if (dir)
    args.push(
      '--db-filename',
      join(dir, 'temporal.db'),
      ...sqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    );
  if (uiPort !== undefined) args.push('--ui-port', String(uiPort));
  else args.push('--headless');

  const logPath = dir ? join(dir, 'server.log') : undefined;
  const logFd = logPath ? openSync(logPath, 'a', 0o600) : undefined;
  let recent = '';
  const [command, commandArgs] = withParentDeathSignal(cliPath, args);
  const child = spawn(command, commandArgs, { stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'] });
  if (logFd !== undefined) closeSync(logFd);
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logTail = () => (logPath && existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-4000) : recent);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${cliPath}`);
  if (pidFile) writeFileSync(pidFile, String(pid), { mode: 0o600 });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(pid, 10_000))) child.kill('SIGKILL');
      await waitForExit(pid, 5000);
    }
    if (pidFile) rmSync(pidFile, { force: true });
  };

  const address = `${ip}:${port}`;
  try {
    await waitUntilServing(child, address, namespace, startTimeoutMs, logTail);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl: uiPort === undefined ? undefined : `http://${ip}:${uiPort}`, pid, exited, stop };
};

export type Supervision = Readonly<{
  /** Told of every death and restart. */
  log: (line: string) => void;
  /** The server kept dying: the process should end so that whatever runs it starts everything afresh. */
  giveUp: (reason: string) => void;
  /** Restarts in a row before giving up; a server that stayed up `stableMs` starts the count afresh. */
  maxRestarts?: number;
  stableMs?: number;
  /** The wait before the first restart, doubled at each one after. */
  firstDelayMs?: number;
}>;

/**
 * The dev server, started again (on the same database file and port, so the
 * same address) whenever it dies: while it is down no write can be made, and
 * nothing else would bring it back. Restarts back off; if they keep failing,
 * `giveUp` is called and the supervision ends.
 */
export const superviseTemporalDevServer = async (
  options: DevServerOptions,
  { log, giveUp, maxRestarts = 5, stableMs = 60_000, firstDelayMs = 500 }: Supervision,
): Promise<Omit<TemporalDevServer, 'pid' | 'exited'>> => {
  let server = await startTemporalDevServer(options);
  let stopping = false;

  const restartAfterDeath = async (): Promise<void> => {
    let restarts = 0;
    for (;;) {
      const upSince = Date.now();
      await server.exited;
      if (stopping) return;
      if (Date.now() - upSince >= stableMs) restarts = 0;
      log(`Temporal dev server (pid ${server.pid}) died; restarting it on ${server.address}`);
      for (;;) {
        if (restarts >= maxRestarts)
          return giveUp(`Temporal dev server restarted ${restarts} times without holding; giving up`);
        await sleep(firstDelayMs * 2 ** restarts++);
        if (stopping) return;
        try {
          server = await startTemporalDevServer(options);
          break;
        } catch (error) {
          log(`Temporal dev server did not start again: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (stopping) return server.stop();
      log(`Temporal dev server restarted (pid ${server.pid})`);
    }
  };
  restartAfterDeath().catch((error: unknown) => giveUp(`Supervising the Temporal dev server failed: ${String(error)}`));

  return {
    address: server.address,
    uiUrl: server.uiUrl,
    stop: async () => {
      stopping = true;
      await server.stop();
    },
  };
};
