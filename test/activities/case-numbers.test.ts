import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createEventStoreActivities } from '../../activities/index.js';
import { caseNumberStreamId } from '../../libs/contracts/index.js';
import { PostgresDatabase, SqlEventStore } from '../../libs/event-store/index.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

describe('case numbers over PostgreSQL: gap-free per year, one per case, under racing registrations and retries', () => {
  let db: PostgresDatabase;
  let store: SqlEventStore;
  const schema = uniqueSchema('case_numbers');

  beforeAll(async () => {
    db = PostgresDatabase.connect(databaseUrl());
    store = await SqlEventStore.open(db, schema);
  });
  afterAll(async () => {
    await db.query(`drop schema if exists "${schema}" cascade`);
    await store.close();
  });

  it('gives twenty racing registrations the numbers 1 to 20 of their year, and a retry the number it already has', async () => {
    const { assignCaseNumber } = createEventStoreActivities(store);
    const cases = Array.from({ length: 20 }, () => randomUUID());
    const numbers = await Promise.all(cases.map((complaintId) => assignCaseNumber({ complaintId, year: 2026 })));
    assert.deepEqual(
      [...numbers].sort(),
      Array.from({ length: 20 }, (_, i) => `CMP-2026-${String(i + 1).padStart(6, '0')}`),
    );
    // Retried (the first answer lost): the same number, nothing appended.
    const retried = await Promise.all(cases.map((complaintId) => assignCaseNumber({ complaintId, year: 2026 })));
    assert.deepEqual(retried, numbers);
    const stream = await store.readStream(caseNumberStreamId(2026));
    assert.equal(stream.length, 20);
    // Revision n holds number n + 1: a number leads to its case in one read.
    for (const event of stream)
      assert.equal(
        (event.data as { number: string }).number,
        `CMP-2026-${String(event.revision + 1).padStart(6, '0')}`,
      );
    // Another year starts again at 1.
    assert.equal(await assignCaseNumber({ complaintId: randomUUID(), year: 2027 }), 'CMP-2027-000001');
  });
});
