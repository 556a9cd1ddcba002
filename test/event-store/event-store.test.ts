import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { PgliteDatabase, PostgresDatabase, SqlEventStore } from '../../libs/event-store/index.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { eventStoreConformance } from './conformance.js';

eventStoreConformance('embedded (PGlite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-pglite-'));
  const db = await PgliteDatabase.open(join(dir, 'event-store'));
  const store = await SqlEventStore.open(db);
  return {
    store,
    tamper: async (streamId, revision, data) => {
      await db.query(`update events set data = $3 where stream_id = $1 and revision = $2`, [streamId, revision, JSON.stringify(data)]);
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreConformance('PostgreSQL', async () => {
  const schema = uniqueSchema('conformance');
  const store = await SqlEventStore.open(PostgresDatabase.connect(databaseUrl()), schema);
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  return {
    store,
    tamper: async (streamId, revision, data) => {
      await admin.query(`update "${schema}".events set data = $3 where stream_id = $1 and revision = $2`, [streamId, revision, JSON.stringify(data)]);
    },
    close: async () => {
      await store.close();
      await admin.query(`drop schema "${schema}" cascade`);
      await admin.end();
    },
  };
});

describe('event store conformance: KurrentDB', () => {
  it('runs when KURRENTDB_URL is set', { skip: 'no KurrentDB adapter yet (issue 3), and KURRENTDB_URL is unset: a KurrentDB server cannot run on this machine' }, () => {});
});

describe('embedded store lock', () => {
  it('refuses a second instance on the same data directory', async () => {
    const { default: assert } = await import('node:assert/strict');
    const dir = mkdtempSync(join(tmpdir(), 'qloop-lock-'));
    const first = await PgliteDatabase.open(join(dir, 'event-store'));
    await assert.rejects(PgliteDatabase.open(join(dir, 'event-store')), /is in use by process/);
    await first.close();
    const again = await PgliteDatabase.open(join(dir, 'event-store'));
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
