import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { EventStoreError, verifyChain, type EventStore, type NewEvent } from '../../libs/event-store/index.js';

export type StoreUnderTest = Readonly<{
  store: EventStore;
  /** Changes a stored event's data behind the store's back, as an attacker with database access would. */
  tamper(streamId: string, revision: number, data: unknown): Promise<void>;
  close(): Promise<void>;
}>;

const event = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: { actor: 'tester' } });
const stream = () => `test-${randomUUID()}`;

const rejectsWith = async (promise: Promise<unknown>, code: EventStoreError['code']) =>
  assert.rejects(promise, (error: unknown) => error instanceof EventStoreError && error.code === code);

/** The laws every adapter must keep. Later adapters run exactly this suite. */
export const eventStoreConformance = (name: string, open: () => Promise<StoreUnderTest>): void => {
  describe(`event store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    before(async () => {
      subject = await open();
    });
    after(async () => subject?.close());

    it('reads back what it appended, in order, with revisions from 0', async () => {
      const id = stream();
      const events = [event('A', { a: 1 }), event('B', { b: [1, 2] }), event('C', { c: { d: 'x' } })];
      const result = await subject.store.append(id, events, { expectedRevision: 'no-stream' });
      assert.equal(result.nextExpectedRevision, 2);
      const read = await subject.store.readStream(id);
      assert.deepEqual(read.map((e) => [e.revision, e.id, e.type, e.data]), events.map((e, i) => [i, e.id, e.type, e.data]));
      assert.equal(read[0]!.metadata.actor, 'tester');
      assert.ok(read[1]!.position > read[0]!.position);
    });

    it('refuses a stale expected revision and writes nothing', async () => {
      const id = stream();
      await subject.store.append(id, [event()], { expectedRevision: 'no-stream' });
      await rejectsWith(subject.store.append(id, [event()], { expectedRevision: 'no-stream' }), 'revision-conflict');
      await rejectsWith(subject.store.append(id, [event(), event()], { expectedRevision: 5 }), 'revision-conflict');
      assert.equal((await subject.store.readStream(id)).length, 1);
    });

    it('answers a retried append with the same events as the first time and stores them once', async () => {
      const id = stream();
      const batch = [event(), event()];
      const first = await subject.store.append(id, batch, { expectedRevision: 'no-stream' });
      const retry = await subject.store.append(id, batch, { expectedRevision: 'no-stream' });
      assert.deepEqual(retry, first);
      assert.equal((await subject.store.readStream(id)).length, 2);
      const next = await subject.store.append(id, [event()], { expectedRevision: 1 });
      assert.equal(next.nextExpectedRevision, 2);
    });

    it('lets exactly one of many concurrent writers win each revision', async () => {
      const id = stream();
      await subject.store.append(id, [event()], { expectedRevision: 'no-stream' });
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => subject.store.append(id, [event()], { expectedRevision: 0 })));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        assert.ok((o as PromiseRejectedResult).reason instanceof EventStoreError);
      }
      const read = await subject.store.readStream(id);
      assert.deepEqual(read.map((e) => e.revision), [0, 1]);
    });

    it('reads backwards and from a revision', async () => {
      const id = stream();
      await subject.store.append(id, [event('A'), event('B'), event('C')], { expectedRevision: 'any' });
      assert.deepEqual((await subject.store.readStream(id, { direction: 'backwards', maxCount: 2 })).map((e) => e.type), ['C', 'B']);
      assert.deepEqual((await subject.store.readStream(id, { fromRevision: 1 })).map((e) => e.type), ['B', 'C']);
    });

    it('keeps a hash chain that detects a changed event and names it', async () => {
      const id = stream();
      await subject.store.append(id, [event('A'), event('B'), event('C')], { expectedRevision: 'no-stream' });
      assert.deepEqual(verifyChain(await subject.store.readStream(id)), { intact: true, events: 3 });
      await subject.tamper(id, 1, { forged: true });
      const verdict = verifyChain(await subject.store.readStream(id));
      assert.equal(verdict.intact, false);
      assert.equal(!verdict.intact && verdict.firstBadRevision, 1);
    });

    it('refuses bad input with typed errors', async () => {
      await rejectsWith(subject.store.append('', [event()], { expectedRevision: 'any' }), 'invalid-append');
      await rejectsWith(subject.store.append(stream(), [event()], { expectedRevision: -3 }), 'invalid-append');
      await rejectsWith(subject.store.append(stream(), [{ ...event(), id: 'not-a-uuid' }], { expectedRevision: 'any' }), 'invalid-append');
      await rejectsWith(subject.store.append(stream(), [event('Big', { blob: 'x'.repeat(1024 * 1024 + 1) })], { expectedRevision: 'any' }), 'invalid-append');
      assert.deepEqual(await subject.store.readStream(stream()), []);
    });
  });
};
