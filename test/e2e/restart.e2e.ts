import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, ArchiveStepDto, FeedbackStepDto, IdentifyStepDto, ResolveStepDto, VerifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { http, isAlive, startApp, waitFor, type RunningApp } from '../support/app-process.js';

const owner = { 'x-actor': 'li.wei' };

describe('a crash loses nothing and doubles nothing', () => {
  let dataDir: string;
  let app: RunningApp | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-restart-'));
  });
  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes on where it was after SIGKILL of the process group, then of the process alone', async () => {
    app = await startApp(dataDir);
    let api = http(app.baseUrl);
    const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example, { 'x-actor': 'desk' });
    assert.equal(created.status, 201);
    const id: string = created.body.id;
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner)).status, 200);
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example, owner)).status, 200);

    // 1. The whole process group, Temporal server included.
    const firstTemporal = app.temporalPid();
    await app.killGroup();
    await waitFor('the Temporal server to die', () => !isAlive(firstTemporal));

    app = await startApp(dataDir);
    api = http(app.baseUrl);
    const afterCrash = await api.get(`/api/v1/complaints/${id}`);
    assert.equal(afterCrash.body.step, 'resolve');
    assert.equal(afterCrash.body.revision, 2);
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/resolve`, ResolveStepDto.example, owner)).status, 200);

    // 2. Only the node process: its Temporal server must not outlive it and block the next start.
    const secondTemporal = app.temporalPid();
    process.kill(app.process.pid!, 'SIGKILL');
    await waitFor('the Temporal server to follow its parent', () => !isAlive(secondTemporal));

    app = await startApp(dataDir);
    api = http(app.baseUrl);
    assert.equal((await api.get(`/api/v1/complaints/${id}`)).body.step, 'verify');
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/verify`, VerifyStepDto.example, { 'x-actor': 'zhang.qa' })).status, 200);
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/feedback`, FeedbackStepDto.example, owner)).status, 200);
    const archived = await api.post(`/api/v1/complaints/${id}/steps/archive`, ArchiveStepDto.example, owner);
    assert.equal(archived.status, 200);
    assert.equal(archived.body.status, 'archived');

    const events: { seq: number; id: string; type: string }[] = (await api.get(`/api/v1/complaints/${id}/history`)).body.events;
    assert.deepEqual(events.map((e) => e.type), [
      'ComplaintRegistered', 'ComplaintIdentified', 'ComplaintAnalysed', 'ResolutionImplemented',
      'ResolutionVerified', 'CustomerFeedbackRecorded', 'ComplaintArchived',
    ]);
    assert.deepEqual(events.map((e) => e.seq), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length);
  });

  it('refuses a second start on the same DATA_DIR without disturbing the first', async () => {
    app ??= await startApp(dataDir);
    const temporal = app.temporalPid();
    await assert.rejects(startApp(dataDir), /DATA_DIR .* is in use by process/);
    assert.ok(isAlive(temporal), 'the running Temporal server was left alone');
    assert.equal((await http(app.baseUrl).get('/docs-json')).status, 200);
  });
});
