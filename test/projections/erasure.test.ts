import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { complaintStreamId, customerStreamId } from '../../libs/contracts/index.js';
import { erasedMark } from '../../libs/domain/index.js';
import { PgliteDatabase, SqlEventStore } from '../../libs/event-store/index.js';
import { Projector, withoutKeys, type PersonalKeys, type ReadModels } from '../../libs/projections/index.js';
import { generateComplaintHistories } from '../support/generated-history.js';

/**
 * A person recorded in plain text before names were sealed, then erased: the
 * read models keep no value of theirs, and a case of theirs that moves on
 * afterwards does not bring the name back.
 */
describe('the read models of an erased person', () => {
  let db: PgliteDatabase;
  let store: SqlEventStore;
  let readModels: ReadModels;
  const destroyed: string[] = [];
  const keys: PersonalKeys = { ...withoutKeys, destroy: async (customerId) => void destroyed.push(customerId) };
  const [kase] = generateComplaintHistories(1, 3);
  const customerId = 'CUS-LEGACY';
  const name = 'Li Lei 李雷';

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    store = await SqlEventStore.open(db);
    readModels = { db, schema: 'read_models' };
  });
  afterAll(async () => {
    await db?.close();
  });

  const append = (streamId: string, events: { type: string; data: object }[], expectedRevision: number | 'no-stream') =>
    store.append(
      streamId,
      events.map((event) => ({ id: randomUUID(), ...event, metadata: { actor: 'li.wei' } })),
      { expectedRevision },
    );
  const caseRow = async () =>
    (
      await db.query<{ customer_name: string; search: string }>(
        `select customer_name, search from read_models.complaint_cases where id = $1`,
        [kase!.complaintId],
      )
    )[0]!;

  it('scrubs the columns, destroys the key, and keeps them scrubbed as the case moves on', async () => {
    const at = '2026-01-05T08:00:00.000Z';
    await append(
      customerStreamId(customerId),
      [
        {
          type: 'CustomerRegistered',
          data: {
            customerId,
            name,
            kind: 'person',
            contacts: [{ name, email: 'li.lei@example.cn' }],
            at,
            by: 'li.wei',
          },
        },
      ],
      'no-stream',
    );
    const [registered, ...rest] = kase!.events;
    const legacy = {
      ...registered!,
      data: { ...registered!.data, customer: { id: customerId, name, contact: '139 0000 1111' } },
    };
    await append(complaintStreamId(kase!.complaintId), [legacy, ...rest], 'no-stream');
    const projector = await Projector.open(store, readModels, { personal: keys });
    await projector.catchUp();
    assert.equal((await caseRow()).customer_name, name, 'shown in the open before erasure');

    await append(
      customerStreamId(customerId),
      [{ type: 'CustomerErased', data: { reason: 'PIPL art. 47', at, by: 'chen.admin' } }],
      0,
    );
    await projector.catchUp();
    assert.deepEqual(destroyed, [customerId]);
    const [customer] = await db.query<{ name: string; name_key: string; search: string }>(
      `select name, name_key, search from read_models.customers where id = $1`,
      [customerId],
    );
    assert.deepEqual(customer, { name: erasedMark, name_key: erasedMark, search: customerId.toLowerCase() });
    assert.equal((await caseRow()).customer_name, erasedMark);
    assert.ok(!(await caseRow()).search.includes('li lei'));

    // The case moves on: its row is written afresh, still without the name.
    await append(
      complaintStreamId(kase!.complaintId),
      [{ type: 'CommentAdded', data: { text: 'Called back.', at, by: 'li.wei' } }],
      kase!.events.length - 1,
    );
    await projector.catchUp();
    assert.equal((await caseRow()).customer_name, erasedMark);
    assert.ok(!(await caseRow()).search.includes('li lei'));
  });
});
