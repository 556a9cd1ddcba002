import { upcastEvent } from '../../libs/contracts/upcasting.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import { complaintEntity, supplierEntity } from '../../libs/contracts/index.js';
import { fold } from '../../libs/domain/index.js';
import {
  EventStoreError,
  PgliteDatabase,
  SqlEventStore,
  type EventStore,
  type ReadStreamOptions,
  type StoredEvent,
} from '../../libs/event-store/index.js';
import { Projector, type ReadModels } from '../../libs/projections/index.js';
import { entityDescriptor, EntityService } from '../../apps/api/entities/entity-service.js';
import type { WorkflowWrites } from '../../apps/api/temporal/workflow-writes.js';
import type { BlobStore } from '../../libs/blob-store/index.js';
import type { Problem } from '../../apps/api/problems/problem.js';
import { generateComplaintHistories, generateSupplierHistories } from '../support/generated-history.js';

/** The store, counting the events each read hands back: what a read of the current entity costs. */
const counting = (store: EventStore) => {
  const reads: number[] = [];
  const counted: EventStore = {
    append: (...args) => store.append(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
    readStream: async (streamId: string, options?: ReadStreamOptions) => {
      const events = await store.readStream(streamId, options);
      reads.push(events.length);
      return events;
    },
  };
  return { store: counted, reads };
};

/** As a client receives it: the record's JSON has no property set to undefined, where a fold in memory may. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

const snapshotOf = (
  events: readonly StoredEvent[],
  decider: typeof complaintEntity.decider | typeof supplierEntity.decider,
) => ({
  state: fold(
    decider as typeof complaintEntity.decider,
    // As every reader folds: through the upcasters (a recorded complaint names its customer).
    events.map((event) => {
      const { type, data } = upcastEvent(event);
      return { type, data } as never;
    }),
  ),
  revision: events.at(-1)!.revision,
});

describe('reading the current entity: its record in the read model, and the events after it', () => {
  let database: PgliteDatabase;
  let raw: EventStore;
  let store: EventStore;
  let readModels: ReadModels;
  let reads: number[];
  let projector: Projector;

  const services = () => {
    const deps = { temporal: {} as Client, store, readModels, blobs: {} as BlobStore, writes: {} as WorkflowWrites };
    const asIs = { view: <S>(snapshot: S) => snapshot };
    return {
      complaint: new EntityService(
        deps,
        entityDescriptor({
          contract: complaintEntity,
          ...asIs,
          notFound: { now: 'complaint-not-found', then: 'complaint-not-found-then' },
        }),
      ),
      supplier: new EntityService(
        deps,
        entityDescriptor({
          contract: supplierEntity,
          ...asIs,
          notFound: { now: 'supplier-not-found', then: 'supplier-not-found-then' },
        }),
      ),
    };
  };

  beforeAll(async () => {
    database = await PgliteDatabase.open();
    raw = await SqlEventStore.open(database);
    const local = counting(raw);
    store = local.store;
    reads = local.reads;
    readModels = { db: database, schema: 'read_models' };
    projector = await Projector.open(raw, readModels);
  });
  afterAll(async () => {
    await projector?.stop();
    await raw?.close();
  });

  const append = (streamId: string, events: readonly { type: string; data: unknown }[], from: number) =>
    store.append(
      streamId,
      events.map(({ type, data }) => ({ id: randomUUID(), type, data, metadata: { actor: 'test' } })),
      { expectedRevision: from === 0 ? 'no-stream' : from - 1 },
    );

  it('answers what a fold of the whole stream answers, before the projector, behind it and caught up, reading only the events it has not folded', async () => {
    const { complaint, supplier } = services();
    const [generatedCase] = generateComplaintHistories(10, 21).filter((history) => history.events.length > 4);
    const [generatedSupplier] = generateSupplierHistories(1, 22);
    const entities = [
      { service: complaint, contract: complaintEntity, id: generatedCase!.complaintId, events: generatedCase!.events },
      {
        service: supplier,
        contract: supplierEntity,
        id: generatedSupplier!.supplierId,
        events: generatedSupplier!.events,
      },
    ] as const;

    for (const { service, contract, id, events } of entities) {
      const half = Math.ceil(events.length / 2);
      await append(contract.streamId(id), events.slice(0, half), 0);

      // No record yet: the whole stream.
      reads.length = 0;
      const unprojected = await service.find(id);
      assert.deepEqual(
        asJson(unprojected),
        asJson(snapshotOf(await raw.readStream(contract.streamId(id)), contract.decider)),
      );
      assert.deepEqual(reads.slice(0, 1), [half]);

      await projector.catchUp();
      await append(contract.streamId(id), events.slice(half), half);

      // The record holds the first half; only the rest is read from the store.
      reads.length = 0;
      const behind = await service.find(id);
      const whole = await raw.readStream(contract.streamId(id));
      assert.deepEqual(
        asJson(behind),
        asJson(snapshotOf(whole, contract.decider)),
        `${contract.category}: the record and its tail`,
      );
      assert.deepEqual(reads.slice(0, 1), [events.length - half]);

      await projector.catchUp();
      reads.length = 0;
      assert.deepEqual(
        asJson(await service.find(id)),
        asJson(snapshotOf(whole, contract.decider)),
        `${contract.category}: caught up`,
      );
      assert.deepEqual(reads, [0], 'caught up, the store hands back no event');
    }
  });

  it('knows no entity that has no event', async () => {
    const { complaint, supplier } = services();
    assert.equal(await complaint.find(randomUUID()), undefined);
    assert.equal(await supplier.find('SUP-NOTHERE'), undefined);
  });

  it("reads a record kept by older code in today's shape: a case that listed its notes counts them", async () => {
    const { complaint } = services();
    const [generated] = generateComplaintHistories(1, 23);
    const id = generated!.complaintId;
    await append(complaintEntity.streamId(id), generated!.events, 0);
    await projector.catchUp();
    // The row as a version that kept the notes themselves left it.
    await database.query(
      `update read_models.complaint_cases
          set state = (state - 'commentCount') || jsonb_build_object('comments', jsonb_build_array('a', 'b', 'c'))
        where id = $1`,
      [id],
    );
    const read = (await complaint.find(id)) as { state: { commentCount?: number; comments?: unknown } };
    assert.equal(read.state.commentCount, 3);
    assert.equal(read.state.comments, undefined);
  });

  it('answers a write that landed but cannot be read back as pending (503), never as if nothing was written', async () => {
    const unreachable: EventStore = {
      ...store,
      readStream: () => Promise.reject(new EventStoreError('store-unavailable', 'gone')),
    };
    // Temporal answers the Update: the write landed at revision 4; then the store cannot be read.
    const temporal = { workflow: { getHandle: () => ({ executeUpdate: async () => ({ revision: 4 }) }) } };
    const writes = { send: <T>(write: () => Promise<T>) => write() };
    const service = new EntityService(
      {
        temporal: temporal as unknown as Client,
        store: unreachable,
        readModels,
        blobs: {} as BlobStore,
        writes: writes as WorkflowWrites,
      },
      entityDescriptor({
        contract: supplierEntity,
        view: <S>(snapshot: S) => snapshot,
        notFound: { now: 'supplier-not-found', then: 'supplier-not-found-then' },
      }),
    );
    const request = { command: { type: 'RecordPerformance', data: {} }, actor: 'zhao.sqe' } as never;
    await assert.rejects(service.execute('SUP-GONE', request, 'key-1'), (error: unknown) => {
      const problem = error as Problem;
      assert.equal(problem.status, 503);
      assert.equal(problem.extensions.pending, true);
      return true;
    });
  });
});
