import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import pg from 'pg';
import { EventStoreError, PgliteDatabase, PostgresDatabase, SqlEventStore } from '../../libs/event-store/index.js';
import { KurrentDbEventStore } from '../../libs/event-store/kurrentdb/kurrentdb-event-store.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { startTcpProxy, urlThrough } from '../support/tcp-proxy.js';
import { eventStoreConformance, type StoreUnderTest } from './conformance.js';

/** Edits rows directly, behind the store's back. */
const sqlTampering = (
  query: (text: string, params: unknown[]) => Promise<unknown>,
  schema: string,
): StoreUnderTest['tamper'] => {
  const events = `"${schema}".events`;
  return {
    modify: async (streamId, revision, data) =>
      void (await query(`update ${events} set data = $3 where stream_id = $1 and revision = $2`, [
        streamId,
        revision,
        JSON.stringify(data),
      ])),
    remove: async (streamId, revision) =>
      void (await query(`delete from ${events} where stream_id = $1 and revision = $2`, [streamId, revision])),
    // Through negative revisions: (stream_id, revision) is unique at every row update.
    swap: async (streamId, a, b) => {
      await query(`update ${events} set revision = -revision - 1 where stream_id = $1 and revision in ($2, $3)`, [
        streamId,
        a,
        b,
      ]);
      await query(
        `update ${events} set revision = case revision when -$2::bigint - 1 then $3::bigint else $2::bigint end where stream_id = $1 and revision < 0`,
        [streamId, a, b],
      );
    },
  };
};

eventStoreConformance('embedded (PGlite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-pglite-'));
  const db = await PgliteDatabase.open(join(dir, 'event-store'));
  const store = await SqlEventStore.open(db);
  return {
    store,
    tamper: sqlTampering((text, params) => db.query(text, params), 'public'),
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
    tamper: sqlTampering(async (text, params) => void (await admin.query(text, params)), schema),
    close: async () => {
      await store.close();
      await admin.query(`drop schema "${schema}" cascade`);
      await admin.end();
    },
  };
});

const kurrentDbUrl = process.env.KURRENTDB_URL;
eventStoreConformance(
  'KurrentDB',
  async () => {
    const store = await KurrentDbEventStore.open(kurrentDbUrl!);
    return { store, close: () => store.close() };
  },
  {
    // The tampering tests edit the database under the store; a KurrentDB stream offers no such way in.
    untamperable: 'a KurrentDB stream cannot be edited behind the store',
    // Skipped, its reason in every test's name, only without KURRENTDB_URL: no registry here serves a KurrentDB
    // server, so it cannot run on this machine or in its CI; pointed at one, the whole suite runs against it.
    skipReason: kurrentDbUrl
      ? undefined
      : 'KURRENTDB_URL is unset (no KurrentDB server can run on this machine); set it to run the suite against one',
  },
);

describe('embedded store lock', () => {
  it('refuses a second instance on the same data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-lock-'));
    const first = await PgliteDatabase.open(join(dir, 'event-store'));
    await assert.rejects(PgliteDatabase.open(join(dir, 'event-store')), /is in use by process/);
    await first.close();
    const again = await PgliteDatabase.open(join(dir, 'event-store'));
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('PostgreSQL lost in the middle of a transaction', () => {
  it('fails that transaction as store-unavailable, keeps the process standing, and serves again once it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(databaseUrl()).port || 5432) });
    const db = PostgresDatabase.connect(urlThrough(databaseUrl(), proxy));
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('select 1');
          proxy.cut();
          await tx.query('select 2');
        }),
        (error: unknown) => error instanceof EventStoreError && error.code === 'store-unavailable',
      );
      proxy.restore();
      assert.equal((await db.query<{ n: number }>('select 3 as n'))[0]!.n, 3);
    } finally {
      await db.close();
      await proxy.close();
    }
  });
});
