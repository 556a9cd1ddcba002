import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, it } from '@jest/globals';
import fc from 'fast-check';
import { describeUnless, itUnless } from '../support/skip.js';
import {
  EventStoreError,
  readAfter,
  verifyChain,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../libs/event-store/index.js';

export type StoreUnderTest = Readonly<{
  store: EventStore;
  /** Changes stored events behind the store's back, as someone with database access could; unset where the storage cannot be edited (say why in `untamperable`). */
  tamper?: Readonly<{
    modify(streamId: string, revision: number, data: unknown): Promise<void>;
    remove(streamId: string, revision: number): Promise<void>;
    swap(streamId: string, a: number, b: number): Promise<void>;
  }>;
  close(): Promise<void>;
}>;

const event = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { actor: 'tester' },
});
const stream = (category = 'test') => `${category}-${randomUUID()}`;
/** A category no other test writes to, so global-order assertions see only their own events. */
const freshCategory = () => `c${randomUUID().replaceAll('-', '').slice(0, 12)}`;

const rejectsWith = async (promise: Promise<unknown>, code: EventStoreError['code']) =>
  assert.rejects(promise, (error: unknown) => error instanceof EventStoreError && error.code === code);

/** The laws every adapter must keep. Later adapters run exactly this suite. */
export const eventStoreConformance = (
  name: string,
  open: () => Promise<StoreUnderTest>,
  { skipReason, untamperable }: { skipReason?: string; untamperable?: string } = {},
): void => {
  // An adapter whose server cannot run here (KurrentDB: no registry serves it on this machine) skips the whole
  // suite with its reason in every test's name; set its URL and the same suite runs against it.
  describeUnless(skipReason)(`event store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => subject?.close());

    it('reads back what it appended, in order, with revisions from 0', async () => {
      const id = stream();
      const events = [event('A', { a: 1 }), event('B', { b: [1, 2] }), event('C', { c: { d: 'x' } })];
      const result = await subject.store.append(id, events, { expectedRevision: 'no-stream' });
      assert.equal(result.nextExpectedRevision, 2);
      const read = await subject.store.readStream(id);
      assert.deepEqual(
        read.map((e) => [e.revision, e.id, e.type, e.data]),
        events.map((e, i) => [i, e.id, e.type, e.data]),
      );
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
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => subject.store.append(id, [event()], { expectedRevision: 0 })),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        assert.ok((o as PromiseRejectedResult).reason instanceof EventStoreError);
      }
      const read = await subject.store.readStream(id);
      assert.deepEqual(
        read.map((e) => e.revision),
        [0, 1],
      );
    });

    it('reads backwards and from a revision', async () => {
      const id = stream();
      await subject.store.append(id, [event('A'), event('B'), event('C')], { expectedRevision: 'any' });
      assert.deepEqual(
        (await subject.store.readStream(id, { direction: 'backwards', maxCount: 2 })).map((e) => e.type),
        ['C', 'B'],
      );
      assert.deepEqual(
        (await subject.store.readStream(id, { fromRevision: 1 })).map((e) => e.type),
        ['B', 'C'],
      );
    });

    // Skipped where the storage cannot be edited behind the store (KurrentDB): nobody can tamper there, so nothing to detect.
    itUnless(untamperable)('keeps a hash chain that detects a changed event and names it', async () => {
      const id = stream();
      await subject.store.append(id, [event('A'), event('B'), event('C')], { expectedRevision: 'no-stream' });
      assert.deepEqual(verifyChain(await subject.store.readStream(id)), { intact: true, events: 3 });
      await subject.tamper!.modify(id, 1, { forged: true });
      const verdict = verifyChain(await subject.store.readStream(id));
      assert.equal(verdict.intact, false);
      assert.equal(!verdict.intact && verdict.firstBadRevision, 1);
    });

    it('refuses bad input with typed errors', async () => {
      await rejectsWith(subject.store.append('', [event()], { expectedRevision: 'any' }), 'invalid-append');
      await rejectsWith(subject.store.append(stream(), [event()], { expectedRevision: -3 }), 'invalid-append');
      await rejectsWith(
        subject.store.append(stream(), [{ ...event(), id: 'not-a-uuid' }], { expectedRevision: 'any' }),
        'invalid-append',
      );
      await rejectsWith(
        subject.store.append(stream(), [event('Big', { blob: 'x'.repeat(1024 * 1024 + 1) })], {
          expectedRevision: 'any',
        }),
        'invalid-append',
      );
      assert.deepEqual(await subject.store.readStream(stream()), []);
    });

    it('refuses text no store can hold (NUL, an unpaired surrogate) as a bad append, keeping the stream as it was', async () => {
      const id = stream();
      await subject.store.append(id, [event('A')], { expectedRevision: 'no-stream' });
      for (const text of ['a\u0000b', 'x\ud800', '\udc00y']) {
        await rejectsWith(subject.store.append(id, [event('B', { text })], { expectedRevision: 0 }), 'invalid-append');
        await rejectsWith(
          subject.store.append(id, [{ ...event('B'), metadata: { actor: text } }], { expectedRevision: 0 }),
          'invalid-append',
        );
      }
      // A whole pair, and the escaped text that merely spells one, are ordinary text.
      await subject.store.append(id, [event('C', { text: '😀 and \\u0000 and \\ud800' })], { expectedRevision: 0 });
      assert.deepEqual(
        (await subject.store.readStream(id)).map((e) => [e.type, e.data]),
        [
          ['A', { n: 1 }],
          ['C', { text: '😀 and \\u0000 and \\ud800' }],
        ],
      );
    });

    // Skipped where the storage cannot be edited behind the store (KurrentDB): no event can be deleted or exchanged there.
    itUnless(untamperable)('detects a deleted event and an exchanged pair, naming the first bad revision', async () => {
      const removed = stream();
      await subject.store.append(removed, [event('A'), event('B'), event('C')], { expectedRevision: 'no-stream' });
      await subject.tamper!.remove(removed, 1);
      const afterRemoval = verifyChain(await subject.store.readStream(removed));
      assert.equal(!afterRemoval.intact && afterRemoval.firstBadRevision, 1);

      const swapped = stream();
      await subject.store.append(swapped, [event('A'), event('B'), event('C'), event('D')], {
        expectedRevision: 'no-stream',
      });
      await subject.tamper!.swap(swapped, 1, 2);
      const afterSwap = verifyChain(await subject.store.readStream(swapped));
      assert.equal(!afterSwap.intact && afterSwap.firstBadRevision, 1);
    });

    it('keeps one stream gap-free and duplicate-free under many retrying writers', async () => {
      const id = stream();
      const writers = 6;
      const perWriter = 8;
      const write = async () => {
        for (let done = 0; done < perWriter;) {
          const [last] = await subject.store.readStream(id, { direction: 'backwards', maxCount: 1 });
          try {
            await subject.store.append(id, [event()], { expectedRevision: last ? last.revision : 'no-stream' });
            done++;
          } catch (error) {
            if (!(error instanceof EventStoreError && error.code === 'revision-conflict')) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, write));
      const read = await subject.store.readStream(id);
      assert.deepEqual(
        read.map((e) => e.revision),
        Array.from({ length: writers * perWriter }, (_, i) => i),
      );
      assert.equal(new Set(read.map((e) => e.id)).size, writers * perWriter);
    });

    it('gives a follower every event exactly once, in global order, while writers append concurrently', async () => {
      const category = freshCategory();
      const filter = { categories: [category] };
      const seen: StoredEvent[] = [];
      let checkpoint: number | null = null;
      let writing = true;
      // The projector's loop: a page after the checkpoint, handled, its last position the new checkpoint.
      const follower = (async () => {
        for (;;) {
          const stillWriting = writing;
          const page = await readAfter(subject.store, checkpoint, { maxCount: 7, filter });
          seen.push(...page);
          checkpoint = page.at(-1)?.position ?? checkpoint;
          if (page.length === 0 && !stillWriting) return;
          if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const streams = Array.from({ length: 5 }, () => stream(category));
      await Promise.all(
        streams.map(async (id) => {
          for (let i = 0; i < 10; i++)
            await subject.store.append(id, [event(), event()], { expectedRevision: i === 0 ? 'no-stream' : 2 * i - 1 });
        }),
      );
      writing = false;
      await follower;
      const all = await subject.store.readAll({ filter, maxCount: 1000 });
      assert.equal(all.length, 100);
      assert.deepEqual(
        seen.map((e) => e.id),
        all.map((e) => e.id),
      );
      assert.ok(seen.every((e, i) => i === 0 || e.position > seen[i - 1]!.position));
    });

    it('resumes from a checkpoint without loss or repeats, a page of one at a time', async () => {
      const category = freshCategory();
      const filter = { categories: [category] };
      const id = stream(category);
      await subject.store.append(id, [event('A'), event('B'), event('C')], { expectedRevision: 'no-stream' });
      const first = await readAfter(subject.store, null, { filter });
      const checkpoint = first.at(-1)!.position;

      await subject.store.append(id, [event('D'), event('E')], { expectedRevision: 2 });
      // A page of one: resuming must still move past the checkpoint's own event.
      const second: string[] = [];
      for (let at = checkpoint, page = await readAfter(subject.store, at, { maxCount: 1, filter }); page.length > 0;) {
        second.push(...page.map((e) => e.type));
        at = page.at(-1)!.position;
        page = await readAfter(subject.store, at, { maxCount: 1, filter });
      }
      assert.deepEqual(
        first.map((e) => e.type),
        ['A', 'B', 'C'],
      );
      assert.deepEqual(second, ['D', 'E']);
    });

    it('names the head of the global order: the position of the newest event', async () => {
      const before = await subject.store.headPosition();
      const { lastPosition } = await subject.store.append(stream(), [event(), event()], {
        expectedRevision: 'no-stream',
      });
      const head = await subject.store.headPosition();
      assert.equal(head, lastPosition);
      if (before !== undefined) assert.ok(head! > before);
    });

    it('filters the global order by event type', async () => {
      const category = freshCategory();
      await subject.store.append(stream(category), [event('Wanted'), event('Other'), event('Wanted')], {
        expectedRevision: 'no-stream',
      });
      const wanted = await subject.store.readAll({ filter: { categories: [category], eventTypes: ['Wanted'] } });
      assert.deepEqual(
        wanted.map((e) => e.type),
        ['Wanted', 'Wanted'],
      );
    });

    it('reads a stream of 100,000 events in pages', async () => {
      const id = stream();
      const batch = 2000;
      for (let revision = -1; revision < 100_000 - 1; revision += batch) {
        const events = Array.from({ length: batch }, (_, i) => event('Tick', { n: revision + 1 + i }));
        await subject.store.append(id, events, { expectedRevision: revision < 0 ? 'no-stream' : revision });
      }
      let count = 0;
      for (let from = 0; ; from += 10_000) {
        const page = await subject.store.readStream(id, { fromRevision: from, maxCount: 10_000 });
        if (page.length === 0) break;
        page.forEach((e, i) => assert.equal((e.data as { n: number }).n, from + i));
        count += page.length;
      }
      assert.equal(count, 100_000);
      const [last] = await subject.store.readStream(id, { direction: 'backwards', maxCount: 1 });
      assert.equal(last!.revision, 99_999);
    });

    it('refuses bad reads with typed errors and treats an unknown stream as empty', async () => {
      await assert.rejects(
        subject.store.readStream(stream(), { fromRevision: -1 }),
        (e: unknown) => e instanceof EventStoreError && e.code === 'invalid-read',
      );
      await assert.rejects(
        subject.store.readAll({ maxCount: 0 }),
        (e: unknown) => e instanceof EventStoreError && e.code === 'invalid-read',
      );
      await rejectsWith(subject.store.append(stream(), [event()], { expectedRevision: 0 }), 'revision-conflict');
      assert.deepEqual(await subject.store.readStream(stream()), []);
    });

    it('keeps the append/read laws for any sequence of batches (property)', async () => {
      const json = fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(json, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
          fc.integer({ min: 1, max: 50 }),
          async (batches, staleBy) => {
            const id = stream();
            const written: NewEvent[] = [];
            for (const batch of batches) {
              const events = batch.map((data) => event('Prop', data));
              const expected = written.length === 0 ? 'no-stream' : written.length - 1;
              const result = await subject.store.append(id, events, { expectedRevision: expected });
              written.push(...events);
              assert.equal(result.nextExpectedRevision, written.length - 1);
            }
            // Any revision but the current one (behind or ahead) is refused and writes nothing.
            const current = written.length - 1;
            const wrong = staleBy <= current ? current - staleBy : current + staleBy;
            await rejectsWith(subject.store.append(id, [event()], { expectedRevision: wrong }), 'revision-conflict');
            const read = await subject.store.readStream(id);
            assert.deepEqual(
              read.map((e) => e.id),
              written.map((e) => e.id),
            );
            assert.deepEqual(
              read.map((e) => e.data),
              written.map((e) => e.data),
            );
            assert.deepEqual(
              read.map((e) => e.revision),
              written.map((_, i) => i),
            );
            assert.equal(verifyChain(read).intact, true);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
};
