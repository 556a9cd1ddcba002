import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../libs/platform/free-port.js';
import { http, waitFor } from '../support/app-process.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

const apiMain = fileURLToPath(new URL('../../apps/api/main.js', import.meta.url));

describe('the API alone (cluster mode) on PostgreSQL, while Temporal is unreachable', () => {
  const schema = uniqueSchema('api_cluster');
  let child: ChildProcess;
  let api: ReturnType<typeof http>;
  let output = '';

  before(async () => {
    const port = await freePort();
    const deadTemporal = await freePort();
    child = spawn(process.execPath, [apiMain], {
      env: { ...process.env, PORT: String(port), TEMPORAL_ADDRESS: `127.0.0.1:${deadTemporal}`, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: schema },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api = http(`http://127.0.0.1:${port}`);
    await waitFor('the API to serve', async () => {
      if (child.exitCode !== null) throw new Error(`API exited:\n${output}`);
      return fetch(`http://127.0.0.1:${port}/docs-json`).then((r) => r.ok, () => false);
    });
  });
  after(async () => {
    child?.kill('SIGTERM');
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('answers a write with 503 and Retry-After, and writes nothing', async () => {
    const created = await api.post('/api/v1/complaints', { customer: { name: 'A' }, channel: 'phone', category: 'delivery', severity: 'normal', title: 't', description: 'd' });
    assert.equal(created.status, 503);
    assert.equal(created.body.type, 'urn:qloop:problem:unavailable');
    assert.equal(created.headers.get('retry-after'), '5');
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    const { rows } = await admin.query(`select count(*)::int as n from "${schema}".events`);
    await admin.end();
    assert.equal(rows[0].n, 0);
  });

  it('still serves reads from the store', async () => {
    assert.equal((await api.get(`/api/v1/complaints/${crypto.randomUUID()}`)).status, 404);
  });
});
