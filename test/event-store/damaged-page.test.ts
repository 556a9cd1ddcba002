import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import pg from 'pg';
import {
  EventStoreError,
  PgliteDatabase,
  PostgresDatabase,
  SqlEventStore,
  UnreadableRevisions,
  verifyChain,
} from '../../libs/event-store/index.js';
import { flipByteInBlock, locateEvent, revisionsInBlock } from '../support/damaged-page.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

/** Events big enough that a stream spans several pages of the events table. */
const events = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'Noted',
    data: { index, text: 'x'.repeat(400) },
  }));

/**
 * PGlite 0.5.16 is PostgreSQL 18, whose initdb turns data checksums on: a
 * byte flipped in a page while the store is closed fails that page's read
 * with SQLSTATE XX001, and only that page's.
 */
describe('a damaged page of the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-damaged-'));
  const dataDir = join(dir, 'event-store');
  let store: SqlEventStore;
  let damaged: number[];
  let damagedBlock: number;

  beforeAll(async () => {
    let db = await PgliteDatabase.open(dataDir);
    store = await SqlEventStore.open(db);
    await store.append('damaged-1', events(60), { expectedRevision: 'no-stream' });
    await store.append('whole-1', events(20), { expectedRevision: 'no-stream' });
    // A block in the middle of the first stream, holding none of the second's.
    assert.deepEqual(await store.checkPages(), { damagedBlocks: [], unreadable: [] }, 'a sound store');
    const { file, block } = await locateEvent(db, 'damaged-1', 30);
    damagedBlock = block;
    const inBlock = await revisionsInBlock(db, block);
    assert.deepEqual([...inBlock.keys()], ['damaged-1']);
    damaged = inBlock.get('damaged-1')!;
    assert.ok(damaged.length > 0 && damaged.length < 60);
    await store.close();
    flipByteInBlock(join(dataDir, file), block);
    db = await PgliteDatabase.open(dataDir);
    store = await SqlEventStore.open(db);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads its stream as a typed error naming the revisions on that page, carrying the others', async () => {
    const error = await store.readStream('damaged-1').catch((error: unknown) => error);
    assert.ok(error instanceof UnreadableRevisions, String(error));
    assert.equal(error.code, 'store-corrupted');
    assert.equal(error.streamId, 'damaged-1');
    assert.deepEqual([...error.revisions], damaged);
    const readable = error.readable.map((event) => event.revision);
    assert.deepEqual(
      readable,
      Array.from({ length: 60 }, (_, revision) => revision).filter((revision) => !damaged.includes(revision)),
    );
    // What could be read still holds its chain, across the gap.
    assert.deepEqual(verifyChain(error.readable, damaged), { intact: true, events: readable.length });
  });

  it('names only the unreadable revisions a bounded read asks for', async () => {
    const error = await store
      .readStream('damaged-1', { fromRevision: damaged[0]! - 1, maxCount: 2 })
      .catch((error: unknown) => error);
    assert.ok(error instanceof UnreadableRevisions);
    assert.deepEqual([...error.revisions], [damaged[0]]);
    assert.deepEqual(
      error.readable.map((event) => event.revision),
      [damaged[0]! - 1],
    );
  });

  it('reads every other stream as before', async () => {
    const whole = await store.readStream('whole-1');
    assert.equal(whole.length, 20);
    assert.deepEqual(verifyChain(whole), { intact: true, events: 20 });
  });

  it('reads the global order up to the damaged page, then answers store-corrupted naming the position, not a raw SQL error', async () => {
    const all = await store.readAll({ maxCount: 1000 });
    assert.deepEqual(
      all.map((event) => event.revision),
      Array.from({ length: damaged[0]! }, (_, revision) => revision),
      'every event before the damaged page',
    );
    const error = await store.readAll({ fromPosition: all.at(-1)!.position + 1 }).catch((error: unknown) => error);
    assert.ok(error instanceof EventStoreError, String(error));
    assert.equal(error.code, 'store-corrupted');
    assert.deepEqual(error.details, { position: all.at(-1)!.position + 1 });
    const after = await store.readAll({ fromPosition: all.at(-1)!.position + damaged.length + 1, maxCount: 5 });
    assert.deepEqual(
      after.map((event) => event.revision),
      [damaged.at(-1)! + 1, damaged.at(-1)! + 2, damaged.at(-1)! + 3, damaged.at(-1)! + 4, damaged.at(-1)! + 5],
      'past the damaged page, the order reads again',
    );
  });

  it('is found at start-up by reading every page: the damaged block, and the revisions each stream lost there', async () => {
    const check = await store.checkPages();
    assert.deepEqual([...check.damagedBlocks], [damagedBlock]);
    assert.deepEqual(
      check.unreadable.map(({ streamId, revisions }) => ({ streamId, revisions: [...revisions] })),
      [{ streamId: 'damaged-1', revisions: damaged }],
    );
  });
});

/**
 * PostgreSQL raises the same SQLSTATE for a page that fails its checksum.
 * No test may damage the shared server's files, so the events table is put
 * behind a view whose filter raises XX001 for one event, as the read of its
 * page would.
 */
describe('PostgreSQL answering data_corrupted (XX001) for one event', () => {
  const schema = uniqueSchema('damaged');
  let store: SqlEventStore;
  const admin = new pg.Client({ connectionString: databaseUrl() });

  beforeAll(async () => {
    store = await SqlEventStore.open(PostgresDatabase.connect(databaseUrl()), schema);
    await store.append('pg-1', events(8), { expectedRevision: 'no-stream' });
    await store.append('pg-2', events(3), { expectedRevision: 'no-stream' });
    await admin.connect();
    await admin.query(`
      create function "${schema}".readable(stream text, revision bigint) returns boolean language plpgsql as $$
      begin
        if stream = 'pg-1' and revision = 4 then
          raise exception 'invalid page in block 0 of relation "base/5/16384"' using errcode = 'XX001';
        end if;
        return true;
      end $$;
      alter table "${schema}".events rename to stored_events;
      create view "${schema}".events as select * from "${schema}".stored_events where "${schema}".readable(stream_id, revision);
    `);
  });

  afterAll(async () => {
    await store.close();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('reads that stream as the same typed error, naming the revision, and every other stream as before', async () => {
    const error = await store.readStream('pg-1').catch((error: unknown) => error);
    assert.ok(error instanceof UnreadableRevisions, String(error));
    assert.deepEqual([...error.revisions], [4]);
    assert.deepEqual(
      error.readable.map((event) => event.revision),
      [0, 1, 2, 3, 5, 6, 7],
    );
    assert.equal((await store.readStream('pg-2')).length, 3);
  });
});
