import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import pg from 'pg';
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '../../libs/event-store/index.js';
import { DataKeys, KeyDestroyed, WrongMasterKey, keySchemaOf } from '../../libs/platform/data-keys.js';
import { DataKeyRequired, masterKeyOf } from '../../libs/platform/personal-data.js';
import { keyFromSecret, seal, unseal } from '../../libs/support/envelope.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

const master = keyFromSecret('the master key of this deployment, 32+ chars');

const dataKeysOn = (
  name: string,
  open: () => Promise<{ db: SqlDatabase; schema: string; close: () => Promise<void> }>,
) =>
  describe(`data keys on ${name}`, () => {
    const opened: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const close of opened) await close();
    });

    it('makes one key per subject, the same after a restart, and refuses another master key, writing nothing', async () => {
      const { db, schema, close } = await open();
      opened.push(close);
      const keys = await DataKeys.open(db, schema, master);
      const first = await keys.keyFor('customer-CUST-7');
      assert.equal(first.length, 32);
      assert.deepEqual(await keys.keyFor('customer-CUST-7'), first);
      assert.notDeepEqual(await keys.keyFor('customer-CUST-8'), first);
      const sealed = seal(first, 'customer-CUST-7', 'li.wei@hzvalve.example');

      const again = await DataKeys.open(db, schema, master);
      assert.equal(unseal(await again.keyFor('customer-CUST-7'), sealed), 'li.wei@hzvalve.example');

      const count = async () =>
        (await db.query<{ n: string | number }>(`select count(*) as n from "${schema}".data_keys`))[0]!.n;
      const before = await count();
      await assert.rejects(DataKeys.open(db, schema, keyFromSecret('another master key entirely')), WrongMasterKey);
      assert.equal(await count(), before, 'nothing written under the wrong key');
      // Only wrapped keys are stored: no row holds a key's bytes.
      const rows = await db.query<{ wrapped: unknown }>(`select wrapped from "${schema}".data_keys`);
      assert.ok(!JSON.stringify(rows).includes(Buffer.from(first).toString('base64url')));
    });

    it('destroys a key for good: it is not made afresh, and what it sealed stays shut', async () => {
      const { db, schema, close } = await open();
      opened.push(close);
      const keys = await DataKeys.open(db, schema, master);
      const key = await keys.keyFor('customer-GONE');
      const sealed = seal(key, 'customer-GONE', '+86 138 0013 8000');
      await keys.destroy('customer-GONE');
      await keys.destroy('customer-GONE');
      await assert.rejects(keys.keyFor('customer-GONE'), KeyDestroyed);
      const fresh = await DataKeys.open(db, schema, master);
      await assert.rejects(fresh.key('customer-GONE'), KeyDestroyed);
      const [row] = await db.query<{ wrapped: unknown; destroyed_at: unknown }>(
        `select wrapped, destroyed_at from "${schema}".data_keys where key_id = 'customer-GONE'`,
      );
      assert.equal(row!.wrapped, null);
      assert.ok(row!.destroyed_at);
      assert.throws(() => unseal(keyFromSecret('guess'), sealed));
      // A subject never keyed can be destroyed too (erased before it had data): no key is made for it later.
      await fresh.destroy('customer-NEVER');
      await assert.rejects(fresh.keyFor('customer-NEVER'), KeyDestroyed);
    });

    it('opens nothing a key another process destroyed a moment ago sealed, whatever this one keeps cached', async () => {
      const { db, schema, close } = await open();
      opened.push(close);
      const here = await DataKeys.open(db, schema, master);
      const there = await DataKeys.open(db, schema, master);
      const key = await here.keyFor('customer-SHARED');
      await there.destroy('customer-SHARED');
      const current = await here.current(['customer-SHARED', 'customer-UNKNOWN']);
      assert.equal(current.get('customer-SHARED'), undefined);
      assert.equal(current.get('customer-UNKNOWN'), undefined);
      assert.equal(key.length, 32, 'the cache still held it: only the fresh read says it is gone');
    });
  });

describe('the master key', () => {
  const config = { dataDir: '/nonexistent', eventStore: { kind: 'postgres' } } as const;
  it('is DATA_KEY, and required where processes share a store (each would keep its own otherwise)', () => {
    assert.throws(() => masterKeyOf(config as never), DataKeyRequired);
    assert.deepEqual(masterKeyOf({ ...config, dataKey: 'k'.repeat(32) } as never), keyFromSecret('k'.repeat(32)));
  });
});

dataKeysOn('PGlite', async () => {
  const db = await PgliteDatabase.open();
  return { db, schema: keySchemaOf(), close: () => db.close() };
});

dataKeysOn('PostgreSQL', async () => {
  const schema = keySchemaOf(uniqueSchema('keys'));
  const db = PostgresDatabase.connect(databaseUrl());
  return {
    db,
    schema,
    close: async () => {
      await db.close();
      const admin = new pg.Client({ connectionString: databaseUrl() });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
});
