import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { complaintStreamId } from '../../libs/contracts/index.js';
import { PgliteDatabase } from '../../libs/event-store/index.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { flipByteInBlock, locateEvent } from '../support/damaged-page.js';
import { as } from '../support/tokens.js';

const owner = as('li.wei', 'owner');
const auditor = as('audit.bot', 'auditor');

/**
 * A byte of the embedded store's events file flipped while the product is
 * stopped (a failing disk): the damaged page fails its checksum on the next
 * start, and only the records on it are lost.
 */
describe('a damaged page of the embedded store, found at start-up', () => {
  let dataDir: string;
  let app: RunningApp | undefined;
  let damaged: string;
  let sound: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-damaged-'));
    app = await startApp(dataDir);
    const api = http(app.baseUrl, owner);
    const register = async () => {
      const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    damaged = await register();
    // Enough cases between the two that they lie on different pages.
    for (let filler = 0; filler < 8; filler++) await register();
    sound = await register();
    await app.stop();

    const db = await PgliteDatabase.open(join(dataDir, 'event-store'));
    let target: { file: string; block: number };
    try {
      target = await locateEvent(db, complaintStreamId(damaged), 0);
      const other = await locateEvent(db, complaintStreamId(sound), 0);
      assert.notEqual(other.block, target.block, 'the sound case must lie on another page');
    } finally {
      await db.close();
    }
    flipByteInBlock(join(dataDir, 'event-store', target.file), target.block);
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so in the log at start-up, naming the stream and revisions it cannot read', () => {
    assert.match(app!.output(), /The event store has damaged pages/);
    assert.match(app!.output(), new RegExp(`${complaintStreamId(damaged)} revisions [\\d, ]*\\b0\\b`));
  });

  it('answers a read of the damaged case with the problem record-unreadable, naming its revisions, not internal', async () => {
    const response = await http(app!.baseUrl, auditor).get(`/api/v1/complaints/${damaged}`);
    assert.equal(response.status, 500);
    assert.match(response.contentType, /application\/problem\+json/);
    assert.equal(response.body.type, 'urn:qloop:problem:record-unreadable');
    assert.ok(response.body.unreadableRevisions.includes(0), JSON.stringify(response.body));
    assert.match(response.body.detail, /cannot be read/);
  });

  it('audits the damaged case as unreadable, naming the revisions', async () => {
    const response = await http(app!.baseUrl, auditor).get(`/api/v1/complaints/${damaged}/audit`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.verdict, 'unreadable');
    assert.ok(response.body.unreadableRevisions.includes(0), JSON.stringify(response.body));
  });

  it('serves every other case as before', async () => {
    const response = await http(app!.baseUrl, auditor).get(`/api/v1/complaints/${sound}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.id, sound);
    const audit = await http(app!.baseUrl, auditor).get(`/api/v1/complaints/${sound}/audit`);
    assert.notEqual(audit.body.verdict, 'unreadable');
    // The last cases were registered just before the stop: the read models catch up past the damaged page.
    await waitFor('the case list to show the last case', async () => {
      const list = await http(app!.baseUrl, auditor).get('/api/v1/complaints?limit=100');
      return list.body.items.some((item: { id: string }) => item.id === sound);
    });
  });

  it('reports the damage on /health/ready: the store degraded, with what it cannot read', async () => {
    const response = await http(app!.baseUrl).get('/health/ready');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.status, 'degraded');
    const store = response.body.details.store;
    assert.equal(store.status, 'degraded');
    assert.equal(store.corrupted, true);
    assert.ok(store.damagedBlocks.length > 0);
    assert.ok(
      store.unreadable.some(
        ({ streamId, revisions }: { streamId: string; revisions: number[] }) =>
          streamId === complaintStreamId(damaged) && revisions.includes(0),
      ),
      JSON.stringify(store),
    );
  });
});
