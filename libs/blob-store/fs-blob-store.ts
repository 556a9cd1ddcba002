import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  hashingCounter,
  isSha256,
  readBlob,
  requireSha256,
  type BlobRef,
  type BlobStore,
  type ByteRange,
  type DeleteOptions,
} from './blob-store.js';

const missing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files under one folder (`DATA_DIR/blobs` for `npm start`):
 * `ab/cd/abcd…`, so no folder holds millions. A file is written under
 * `incoming/`, flushed to disk, then renamed into place: a blob's name only
 * ever holds its whole content, and a crash leaves at most an incoming file
 * that `sweep` removes.
 */
export class FsBlobStore implements BlobStore {
  private constructor(private readonly root: string) {}

  static async open(root: string): Promise<FsBlobStore> {
    await mkdir(join(root, 'incoming'), { recursive: true });
    return new FsBlobStore(root);
  }

  private pathOf(sha256: string): string {
    requireSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    { maxBytes }: { maxBytes?: number } = {},
  ): Promise<BlobRef> {
    const incoming = join(this.root, 'incoming', randomUUID());
    const file = await open(incoming, 'wx');
    const counter = hashingCounter(maxBytes);
    let ref: BlobRef;
    try {
      for await (const chunk of content) {
        counter.take(chunk);
        await file.write(chunk);
      }
      await file.sync();
      ref = counter.done();
    } catch (error) {
      await file.close();
      await rm(incoming, { force: true });
      throw error;
    }
    await file.close();
    const target = this.pathOf(ref.sha256);
    await mkdir(dirname(target), { recursive: true });
    // Another upload of the same bytes may land first: either copy is the blob, and rename replaces atomically.
    await rename(incoming, target);
    return ref;
  }

  async stat(sha256: string): Promise<BlobRef | undefined> {
    try {
      return { sha256, size: (await stat(this.pathOf(sha256))).size };
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | undefined> {
    return readBlob(await this.stat(sha256), range, (bytes) => createReadStream(this.pathOf(sha256), bytes));
  }

  async delete(sha256: string, { storedBefore }: DeleteOptions = {}): Promise<void> {
    const path = this.pathOf(sha256);
    if (!storedBefore) return rm(path, { force: true });
    // Moved aside first, then judged by its time: a copy renamed into place meanwhile is put back, not lost.
    const aside = join(this.root, 'incoming', `deleting-${sha256}-${randomUUID()}`);
    try {
      await rename(path, aside);
    } catch (error) {
      if (missing(error)) return;
      throw error;
    }
    const moved = await stat(aside);
    if (moved.mtime < storedBefore) return rm(aside, { force: true });
    await rename(aside, path);
  }

  async *list(before: Date): AsyncIterable<BlobRef> {
    const names = (dir: string) =>
      readdir(dir).catch((error: unknown) => (missing(error) ? [] : Promise.reject(error)));
    for (const first of await names(this.root)) {
      if (first === 'incoming') continue;
      for (const second of await names(join(this.root, first)))
        for (const sha256 of await names(join(this.root, first, second))) {
          const kept = await stat(join(this.root, first, second, sha256)).catch(() => undefined);
          // The rename of a new upload of the same bytes gives the file a new time.
          if (kept && kept.mtime < before && isSha256(sha256)) yield { sha256, size: kept.size };
        }
    }
  }

  /** Removes incoming files older than `before`: uploads a crash interrupted. */
  async sweep(before: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(join(this.root, 'incoming'))) {
      const path = join(this.root, 'incoming', name);
      const written = await stat(path).catch(() => undefined);
      if (written && written.mtime < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {}
}
