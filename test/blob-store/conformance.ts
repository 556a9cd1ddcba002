import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, it } from '@jest/globals';
import { describeUnless } from '../support/skip.js';
import { BlobTooLarge, rehash, type BlobStore } from '../../libs/blob-store/index.js';

export type BlobStoreUnderTest = Readonly<{
  store: BlobStore;
  /** Changes a kept blob's bytes behind the store's back, as someone with access to the storage could. */
  corrupt(sha256: string): Promise<void>;
  close(): Promise<void>;
}>;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `bytes` as a stream of chunks of `size`: how an upload arrives. */
async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}

/** A source that gives `before` bytes, then breaks: a client gone mid-upload. */
async function* broken(before: Uint8Array): AsyncGenerator<Uint8Array> {
  yield before;
  throw new Error('connection reset');
}

const read = async (stream: AsyncIterable<unknown> | undefined): Promise<Buffer | undefined> => {
  if (!stream) return undefined;
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
};

/** The laws every blob store keeps; each adapter runs exactly this suite. */
export const blobStoreConformance = (
  name: string,
  open: () => Promise<BlobStoreUnderTest>,
  { skipReason }: { skipReason?: string } = {},
) =>
  // An adapter whose server cannot run here (the S3 gateway unbuilt) is skipped with its reason in the test's name.
  describeUnless(skipReason)(`blob store conformance: ${name}`, () => {
    let subject: BlobStoreUnderTest;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject?.close());

    it('keeps bytes under their SHA-256 and gives them back whole, streamed in chunks that straddle its own', async () => {
      // 2.5 MiB and an odd tail: more than one chunk, part or row of every adapter's own size.
      const bytes = randomBytes(2.5 * 1024 * 1024 + 17);
      const ref = await subject.store.put(chunked(bytes, 100_003));
      assert.deepEqual(ref, { sha256: sha(bytes), size: bytes.byteLength });
      assert.deepEqual(await subject.store.stat(ref.sha256), ref);
      assert.ok((await read(await subject.store.get(ref.sha256)))!.equals(bytes));
      assert.equal(await rehash(subject.store, ref.sha256), ref.sha256);
    });

    it('gives a range of bytes, across chunk boundaries, and refuses one outside the blob', async () => {
      const bytes = randomBytes(1024 * 1024 + 4096);
      const { sha256 } = await subject.store.put(chunked(bytes));
      const range = { start: 1024 * 1024 - 10, end: 1024 * 1024 + 20 };
      assert.ok(
        (await read(await subject.store.get(sha256, range)))!.equals(bytes.subarray(range.start, range.end + 1)),
      );
      const tail = await read(
        await subject.store.get(sha256, { start: bytes.byteLength - 5, end: bytes.byteLength + 100 }),
      );
      assert.ok(tail!.equals(bytes.subarray(bytes.byteLength - 5)), 'a range past the end stops at the end');
      await assert.rejects(
        subject.store.get(sha256, { start: bytes.byteLength, end: bytes.byteLength + 1 }),
        RangeError,
      );
    });

    it('keeps the same bytes once, however often and however concurrently they come', async () => {
      const bytes = randomBytes(300_000);
      const refs = await Promise.all([1, 2, 3, 4].map(() => subject.store.put(chunked(bytes, 7000))));
      assert.deepEqual(new Set(refs.map((ref) => ref.sha256)), new Set([sha(bytes)]));
      assert.ok((await read(await subject.store.get(sha(bytes))))!.equals(bytes));
      assert.equal(await subject.store.sweep(new Date(Date.now() + 60_000)), 0, 'no upload was left behind');
    });

    it('refuses content past the limit and keeps nothing of it, nor of an upload whose source broke', async () => {
      const bytes = randomBytes(200_000);
      await assert.rejects(subject.store.put(chunked(bytes), { maxBytes: 100_000 }), BlobTooLarge);
      assert.equal(await subject.store.stat(sha(bytes)), undefined);
      await assert.rejects(subject.store.put(broken(bytes)), /connection reset/);
      assert.equal(await subject.store.stat(sha(bytes)), undefined);
      assert.equal(await subject.store.sweep(new Date(Date.now() + 60_000)), 0, 'nothing half-written remains');
    });

    it('lists the blobs stored before an instant, and a blob stored again counts from then', async () => {
      const bytes = randomBytes(5000);
      const before = new Date(Date.now() - 60_000);
      const { sha256 } = await subject.store.put(chunked(bytes));
      const listed = async (at: Date) => {
        const found: string[] = [];
        for await (const ref of subject.store.list(at)) found.push(ref.sha256);
        return found;
      };
      assert.ok(!(await listed(before)).includes(sha256), 'not stored before a minute ago');
      const later = new Date(Date.now() + 60_000);
      assert.ok((await listed(later)).includes(sha256), 'stored before a minute from now');
      for await (const ref of subject.store.list(later)) if (ref.sha256 === sha256) assert.equal(ref.size, 5000);
      // Stored again: listed as stored now, not when it was first.
      const between = new Date();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await subject.store.put(chunked(bytes));
      assert.ok(!(await listed(between)).includes(sha256), 'stored again after the instant');
    });

    it('deletes a blob only if it was last stored before the instant given, as a sweep asks', async () => {
      const bytes = randomBytes(3000);
      const { sha256 } = await subject.store.put(chunked(bytes));
      await subject.store.delete(sha256, { storedBefore: new Date(Date.now() - 60_000) });
      assert.ok(await subject.store.stat(sha256), 'stored after the instant: kept');
      await subject.store.delete(sha256, { storedBefore: new Date(Date.now() + 60_000) });
      assert.equal(await subject.store.stat(sha256), undefined, 'stored before the instant: deleted');
      await subject.store.delete(sha256, { storedBefore: new Date() });
    });

    it('answers undefined for a blob it does not keep, refuses a name that is no SHA-256, and forgets a deleted one', async () => {
      const absent = sha(randomBytes(16));
      assert.equal(await subject.store.stat(absent), undefined);
      assert.equal(await subject.store.get(absent), undefined);
      assert.equal(await rehash(subject.store, absent), undefined);
      await assert.rejects(subject.store.stat('../../etc/passwd'), /SHA-256/);
      const { sha256 } = await subject.store.put(chunked(randomBytes(1000)));
      await subject.store.delete(sha256);
      await subject.store.delete(sha256);
      assert.equal(await subject.store.stat(sha256), undefined);
    });

    it('lets an audit tell a blob altered behind its back', async () => {
      const bytes = randomBytes(5000);
      const { sha256 } = await subject.store.put(chunked(bytes));
      await subject.corrupt(sha256);
      const now = await rehash(subject.store, sha256);
      assert.ok(now !== undefined && now !== sha256, 'the bytes no longer hash to the name');
    });
  });
