import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Files kept by the SHA-256 of their bytes (lower-case hex): the same bytes
 * twice are one blob, and a blob's name says what it must hash to, so an
 * audit can tell an altered or missing file. Events name blobs; blobs never
 * enter an event, a workflow or its history.
 */
export type BlobRef = Readonly<{ sha256: string; size: number }>;

/** Bytes `start` to `end`, both included, as HTTP's Range counts them. */
export type ByteRange = Readonly<{ start: number; end: number }>;

export type PutOptions = Readonly<{
  /** Refuse content longer than this ({@link BlobTooLarge}), keeping nothing of it. */
  maxBytes?: number;
}>;

export type DeleteOptions = Readonly<{ storedBefore?: Date }>;

export interface BlobStore {
  /**
   * Streams `content` in, hashing it on the way, never holding it whole; the
   * blob exists under its hash once this resolves. Content that fails (too
   * large, its source broken) leaves nothing behind.
   */
  put(content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options?: PutOptions): Promise<BlobRef>;
  /** The blob's size, if it is kept. */
  stat(sha256: string): Promise<BlobRef | undefined>;
  /** The blob's bytes (or a range of them), streamed; undefined if it is not kept. */
  get(sha256: string, range?: ByteRange): Promise<Readable | undefined>;
  /**
   * Forgets a blob (one nothing names: an upload whose event was refused); a
   * blob not kept is no error. With `storedBefore`, only if it was last
   * stored before then: one stored again meanwhile (its event on its way) stays.
   */
  delete(sha256: string, options?: DeleteOptions): Promise<void>;
  /**
   * The blobs last stored before `before` (storing the same bytes again
   * counts as storing them then): what a sweep may consider for removal.
   */
  list(before: Date): AsyncIterable<BlobRef>;
  /** Removes what uploads a crash interrupted, written before `before`; answers how many it removed. */
  sweep(before: Date): Promise<number>;
  close(): Promise<void>;
}

export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}

const sha256Pattern = /^[0-9a-f]{64}$/;
/** Blob names reach file paths and object keys: nothing but a SHA-256 in hex may. */
export const isSha256 = (value: string): boolean => sha256Pattern.test(value);

export const requireSha256 = (value: string): string => {
  if (!isSha256(value)) throw new Error(`Not a SHA-256 in lower-case hex: ${JSON.stringify(value)}`);
  return value;
};

/** Hashes and counts bytes as they pass, refusing past `maxBytes`: what every adapter's `put` does on the way in. */
export const hashingCounter = (maxBytes = Number.POSITIVE_INFINITY) => {
  const hash = createHash('sha256');
  let size = 0;
  return {
    take(chunk: Uint8Array): void {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BlobTooLarge(maxBytes);
      hash.update(chunk);
    },
    done: (): BlobRef => ({ sha256: hash.digest('hex'), size }),
  };
};

/** What a kept blob's bytes hash to now, or undefined if it is missing: the audit compares it with the name. */
export const rehash = async (store: BlobStore, sha256: string): Promise<string | undefined> => {
  const bytes = await store.get(sha256);
  if (!bytes) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of bytes) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
};

/**
 * A blob's bytes as every adapter reads them: none if it is not kept, the
 * range asked for clamped to its size, then `open` streams exactly those bytes.
 */
export const readBlob = async (
  found: BlobRef | undefined,
  range: ByteRange | undefined,
  open: (bytes: ByteRange) => Promise<Readable | undefined> | Readable,
): Promise<Readable | undefined> => {
  if (!found) return undefined;
  const bytes = clampRange(found.size, range);
  return bytes ? open(bytes) : Readable.from([]);
};

/** The range asked for, within a blob of `size` bytes, or the whole of it. */
export const clampRange = (size: number, range?: ByteRange): ByteRange | undefined => {
  if (!range) return size === 0 ? undefined : { start: 0, end: size - 1 };
  if (range.start < 0 || range.end < range.start || range.start >= size)
    throw new RangeError(`Bytes ${range.start}-${range.end} are outside a blob of ${size} bytes`);
  return { start: range.start, end: Math.min(range.end, size - 1) };
};
