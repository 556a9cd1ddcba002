import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { complaintWorkflowId } from '../../libs/contracts/index.js';
import { freePort } from '../../libs/support/free-port.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/platform/temporal-dev-server.js';
import { http, launchProcess, waitFor, type LaunchedProcess } from '../support/app-process.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { startTcpProxy, urlThrough, type TcpProxy } from '../support/tcp-proxy.js';
import { acceptedUpdateIds } from '../support/temporal-history.js';
import { as, testDataKey, testJwtSecret } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

/**
 * The product as a cluster runs it: the API and the worker as separate
 * processes, on PostgreSQL, with a Temporal server of their own (the product's
 * task queue must not be shared with other tests' workers).
 */
describe('cluster mode: the API and the worker as separate processes', () => {
  const schema = uniqueSchema('cluster');
  let temporal: TemporalDevServer;
  let worker: LaunchedProcess;
  let api: LaunchedProcess;
  let client: ReturnType<typeof http>;
  let metricsPort = 0;
  // The worker reaches PostgreSQL through it, so a test can hold a step's append.
  let workerStore: TcpProxy;
  let temporalClient: Client;

  beforeAll(async () => {
    const cliPath = process.env.TEMPORAL_CLI_PATH;
    if (!cliPath) throw new Error('TEMPORAL_CLI_PATH is unset: run integration tests through `npm test`');
    temporal = await startTemporalDevServer({ cliPath, port: await freePort() });
    const [httpPort, workerMetricsPort] = [await freePort(), await freePort()];
    metricsPort = workerMetricsPort;
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl(),
      DATABASE_SCHEMA: schema,
      JWT_SECRET: testJwtSecret,
      DATA_KEY: testDataKey,
      LOG_FORMAT: 'json',
    };
    workerStore = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(databaseUrl()).port || 5432) });
    temporalClient = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    worker = launchProcess('worker', {
      ...env,
      DATABASE_URL: urlThrough(databaseUrl(), workerStore),
      WORKER_METRICS_PORT: String(workerMetricsPort),
    });
    api = launchProcess('api', { ...env, PORT: String(httpPort) });
    client = http(`http://127.0.0.1:${httpPort}`, as('li.wei', 'owner'));
    await waitFor(
      'the worker to poll',
      () => {
        if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
        return worker.output().includes('Polling task queue');
      },
      60_000,
    );
    await waitFor(
      'the API to serve',
      async () => {
        if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output()}`);
        return (await client.get('/health/ready').catch(() => ({ status: 0 }))).status === 200;
      },
      60_000,
    );
  });

  afterAll(async () => {
    for (const { child } of [api, worker])
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await temporalClient?.connection.close();
    await workerStore?.close();
    await temporal?.stop();
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('is ready when the store and Temporal answer, and says so in terminus form', async () => {
    const ready = await client.get('/health/ready');
    assert.equal(ready.status, 200);
    assert.match(ready.body.status, /^(ok|degraded)$/);
    assert.equal(ready.body.details.store.status, 'up');
    assert.equal(ready.body.details.temporal.status, 'up');
    assert.equal(typeof ready.body.details.projections.lag, 'number');
  });

  it('runs a case through the API and the worker, whose appends show in its own /metrics', async () => {
    const created = await client.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.id;
    assert.equal(
      (await client.post(`/api/v1/complaints/${id}/steps/identify`, { ...IdentifyStepDto.example, owner: 'li.wei' }))
        .status,
      200,
    );

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(metrics, /^qloop_events_appended_total [2-9]/m, 'the worker counts the appends its activities made');
    assert.match(metrics, /^qloop_event_store_append_duration_seconds_count\{outcome="appended"\} [2-9]/m);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/nothing`)).status, 404);
  });

  it('on SIGTERM, the API finishes the request under way before it exits, and the worker drains', async () => {
    const created = await client.post('/api/v1/complaints', RegisterComplaintDto.example);
    const id: string = created.body.id;
    assert.equal(
      (await client.post(`/api/v1/complaints/${id}/steps/identify`, { ...IdentifyStepDto.example, owner: 'li.wei' }))
        .status,
      200,
    );

    // The step is under way when the signal comes: the case has accepted it,
    // and its append waits for the worker's store to come back.
    workerStore.cut();
    const inFlight = client.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example, {
      'idempotency-key': `drain-${id}`,
    });
    await waitFor(
      'the case to accept the step',
      async () => (await acceptedUpdateIds(temporalClient, complaintWorkflowId(id))).includes(`drain-${id}`),
      10_000,
    );
    api.child.kill('SIGTERM');
    workerStore.restore();
    const answered = await inFlight;
    assert.equal(answered.status, 200, 'the request under way is answered, not cut off');
    assert.equal(answered.body.step, 'resolve');
    assert.deepEqual(await api.exit, { code: 0, signal: null }, api.output());

    worker.child.kill('SIGTERM');
    assert.deepEqual(await worker.exit, { code: 0, signal: null }, worker.output());
    assert.match(worker.output(), /Worker drained and stopped/);

    const store = new pg.Client({ connectionString: databaseUrl() });
    await store.connect();
    const { rows } = await store.query(`select type from "${schema}".events where stream_id = $1 order by revision`, [
      `complaint-${id}`,
    ]);
    await store.end();
    assert.deepEqual(
      withoutMailRecords(rows as { type: string }[]).map((row) => row.type),
      ['ComplaintRegistered', 'ComplaintIdentified', 'ComplaintAnalysed'],
    );
  });
});
