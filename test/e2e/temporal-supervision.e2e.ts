import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { http, isAlive, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';

/** Temporal's status in a /health/ready report, whether it answered 200 or 503. */
const temporalStatus = (report: any): string | undefined => report?.details?.temporal?.status;

/** Holds `port` on loopback, trying until whoever had it has let it go. */
const takePort = async (port: number): Promise<Server> => {
  for (;;) {
    const server = createServer();
    const taken = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (taken) return server;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the embedded Temporal server, supervised by npm start', () => {
  let dataDir: string;
  let app: RunningApp | undefined;
  let squatter: Server | undefined;
  afterEach(async () => {
    await app?.stop();
    squatter?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is started again on the same database after a kill -9: readiness says Temporal is down meanwhile, then writes succeed again', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-supervised-'));
    // Writes made while Temporal is down answer 503 soon, so the loop below polls often.
    app = await startApp(dataDir, { env: { WRITE_TIMEOUT_MS: '2000' } });
    const api = http(app.baseUrl, as('li.wei', 'owner'));
    const before = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(before.status, 201);

    const killed = app.temporalPid();
    process.kill(killed, 'SIGKILL');
    await waitFor('the Temporal server to die', () => !isAlive(killed));
    // The restart waits half a second, then the server takes seconds to serve: readiness must see the gap.
    const downReport = await api.get('/health/ready');
    assert.equal(downReport.status, 503);
    assert.equal(downReport.body.error.temporal.status, 'down');
    await waitFor(
      'a write to succeed again',
      async () => (await api.post('/api/v1/complaints', RegisterComplaintDto.example)).status === 201,
      120_000,
    );
    const restarted = app.temporalPid();
    assert.notEqual(restarted, killed);
    assert.ok(isAlive(restarted));
    const ready = await api.get('/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(temporalStatus(ready.body), 'up');
    assert.equal((await api.get('/health')).status, 200);

    // Same database file: the case made before the kill goes on.
    const identified = await api.post(`/api/v1/complaints/${before.body.id}/steps/identify`, {
      ...IdentifyStepDto.example,
      owner: 'li.wei',
    });
    assert.equal(identified.status, 200, JSON.stringify(identified.body));
  });

  it('ends the process with a non-zero status when the server cannot be started again', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-supervised-'));
    app = await startApp(dataDir);
    const port = Number(app.temporalAddress.split(':').at(-1));
    process.kill(app.temporalPid(), 'SIGKILL');
    // Its port taken by someone else, no restart can succeed.
    squatter = await takePort(port);
    const child = app.process;
    await waitFor('the product to give up', () => child.exitCode !== null || child.signalCode !== null, 90_000);
    assert.equal(child.exitCode, 1, app.output());
    assert.match(app.output(), /giving up/);
  });
});
