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
import { acceptedUpdateIds as updatesAcceptedBy } from '../support/temporal-history.js';
import { as, testJwtSecret } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

const writeTimeoutMs = 3000;

/**
 * PostgreSQL taken away from the API and the worker (each reaches it through
 * a proxy of its own) while the rest of the product runs: what a client sees,
 * and that the store ends with every accepted write once and nothing else.
 */
describe('the event store down: 503 with Retry-After, and no write half-done or done twice', () => {
  const schema = uniqueSchema('outage');
  let temporal: TemporalDevServer;
  let apiProxy: TcpProxy;
  let workerProxy: TcpProxy;
  let processes: LaunchedProcess[] = [];
  let client: ReturnType<typeof http>;
  let temporalClient: Client;
  let caseId = '';

  /** What requests wrote to the case: the record of its acknowledgement e-mail comes when the mail server answers. */
  const storedTypes = async (): Promise<string[]> => {
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    const { rows } = await db.query(
      `select type, revision from "${schema}".events where stream_id = $1 order by revision`,
      [`complaint-${caseId}`],
    );
    await db.end();
    rows.forEach((row, index) => assert.equal(Number(row.revision), index, 'revisions are contiguous'));
    return withoutMailRecords(rows as { type: string }[]).map((row) => row.type);
  };

  const acceptedUpdateIds = () => updatesAcceptedBy(temporalClient, complaintWorkflowId(caseId));

  beforeAll(async () => {
    const cliPath = process.env.TEMPORAL_CLI_PATH;
    if (!cliPath) throw new Error('TEMPORAL_CLI_PATH is unset: run integration tests through `npm test`');
    temporal = await startTemporalDevServer({ cliPath, port: await freePort() });
    temporalClient = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    const postgres = new URL(databaseUrl());
    const target = { host: postgres.hostname, port: Number(postgres.port || 5432) };
    [apiProxy, workerProxy] = [await startTcpProxy(target), await startTcpProxy(target)];
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      EVENT_STORE: 'postgres',
      DATABASE_SCHEMA: schema,
      JWT_SECRET: testJwtSecret,
      LOG_FORMAT: 'json',
    };
    const httpPort = await freePort();
    const worker = launchProcess('worker', {
      ...env,
      DATABASE_URL: urlThrough(databaseUrl(), workerProxy),
      WORKER_METRICS_PORT: '0',
    });
    await waitFor(
      'the worker to poll',
      () => {
        if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
        return worker.output().includes('Polling task queue');
      },
      60_000,
    );
    const api = launchProcess('api', {
      ...env,
      DATABASE_URL: urlThrough(databaseUrl(), apiProxy),
      PORT: String(httpPort),
      WRITE_TIMEOUT_MS: String(writeTimeoutMs),
    });
    processes = [worker, api];
    client = http(`http://127.0.0.1:${httpPort}`, as('li.wei', 'owner'));
    await waitFor(
      'the API to serve',
      async () => {
        if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output()}`);
        return (await client.get('/health/ready').catch(() => ({ status: 0 }))).status === 200;
      },
      60_000,
    );
    const created = await client.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    caseId = created.body.id;
  });

  afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await temporalClient?.connection.close();
    await temporal?.stop();
    await Promise.all([apiProxy?.close(), workerProxy?.close()]);
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('refuses a write with 503 and Retry-After while the store is down, sends nothing, and serves no read from a store it cannot reach', async () => {
    const before = await storedTypes();
    apiProxy.cut();
    workerProxy.cut();
    try {
      const refused = await client.post(`/api/v1/complaints/${caseId}/steps/identify`, IdentifyStepDto.example, {
        'idempotency-key': 'outage-identify',
      });
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.equal(refused.headers.get('retry-after'), '5');
      assert.equal(refused.contentType, 'application/problem+json; charset=utf-8');
      assert.equal(refused.body.type, 'urn:qloop:problem:unavailable');
      assert.match(refused.body.detail, /event store/i);
      assert.equal(refused.body.pending, undefined, 'nothing was sent, so nothing is pending');

      for (const path of [
        `/api/v1/complaints/${caseId}`,
        `/api/v1/complaints/${caseId}/history`,
        '/api/v1/complaints',
      ]) {
        const read = await client.get(path);
        assert.equal(read.status, 503, `${path}: ${JSON.stringify(read.body)}`);
        assert.equal(read.headers.get('retry-after'), '5');
      }
      const ready = await client.get('/health/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.error.store.status, 'down');
    } finally {
      apiProxy.restore();
      workerProxy.restore();
    }
    assert.deepEqual(
      await acceptedUpdateIds().then((ids) => ids.includes('outage-identify')),
      false,
      'the case never saw the refused write',
    );
    assert.deepEqual(await storedTypes(), before);

    const done = await client.post(`/api/v1/complaints/${caseId}/steps/identify`, IdentifyStepDto.example, {
      'idempotency-key': 'outage-identify',
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.step, 'analyse');
  });

  it('holds a write the store lost on its way, records it once when the store is back, and answers its outcome to the same Idempotency-Key', async () => {
    const before = await storedTypes();
    workerProxy.cut();
    let sent: ReturnType<typeof client.post> | undefined;
    try {
      sent = client.post(`/api/v1/complaints/${caseId}/steps/analyse`, AnalyseStepDto.example, {
        'idempotency-key': 'outage-analyse',
      });
      // The API has passed its store check and the case holds the step; now the API loses the store too.
      await waitFor(
        'the case to accept the step',
        async () => (await acceptedUpdateIds()).includes('outage-analyse'),
        10_000,
      );
      apiProxy.cut();
      const held = await sent;
      assert.equal(held.status, 503, JSON.stringify(held.body));
      assert.equal(held.headers.get('retry-after'), '5');
      assert.equal(held.body.pending, true);
      assert.match(held.body.detail, /event store is unavailable.*same Idempotency-Key/s);
      assert.deepEqual(await storedTypes(), before, 'nothing landed while the store was away');
    } finally {
      apiProxy.restore();
      workerProxy.restore();
    }

    const outcome = await client.post(`/api/v1/complaints/${caseId}/steps/analyse`, AnalyseStepDto.example, {
      'idempotency-key': 'outage-analyse',
    });
    assert.equal(outcome.status, 200, JSON.stringify(outcome.body));
    assert.equal(outcome.body.step, 'resolve');
    const again = await client.post(`/api/v1/complaints/${caseId}/steps/analyse`, AnalyseStepDto.example);
    assert.equal(again.status, 409, 'without the key, the step is one the case has done already');
    assert.deepEqual(await storedTypes(), [...before, 'ComplaintAnalysed']);
    assert.deepEqual(
      (await acceptedUpdateIds()).filter((id) => id === 'outage-analyse'),
      ['outage-analyse'],
      'one update, accepted once',
    );
  });
});
