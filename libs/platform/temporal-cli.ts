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

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then this machine's
 * cache, then builds it there with Go. The SDK's own download is not tried:
 * it needs a network this product must not assume.
 */
export const resolveTemporalCli = async ({
  env = process.env,
  log = (line: string) => console.log(line),
}: { env?: Env; log?: (line: string) => void } = {}): Promise<string> => {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH))
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return env.TEMPORAL_CLI_PATH;
  }
  const onPath = findOnPath('temporal', env);
  if (onPath) return onPath;

  const dir = join(cliCacheDir(env), cliFolder);
  const cached = join(dir, 'temporal');
  if (isExecutable(cached)) return cached;

  const go = findOnPath('go', env) ?? ['/usr/local/go/bin/go'].find(isExecutable);
  if (!go) {
    throw new Error(
      'No Temporal CLI found. Set TEMPORAL_CLI_PATH, put `temporal` on PATH, install Go so it can be built ' +
        `(go install ${temporalCliModule}), or set TEMPORAL_ADDRESS to use an existing Temporal server.`,
    );
  }
  log(`Building the Temporal CLI once for this machine (go install ${temporalCliModule}); this takes a few minutes...`);
  mkdirSync(dir, { recursive: true });
  // Build into a private folder and rename: two processes building at once never see half a binary.
  const staging = mkdtempSync(join(dir, '.build-'));
  try {
    await run(go, ['install', temporalCliModule], { ...env, GOBIN: staging, GOFLAGS: env.GOFLAGS ?? '-mod=mod' });
    renameSync(join(staging, 'temporal'), cached);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!existsSync(cached)) throw new Error(`go install did not produce ${cached}`);
  log(`Temporal CLI ready at ${cached}`);
  return cached;
};
