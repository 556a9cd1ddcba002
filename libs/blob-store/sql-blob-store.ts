import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { quoteSchema, runMigrations, type Migration, type SqlDatabase } from '../event-store/index.js';
import {
  hashingCounter,
  readBlob,
  requireSha256,
  type BlobRef,
  type BlobStore,
  type ByteRange,
  type DeleteOptions,
} from './blob-store.js';

/** Rows of at most this many bytes: a blob streams in and out a chunk at a time. */
export const chunkBytes = 1024 * 1024;
/**
 * A chunk is read in pieces this small: `pg` hands a `bytea` over as hex
 * text, twice its size, and a string past V8's large-object threshold lives
 * until a full collection, so whole megabytes read in turn pile up in the heap.
 */
const readBytes = 48 * 1024;

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'blobs in chunks, each upload apart until its hash names it',
    statements: (s) => [
      // An upload writes its chunks under its own id; the blob row, added last, names the upload that holds its bytes.
      `create table ${s}.blob_chunks (
         upload_id uuid not null,
         seq integer not null,
         bytes bytea not null,
         written_at timestamptz not null default now(),
         primary key (upload_id, seq)
       )`,
      `create table ${s}.blobs (
         sha256 text primary key,
         upload_id uuid not null unique,
         size bigint not null,
         stored_at timestamptz not null default now()
       )`,
    ],
  },
];

/**
 * Blobs in PostgreSQL (or PGlite), for a cluster with no other place to keep
 * files: chunks of a megabyte, in their own schema beside the event store's.
 */
export class SqlBlobStore implements BlobStore {
  private readonly s: string;

  private constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  static async open(db: SqlDatabase, schema = 'blobs'): Promise<SqlBlobStore> {
    await runMigrations(db, schema, migrations);
    return new SqlBlobStore(db, schema);
  }

  async put(
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    { maxBytes }: { maxBytes?: number } = {},
  ): Promise<BlobRef> {
    const uploadId = randomUUID();
    const counter = hashingCounter(maxBytes);
    let seq = 0;
    const write = (bytes: Uint8Array) =>
      this.db.query(`insert into ${this.s}.blob_chunks (upload_id, seq, bytes) values ($1, $2, $3)`, [
        uploadId,
        seq++,
        bytes,
      ]);
    let parts: Uint8Array[] = [];
    let held = 0;
    try {
      for await (const chunk of content) {
        counter.take(chunk);
        parts.push(chunk);
        held += chunk.byteLength;
        while (held >= chunkBytes) {
          const joined = Buffer.concat(parts);
          await write(joined.subarray(0, chunkBytes));
          const rest = joined.subarray(chunkBytes);
          parts = rest.byteLength > 0 ? [rest] : [];
          held = rest.byteLength;
        }
      }
      if (held > 0) await write(Buffer.concat(parts));
      const ref = counter.done();
      // The same bytes uploaded twice at once: the first blob row wins, the other upload's chunks go. A row kept
      // already is stored again now, so a sweep leaves it; one a sweep deleted meanwhile is written anew from ours.
      for (;;) {
        const kept = await this.db.query(
          `insert into ${this.s}.blobs (sha256, upload_id, size) values ($1, $2, $3)
           on conflict (sha256) do nothing returning sha256`,
          [ref.sha256, uploadId, ref.size],
        );
        if (kept.length > 0) return ref;
        const touched = await this.db.query(
          `update ${this.s}.blobs set stored_at = now() where sha256 = $1 returning sha256`,
          [ref.sha256],
        );
        if (touched.length > 0) {
          await this.dropUpload(uploadId);
          return ref;
        }
      }
    } catch (error) {
      await this.dropUpload(uploadId);
      throw error;
    }
  }

  private dropUpload(uploadId: string): Promise<unknown> {
    return this.db.query(`delete from ${this.s}.blob_chunks where upload_id = $1`, [uploadId]);
  }

  private async row(sha256: string): Promise<{ uploadId: string; size: number } | undefined> {
    const [found] = await this.db.query<{ upload_id: string; size: string | number }>(
      `select upload_id, size from ${this.s}.blobs where sha256 = $1`,
      [requireSha256(sha256)],
    );
    return found && { uploadId: found.upload_id, size: Number(found.size) };
  }

  async stat(sha256: string): Promise<BlobRef | undefined> {
    const found = await this.row(sha256);
    return found && { sha256, size: found.size };
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | undefined> {
    const found = await this.row(sha256);
    return readBlob(found && { sha256, size: found.size }, range, (bytes) =>
      Readable.from(this.chunks(found!.uploadId, bytes)),
    );
  }

  /** The chunks that hold `bytes`, one row at a time, cut to the range. */
  private async *chunks(uploadId: string, bytes: ByteRange): AsyncGenerator<Buffer> {
    for (let seq = Math.floor(bytes.start / chunkBytes); seq <= Math.floor(bytes.end / chunkBytes); seq++) {
      const from = seq * chunkBytes;
      const last = Math.min(chunkBytes - 1, bytes.end - from);
      for (let offset = Math.max(0, bytes.start - from); offset <= last; offset += readBytes) {
        const wanted = Math.min(readBytes, last - offset + 1);
        const [piece] = await this.db.query<{ bytes: Uint8Array }>(
          `select substring(bytes from $3 for $4) as bytes from ${this.s}.blob_chunks where upload_id = $1 and seq = $2`,
          [uploadId, seq, offset + 1, wanted],
        );
        // A chunk gone or cut short is a blob damaged: the stream ends short, and a re-hash tells.
        if (!piece || piece.bytes.byteLength === 0) return;
        yield Buffer.from(piece.bytes);
        if (piece.bytes.byteLength < wanted) return;
      }
    }
  }

  async delete(sha256: string, { storedBefore }: DeleteOptions = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      // One statement decides, so a row stored again meanwhile (its time moved on) is not the one deleted.
      const [gone] = await tx.query<{ upload_id: string }>(
        `delete from ${this.s}.blobs where sha256 = $1 and ($2::timestamptz is null or stored_at < $2)
         returning upload_id`,
        [requireSha256(sha256), storedBefore?.toISOString() ?? null],
      );
      if (gone) await tx.query(`delete from ${this.s}.blob_chunks where upload_id = $1`, [gone.upload_id]);
    });
  }

  async *list(before: Date): AsyncIterable<BlobRef> {
    const rows = await this.db.query<{ sha256: string; size: string | number }>(
      `select sha256, size from ${this.s}.blobs where stored_at < $1 order by sha256`,
      [before.toISOString()],
    );
    for (const row of rows) yield { sha256: row.sha256, size: Number(row.size) };
  }

  /** Removes the chunks of uploads no blob names that were written before `before`: uploads a crash interrupted. */
  async sweep(before: Date): Promise<number> {
    const removed = await this.db.query(
      `delete from ${this.s}.blob_chunks c where c.written_at < $1
         and not exists (select 1 from ${this.s}.blobs b where b.upload_id = c.upload_id) returning 1`,
      [before.toISOString()],
    );
    return removed.length;
  }

  /** The database is the caller's: it is closed with the event store that shares it. */
  async close(): Promise<void> {}
}
