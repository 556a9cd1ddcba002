import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { http, isAlive, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as, embeddedTokens } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

// No JWT_SECRET: the embedded default, a secret made under DATA_DIR on the first start and kept.
const embedded = { env: { JWT_SECRET: '' } };

describe('a crash loses nothing and doubles nothing', () => {
  let dataDir: string;
  let app: RunningApp | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-restart-'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes on where it was after SIGKILL of the process group, then of the process alone', async () => {
    app = await startApp(dataDir, embedded);
    const tokens = embeddedTokens(dataDir);
    const owner = tokens.owner!;
    let api = http(app.baseUrl, tokens.auditor);
    assert.equal(
      (await api.get('/api/v1/complaints', as('li.wei', 'auditor'))).status,
      401,
      'a token signed with another secret proves nothing',
    );
    assert.equal((await http(app.baseUrl).get('/api/v1/complaints')).status, 401, 'no token, no entry');
    const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example, owner);
    assert.equal(created.status, 201);
    const id: string = created.body.id;
    assert.equal(
      (
        await api.post(
          `/api/v1/complaints/${id}/steps/identify`,
          { ...IdentifyStepDto.example, owner: 'demo.owner' },
          owner,
        )
      ).status,
      200,
    );
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example, owner)).status, 200);

    // 1. The whole process group, Temporal server included.
    const firstTemporal = app.temporalPid();
    await app.killGroup();
    await waitFor('the Temporal server to die', () => !isAlive(firstTemporal));
    // Its SQLite file writes ahead (commits synced at checkpoints, not each one): what was answered must survive the kill all the same.
    assert.ok(existsSync(join(dataDir, 'temporal', 'temporal.db-wal')), 'the dev server keeps a write-ahead log');

    app = await startApp(dataDir, embedded);
    api = http(app.baseUrl, tokens.auditor);
    const afterCrash = await api.get(`/api/v1/complaints/${id}`);
    assert.equal(afterCrash.body.step, 'resolve');
    const recorded = (await api.get(`/api/v1/complaints/${id}/history`)).body.events as { seq: number }[];
    assert.equal(afterCrash.body.revision, recorded.at(-1)!.seq, 'the case read as its stream holds it');
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/resolve`, ResolveStepDto.example, owner)).status, 200);

    // 2. Only the node process: its Temporal server must not outlive it and block the next start.
    const secondTemporal = app.temporalPid();
    process.kill(app.process.pid!, 'SIGKILL');
    await waitFor('the Temporal server to follow its parent', () => !isAlive(secondTemporal));

    app = await startApp(dataDir, embedded);
    api = http(app.baseUrl, tokens.auditor);
    assert.equal(
      (await api.get(`/api/v1/complaints/${id}`)).body.step,
      'verify',
      'the tokens of the first start still open the door: the secret was kept',
    );
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/steps/verify`, VerifyStepDto.example, tokens.supervisor)).status,
      200,
    );
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/steps/feedback`, FeedbackStepDto.example, owner)).status,
      200,
    );
    const archived = await api.post(`/api/v1/complaints/${id}/steps/archive`, ArchiveStepDto.example, owner);
    assert.equal(archived.status, 200);
    assert.equal(archived.body.status, 'archived');

    const events: { seq: number; id: string; type: string }[] = (await api.get(`/api/v1/complaints/${id}/history`)).body
      .events;
    assert.deepEqual(
      withoutMailRecords(events).map((e) => e.type),
      [
        'ComplaintRegistered',
        'ComplaintIdentified',
        'ComplaintAnalysed',
        'ResolutionImplemented',
        'ResolutionVerified',
        'CustomerFeedbackRecorded',
        'ComplaintArchived',
      ],
    );
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i),
    );
    assert.equal(new Set(events.map((e) => e.id)).size, events.length);
  });

  it('refuses a second start on the same DATA_DIR without disturbing the first', async () => {
    app ??= await startApp(dataDir, embedded);
    const temporal = app.temporalPid();
    await assert.rejects(startApp(dataDir, embedded), /DATA_DIR .* is in use by process/);
    assert.ok(isAlive(temporal), 'the running Temporal server was left alone');
    assert.equal((await http(app.baseUrl).get('/docs-json')).status, 200);
  });
});
