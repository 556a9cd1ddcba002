import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { itUnless } from '../support/skip.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** `docker compose` (v2) or `docker-compose` (v1): whichever this machine has. */
const composeCommand = async (): Promise<string[] | undefined> => {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      await run(command[0]!, [...command.slice(1), 'version'], { cwd: root });
      return command;
    } catch {
      // Not this one.
    }
  }
  return undefined;
};

const compose = await composeCommand();

// Skipped, with its reason printed, only where no Compose binary exists: .ci/run installs docker-compose from
// Debian, so it runs in CI; the file is only checked, never started (there is no Docker engine here).
itUnless(compose ? undefined : 'neither docker compose nor docker-compose is installed')(
  'docker-compose.yml is a valid Compose file with the whole cluster topology',
  async () => {
    const { stdout } = await run(compose![0]!, [...compose!.slice(1), 'config', '--services'], { cwd: root });
    assert.deepEqual(stdout.trim().split('\n').sort(), [
      'api',
      'kurrentdb',
      'postgresql',
      'temporal',
      'temporal-ui',
      'worker',
    ]);
  },
);
