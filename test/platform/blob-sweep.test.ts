import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { FsBlobStore, type BlobStore } from '../../libs/blob-store/index.js';
import { PgliteDatabase, SqlEventStore, type EventStore } from '../../libs/event-store/index.js';
import { deletePurgedBlobs, sweepUnnamedBlobs } from '../../libs/platform/blob-sweep.js';

const at = '2026-12-01T08:00:00.000Z';
const attached = (evidenceId: string, sha256: string) => ({
  id: randomUUID(),
  type: 'EvidenceAttached',
  data: { evidenceId, sha256, size: 5, mediaType: 'text/plain', fileName: 'scan.txt', at, by: 'li.wei' },
});
const purged = (evidenceId: string, sha256: string) => ({
  id: randomUUID(),
  type: 'EvidencePurged',
  data: { evidenceId, sha256, reason: 'Customer erased', at, by: 'root' },
});

describe('purged files and the file store', () => {
  let root: string;
  let blobs: BlobStore;
  let store: EventStore;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'qloop-sweep-'));
    blobs = await FsBlobStore.open(root);
    store = await SqlEventStore.open(await PgliteDatabase.open());
  });
  afterEach(async () => {
    await store.close();
    await blobs.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("deletes a purged file's bytes only once no other file of any case names them", async () => {
    const shared = await blobs.put([Buffer.from('ID card of Zhou Xiaomei')]);
    const alone = await blobs.put([Buffer.from('Letter from Zhou Xiaomei')]);
    // The same scan on two cases; the letter on one.
    await store.append('complaint-a', [attached('scan-a', shared.sha256), attached('letter-a', alone.sha256)], {
      expectedRevision: 'no-stream',
    });
    await store.append('complaint-b', [attached('scan-b', shared.sha256)], { expectedRevision: 'no-stream' });
    await store.append('complaint-a', [purged('scan-a', shared.sha256), purged('letter-a', alone.sha256)], {
      expectedRevision: 1,
    });
    const later = new Date(Date.now() + 60_000);

    assert.deepEqual(
      await deletePurgedBlobs(store, blobs, [shared.sha256, alone.sha256], later),
      [alone.sha256],
      'case b still names the scan',
    );
    assert.ok(await blobs.stat(shared.sha256));
    assert.equal(await blobs.stat(alone.sha256), undefined);

    // Once case b's copy is purged too, even a purge cut short before its delete is finished by the sweep.
    await store.append('complaint-b', [purged('scan-b', shared.sha256)], { expectedRevision: 0 });
    const { removed } = await sweepUnnamedBlobs(store, blobs, later);
    assert.deepEqual(removed, [shared.sha256]);
    assert.equal(await blobs.stat(shared.sha256), undefined);
  });

  it('keeps bytes stored again after the purge began: an upload of them is on its way', async () => {
    const scan = await blobs.put([Buffer.from('ID card of Zhou Xiaomei')]);
    await store.append('complaint-a', [attached('scan-a', scan.sha256), purged('scan-a', scan.sha256)], {
      expectedRevision: 'no-stream',
    });
    const purgeBegan = new Date(Date.now() - 60_000);
    assert.deepEqual(await deletePurgedBlobs(store, blobs, [scan.sha256], purgeBegan), [scan.sha256]);
    assert.ok(await blobs.stat(scan.sha256), 'stored after the purge began: kept');
  });
});
