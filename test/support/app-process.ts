import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../libs/support/free-port.js';
import { testDataKey, testJwtSecret } from './tokens.js';

const standaloneMain = fileURLToPath(new URL('../../apps/standalone/main.js', import.meta.url));

export type RunningApp = Readonly<{
  baseUrl: string;
  temporalAddress: string;
  process: ChildProcess;
  /** What the app has printed so far. */
  output: () => string;
  /** The embedded Temporal server's pid, from its pid file. */
  temporalPid: () => number;
  /** Kills the app's whole process group, as a crash of the machine's session would. */
  killGroup: () => Promise<void>;
  stop: () => Promise<void>;
}>;

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const waitFor = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
};

export type LaunchedProcess = Readonly<{
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: string | null }>;
}>;

/** The API or the worker alone, as a cluster runs them, with `env` over this process's environment. */
export const launchProcess = (app: 'api' | 'worker', env: Record<string, string>): LaunchedProcess => {
  const main = fileURLToPath(new URL(`../../apps/${app}/main.js`, import.meta.url));
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { ...process.env, ...(env.EVENT_STORE === 'postgres' ? { DATA_KEY: testDataKey } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
};

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts the product as `npm start` does, on free ports and the given DATA_DIR, and waits until it serves. */
type StartOptions = { ports?: { http: number; temporal: number }; env?: Record<string, string> };

/**
 * Starts the product. A port found free can be taken before the app binds it
 * (the embedded Temporal server picks ports of its own meanwhile, for one);
 * with ports of its own choosing, it tries afresh on new ones.
 */
export const startApp = async (dataDir: string, options: StartOptions = {}): Promise<RunningApp> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(dataDir, options);
    } catch (error) {
      const portTaken = /Temporal dev server exited|EADDRINUSE/.test(String(error));
      if (options.ports || attempt === 3 || !portTaken) throw error;
    }
  }
};

const startAppOnce = async (dataDir: string, { ports, env = {} }: StartOptions): Promise<RunningApp> => {
  const http = ports?.http ?? (await freePort());
  const temporal = ports?.temporal ?? (await freePort());
  const child = spawn(process.execPath, ['--enable-source-maps', standaloneMain], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(http),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: '0',
      TEMPORAL_ADDRESS: '',
      EVENT_STORE: 'embedded',
      JWT_SECRET: testJwtSecret,
      // A store that processes share takes its master key from DATA_KEY; the embedded one keeps its own.
      ...(env.EVENT_STORE === 'postgres' ? { DATA_KEY: testDataKey } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${http}`;
  try {
    await waitFor(
      'the app to serve',
      async () => {
        if (exited(child)) throw new Error(`the app exited (${child.exitCode ?? child.signalCode}):\n${output}`);
        return (
          output.includes('qloop is running') &&
          (await fetch(`${baseUrl}/docs-json`).then(
            (r) => r.ok,
            () => false,
          ))
        );
      },
      90_000,
    );
  } catch (error) {
    if (!exited(child)) process.kill(-child.pid!, 'SIGKILL');
    throw error;
  }
  const waitForExit = () => waitFor('the app to exit', () => exited(child), 20_000);
  return {
    baseUrl,
    temporalAddress: `127.0.0.1:${temporal}`,
    process: child,
    output: () => output,
    temporalPid: () => Number(readFileSync(join(dataDir, 'temporal', 'server.pid'), 'utf8')),
    killGroup: async () => {
      process.kill(-child.pid!, 'SIGKILL');
      await waitForExit();
    },
    stop: async () => {
      if (exited(child)) return;
      child.kill('SIGTERM');
      await waitForExit();
    },
  };
};

/** A small JSON-over-HTTP client for the tests: status, headers and parsed body; `defaultHeaders` (e.g. a reader's token) go with every request unless overridden. */
export const http = (baseUrl: string, defaultHeaders: Record<string, string> = {}) => {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...defaultHeaders, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    // Parsed here rather than by response.json(): fetch lives in Node's realm, and
    // its objects fail node:assert's deepStrictEqual against the test's literals.
    const json: any = text ? JSON.parse(text) : undefined;
    return {
      status: response.status,
      headers: response.headers,
      contentType: response.headers.get('content-type') ?? '',
      body: json,
    };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
  };
};
