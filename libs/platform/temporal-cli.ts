import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The last tag that `go install` accepts: later ones carry a `replace` directive. */
export const temporalCliModule = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const cliFolder = 'temporal-cli-v1.5.1';

type Env = Readonly<Record<string, string | undefined>>;

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const findOnPath = (name: string, env: Env): string | undefined =>
  (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);

/** Per machine, not per clone: the build is paid once. */
export const cliCacheDir = (env: Env = process.env): string =>
  env.QLOOP_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qloop');

const run = (command: string, args: string[], env: Env): Promise<void> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });

/** A program this product builds from source with Go, once per machine, into the cache. */
export type GoTool = Readonly<{
  /** The binary's name, as `go install` writes it. */
  binary: string;
  /** `module/path/cmd/x@version`. */
  module: string;
  /** The cache folder, named for the version, so a new version builds anew. */
  folder: string;
  /** The environment variable that names a binary to use instead. */
  pathVariable: string;
  /** Said when there is neither the binary nor Go. */
  missing: string;
}>;

/**
 * Finds a Go tool: its variable, then PATH, then this machine's cache, then
 * builds it there with Go. Downloads of prebuilt binaries are not tried: they
 * need a network this product must not assume.
 */
export const resolveGoTool = async (
  tool: GoTool,
  { env = process.env, log = (line: string) => console.log(line) }: { env?: Env; log?: (line: string) => void } = {},
): Promise<string> => {
  const named = env[tool.pathVariable];
  if (named) {
    if (!isExecutable(named)) throw new Error(`${tool.pathVariable}=${named} is not an executable file`);
    return named;
  }
  const onPath = findOnPath(tool.binary, env);
  if (onPath) return onPath;

  const cached = cachedGoTool(tool, env);
  if (isExecutable(cached)) return cached;

  const go = findOnPath('go', env) ?? ['/usr/local/go/bin/go'].find(isExecutable);
  if (!go) throw new Error(tool.missing);
  log(`Building ${tool.binary} once for this machine (go install ${tool.module}); this takes a few minutes...`);
  const dir = join(cliCacheDir(env), tool.folder);
  mkdirSync(dir, { recursive: true });
  // Build into a private folder and rename: two processes building at once never see half a binary.
  const staging = mkdtempSync(join(dir, '.build-'));
  try {
    await run(go, ['install', tool.module], { ...env, GOBIN: staging, GOFLAGS: env.GOFLAGS ?? '-mod=mod' });
    renameSync(join(staging, tool.binary), cached);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!existsSync(cached)) throw new Error(`go install did not produce ${cached}`);
  log(`${tool.binary} ready at ${cached}`);
  return cached;
};

/** Where the cache keeps a Go tool's binary, built or not. */
export const cachedGoTool = (tool: GoTool, env: Env = process.env): string =>
  join(cliCacheDir(env), tool.folder, tool.binary);

export const temporalCli: GoTool = {
  binary: 'temporal',
  module: temporalCliModule,
  folder: cliFolder,
  pathVariable: 'TEMPORAL_CLI_PATH',
  missing:
    'No Temporal CLI found. Set TEMPORAL_CLI_PATH, put `temporal` on PATH, install Go so it can be built ' +
    `(go install ${temporalCliModule}), or set TEMPORAL_ADDRESS to use an existing Temporal server.`,
};

/** Finds the Temporal CLI, building it once for this machine if need be. */
export const resolveTemporalCli = (options: { env?: Env; log?: (line: string) => void } = {}): Promise<string> =>
  resolveGoTool(temporalCli, options);
