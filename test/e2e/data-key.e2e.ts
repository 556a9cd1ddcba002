import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { http, startApp, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';

const masterKey = 'the master key this deployment started with, 32+';

describe('the master key of personal data (npm start)', () => {
  let dataDir: string;
  let app: RunningApp | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-data-key-'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on another master key, saying why, and starts again on its own', async () => {
    app = await startApp(dataDir, { env: { DATA_KEY: masterKey } });
    await app.stop();
    app = undefined;

    await assert.rejects(
      startApp(dataDir, { env: { DATA_KEY: 'another master key, as long as the first one' } }),
      /written under another master key \(DATA_KEY, or DATA_DIR\/auth\/data-key\): refusing to start/,
    );
    // Nothing was written under the wrong key: the first one still opens the table.
    app = await startApp(dataDir, { env: { DATA_KEY: masterKey } });
    assert.equal((await http(app.baseUrl, as('li.wei', 'owner')).get('/api/v1/customers')).status, 200);
  });

  it('refuses a master key too short to be one, naming it', async () => {
    await assert.rejects(startApp(join(dataDir, 'other'), { env: { DATA_KEY: 'short' } }), /DATA_KEY/);
  });
});
