import { blobSchemaOf } from '../../libs/platform/blob-storage.js';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../libs/support/free-port.js';
import { http, waitFor } from '../support/app-process.js';
import { as, testDataKey, testJwtSecret } from '../support/tokens.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

const apiMain = fileURLToPath(new URL('../../apps/api/main.js', import.meta.url));

describe('the API alone (cluster mode) on PostgreSQL, while Temporal is unreachable', () => {
  const schema = uniqueSchema('api_cluster');
  let child: ChildProcess;
  let api: ReturnType<typeof http>;
  let output = '';
  let port = 0;
  const baseUrl = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    port = await freePort();
    const deadTemporal = await freePort();
    child = spawn(process.execPath, [apiMain], {
      env: {
        ...process.env,
        PORT: String(port),
        TEMPORAL_ADDRESS: `127.0.0.1:${deadTemporal}`,
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl(),
        DATABASE_SCHEMA: schema,
        RATE_LIMIT_PER_MINUTE: '25',
        BODY_LIMIT_BYTES: '4096',
        JWT_SECRET: testJwtSecret,
        DATA_KEY: testDataKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api = http(`http://127.0.0.1:${port}`, as('desk', 'owner'));
    await waitFor('the API to serve', async () => {
      if (child.exitCode !== null) throw new Error(`API exited:\n${output}`);
      return fetch(`http://127.0.0.1:${port}/docs-json`).then(
        (r) => r.ok,
        () => false,
      );
    });
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`drop schema if exists "${blobSchemaOf(schema)}" cascade`);
    await admin.end();
  });

  it('answers a write with 503 and Retry-After, and writes nothing', async () => {
    const created = await api.post('/api/v1/complaints', {
      customer: { name: 'A' },
      channel: 'phone',
      category: 'delivery',
      severity: 'normal',
      title: 't',
      description: 'd',
    });
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

  it('says it is not ready, and why, while Temporal is unreachable', async () => {
    const ready = await api.get('/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.headers.get('retry-after'), '5');
    assert.equal(ready.body.status, 'error');
    assert.equal(ready.body.details.store.status, 'up');
    assert.equal(ready.body.error.temporal.status, 'down');
    assert.ok(ready.body.error.temporal.message, 'says why');
    assert.equal((await api.get('/health')).status, 200);
  });

  it('refuses a body over the limit with 413 and one not in JSON with 415, sends security headers, and allows no cross-origin calls', async () => {
    const big = await api.post('/api/v1/complaints', {
      customer: { name: 'A' },
      channel: 'phone',
      category: 'delivery',
      severity: 'normal',
      title: 't',
      description: 'x'.repeat(5000),
    });
    assert.equal(big.status, 413);
    assert.equal(big.contentType, 'application/problem+json; charset=utf-8');
    assert.equal(big.body.type, 'urn:qloop:problem:too-large');

    const form = await api.post('/api/v1/complaints', 'title=t&description=d', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.status, 415, 'a body in another format is named as such, not validated as empty');
    assert.equal(form.contentType, 'application/problem+json; charset=utf-8');
    assert.equal(form.body.type, 'urn:qloop:problem:unsupported-media-type');
    const text = await api.post('/api/v1/complaints/x/comments', '{"text":"hi"}', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);

    const response = await fetch(`${baseUrl()}/api/v1/complaints/${crypto.randomUUID()}`, {
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(response.headers.get('x-powered-by'), null);
    const body = await response.text();
    assert.doesNotMatch(body, /at .*\.js:\d+|node_modules/, 'no stack traces');
  });

  it('counts one budget per client across all routes: the token subject, else the address', async () => {
    const reader = http(baseUrl(), as('rate.reader', 'auditor'));
    const spent: number[] = [];
    for (let i = 0; i < 25; i++) spent.push((await reader.get(`/api/v1/complaints/${crypto.randomUUID()}`)).status);
    assert.ok(!spent.includes(429), spent.join(','));
    const elsewhere = await reader.get('/api/v1/me');
    assert.equal(elsewhere.status, 429, 'another route draws on the same budget');
    assert.equal(elsewhere.body.type, 'urn:qloop:problem:rate-limited');
    assert.equal(
      (await http(baseUrl(), as('rate.other', 'auditor')).get('/api/v1/me')).status,
      200,
      'another person at the same address has a budget of their own',
    );

    const anonymous = http(baseUrl());
    let configReads = 0;
    while ((await anonymous.get('/api/v1/auth/config')).status !== 429)
      assert.ok(++configReads <= 25, 'limited at last');
    assert.equal((await anonymous.get('/api/v1/me')).status, 429, 'without a token, the address is the client');
  });

  it('limits each client to RATE_LIMIT_PER_MINUTE requests, with 429 and Retry-After; health is never limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await api.get(`/api/v1/complaints/${crypto.randomUUID()}`)).status);
    assert.ok(statuses.includes(404) && statuses.includes(429), statuses.join(','));
    const limited = await api.get(`/api/v1/complaints/${crypto.randomUUID()}`);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.type, 'urn:qloop:problem:rate-limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await api.get('/health')).status, 200);
  });
});
