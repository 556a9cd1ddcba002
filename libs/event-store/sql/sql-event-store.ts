import {
  EventStoreError,
  revisionConflict,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type PageCheck,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  UnreadableRevisions,
  noRevision,
} from '../event-store.js';
import { chainHash } from '../hash-chain.js';
import { validateAppend, validateRead } from '../validate.js';
import { migrate } from './migrations.js';
import { isDamagedPage, quoteSchema, type SqlDatabase } from './sql-database.js';

type EventRow = {
  position: string | number;
  stream_id: string;
  revision: string | number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  schema_version: string | number;
  recorded_at: Date | string;
  prev_hash: string | null;
  hash: string;
};

const eventColumns =
  'position, stream_id, revision, event_id, type, data, metadata, schema_version, recorded_at, prev_hash, hash';

// pg returns int8 as strings, PGlite as numbers: one mapper normalises both.
const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: Number(row.position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  schemaVersion: Number(row.schema_version),
  recordedAt: new Date(row.recorded_at).toISOString(),
  prevHash: row.prev_hash,
  hash: row.hash,
});

const defaultPageSize = 1000;

/** The event store over any PostgreSQL-compatible database (PostgreSQL itself or PGlite). */
export class SqlEventStore implements EventStore {
  private readonly s: string;
  private readonly heads = new StreamHeads();

  private constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  static async open(db: SqlDatabase, schema = 'public'): Promise<SqlEventStore> {
    await migrate(db, schema);
    return new SqlEventStore(db, schema);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    // Twice at most: a second try only after learning the stream's head afresh.
    for (let attempt = 0; ; attempt++) {
      const head = await this.headFor(streamId, expectedRevision, attempt > 0);
      const expected =
        expectedRevision === 'any' ? head.revision : expectedRevision === 'no-stream' ? noRevision : expectedRevision;
      const recordedAt = new Date().toISOString();
      let prevHash = head.hash;
      const chained = events.map((event, index) => {
        const stored = {
          id: event.id,
          streamId,
          revision: expected + 1 + index,
          type: event.type,
          data: event.data ?? null,
          metadata: event.metadata ?? {},
          schemaVersion: event.schemaVersion ?? 1,
          recordedAt,
        };
        const hash = chainHash(prevHash, stored);
        const row = {
          id: stored.id,
          type: stored.type,
          data: stored.data,
          metadata: stored.metadata,
          schemaVersion: stored.schemaVersion,
          prevHash,
          hash,
        };
        prevHash = hash;
        return row;
      });
      const [result] = await this.query<{
        outcome: 'appended' | 'replayed' | 'conflict' | 'duplicate';
        stream_revision: string | number;
        last_position: string | number | null;
      }>(`select outcome, stream_revision, last_position from ${this.s}.append_events($1, $2, $3, $4::jsonb, $5, $6)`, [
        streamId,
        expected,
        head.hash,
        JSON.stringify(chained),
        recordedAt,
        expectedRevision === 'any',
      ]);
      const actual = Number(result!.stream_revision);
      switch (result!.outcome) {
        case 'appended':
          this.heads.remember(streamId, { revision: actual, hash: prevHash });
          return { nextExpectedRevision: actual, lastPosition: Number(result!.last_position) };
        case 'replayed':
          return { nextExpectedRevision: actual, lastPosition: Number(result!.last_position) };
        case 'duplicate':
          throw new EventStoreError('invalid-append', 'Event ids already used elsewhere', {
            streamId,
            eventIds: events.map((event) => event.id),
          });
        case 'conflict':
          this.heads.forget(streamId);
          // The revision matched but the head we chained from was stale, or `any` raced a writer: learn and try again.
          if (attempt === 0 && (actual === expected || expectedRevision === 'any')) continue;
          throw revisionConflict(streamId, expectedRevision, actual);
      }
    }
  }

  /**
   * The revision and hash to chain from. A stream's single writer appends at
   * the revision it last wrote, so the head is usually remembered and the
   * append costs one round trip.
   */
  private async headFor(streamId: string, expected: ExpectedRevision, fresh: boolean): Promise<StreamHead> {
    if (expected === 'no-stream') return { revision: noRevision, hash: null };
    const known = this.heads.get(streamId);
    if (!fresh && known && known.revision === expected) return known;
    const [row] = await this.query<{ revision: string | number; last_hash: string | null }>(
      `select revision, last_hash from ${this.s}.streams where stream_id = $1`,
      [streamId],
    );
    return row ? { revision: Number(row.revision), hash: row.last_hash } : { revision: noRevision, hash: null };
  }

  async readStream(
    streamId: string,
    { fromRevision, direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {},
  ): Promise<StoredEvent[]> {
    validateRead({ fromRevision, maxCount });
    const forwards = direction === 'forwards';
    const from = fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    try {
      const rows = await this.db.query<EventRow>(
        `select ${eventColumns} from ${this.s}.events
         where stream_id = $1 and revision ${forwards ? '>=' : '<='} $2
         order by revision ${forwards ? 'asc' : 'desc'} limit $3`,
        [streamId, from, maxCount],
      );
      return rows.map(toStoredEvent);
    } catch (error) {
      if (!isDamagedPage(error)) throw error;
      return this.readAroundDamage(streamId, { from, forwards, maxCount }, error);
    }
  }

  /**
   * A damaged page failed the read: read the wanted revisions one at a time
   * by the (stream_id, revision) index, each touching only its own page, to
   * learn which cannot be read. None may fail: the page was another stream's,
   * met by a scan.
   */
  private async readAroundDamage(
    streamId: string,
    { from, forwards, maxCount }: { from: number; forwards: boolean; maxCount: number },
    cause: unknown,
  ): Promise<StoredEvent[]> {
    const head = await this.query<{ revision: string | number }>(
      `select revision from ${this.s}.streams where stream_id = $1`,
      [streamId],
    );
    if (!head[0]) throw storeCorrupted(cause);
    const last = Number(head[0].revision);
    const wanted = forwards
      ? range(from, Math.min(last, from + maxCount - 1))
      : range(Math.max(0, from - maxCount + 1), Math.min(from, last)).reverse();
    const readable: StoredEvent[] = [];
    const unreadable: number[] = [];
    for (const revision of wanted) {
      try {
        const [row] = await this.db.query<EventRow>(
          `select ${eventColumns} from ${this.s}.events where stream_id = $1 and revision = $2`,
          [streamId, revision],
        );
        if (row) readable.push(toStoredEvent(row));
      } catch (error) {
        if (!isDamagedPage(error)) throw error;
        unreadable.push(revision);
      }
    }
    if (unreadable.length > 0)
      throw new UnreadableRevisions(
        streamId,
        unreadable.sort((a, b) => a - b),
        readable,
      );
    return readable;
  }

  async readAll({ fromPosition = 0, maxCount = defaultPageSize, filter }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    validateRead({ fromPosition, maxCount });
    const params: unknown[] = [fromPosition, maxCount];
    const where = ['position >= $1'];
    if (filter?.categories) {
      params.push(filter.categories);
      where.push(`split_part(stream_id, '-', 1) = any($${params.length}::text[])`);
    }
    if (filter?.eventTypes) {
      params.push(filter.eventTypes);
      where.push(`type = any($${params.length}::text[])`);
    }
    try {
      const rows = await this.db.query<EventRow>(
        `select ${eventColumns} from ${this.s}.events where ${where.join(' and ')} order by position asc limit $2`,
        params,
      );
      return rows.map(toStoredEvent);
    } catch (error) {
      if (!isDamagedPage(error)) throw error;
      return this.readAllUpToDamage(fromPosition, maxCount, ['position = $1', ...where.slice(1)].join(' and '), params);
    }
  }

  /**
   * The global order when a read met a damaged page (a scan may meet one that
   * holds none of the events asked for): position by position by its index,
   * up to the first that cannot be read, so that a follower gets as far as it
   * can; that position itself is the store's typed error.
   */
  private async readAllUpToDamage(
    fromPosition: number,
    maxCount: number,
    where: string,
    params: readonly unknown[],
  ): Promise<StoredEvent[]> {
    const head = (await this.headPosition()) ?? -1;
    const found: StoredEvent[] = [];
    for (let position = fromPosition; position <= head && found.length < maxCount; position++) {
      try {
        const [row] = await this.db.query<EventRow>(
          `select ${eventColumns} from ${this.s}.events where ${where} limit $2`,
          [position, ...params.slice(1)],
        );
        if (row) found.push(toStoredEvent(row));
      } catch (error) {
        if (!isDamagedPage(error)) throw error;
        if (found.length > 0) return found;
        throw new EventStoreError(
          'store-corrupted',
          `Position ${position} of the global order cannot be read (a damaged page)`,
          {
            position,
          },
        );
      }
    }
    return found;
  }

  async headPosition(): Promise<number | undefined> {
    const [row] = await this.query<{ head: string | number | null }>(
      `select max(position) as head from ${this.s}.events`,
    );
    return row?.head === null || row?.head === undefined ? undefined : Number(row.head);
  }

  /**
   * Reads every page of the events table, as a start-up check: a page that
   * fails its checksum is otherwise found only when someone reads a case on
   * it. One scan when all is well; block by block, then stream by stream to
   * name the lost revisions, only when it is not.
   */
  async checkPages(): Promise<PageCheck> {
    const pages = (from: number, to?: number) =>
      this.db.query(
        `select count(*) from ${this.s}.events where ctid >= $1::tid${to === undefined ? '' : ' and ctid < $2::tid'}`,
        to === undefined ? [`(${from},0)`] : [`(${from},0)`, `(${to},0)`],
      );
    const readable = (read: Promise<unknown>) =>
      read.then(
        () => true,
        (error: unknown) => {
          if (isDamagedPage(error)) return false;
          throw error;
        },
      );
    if (await readable(pages(0))) return { damagedBlocks: [], unreadable: [] };
    const [size] = await this.db.query<{ blocks: string | number }>(
      `select pg_relation_size('${this.s}.events') / current_setting('block_size')::int as blocks`,
    );
    const damagedBlocks: number[] = [];
    for (let block = 0; block < Number(size!.blocks); block++)
      if (!(await readable(pages(block, block + 1)))) damagedBlocks.push(block);
    const unreadable: { streamId: string; revisions: readonly number[] }[] = [];
    const streams = await this.query<{ stream_id: string }>(
      `select stream_id from ${this.s}.streams order by stream_id`,
    );
    for (const { stream_id: streamId } of streams) {
      await this.readStream(streamId).catch((error: unknown) => {
        if (!(error instanceof UnreadableRevisions)) throw error;
        unreadable.push({ streamId, revisions: error.revisions });
      });
    }
    return { damagedBlocks, unreadable };
  }

  /** A damaged page is the store's typed error, never a raw SQL one. */
  private async query<Row>(text: string, params?: unknown[]): Promise<Row[]> {
    try {
      return await this.db.query<Row>(text, params);
    } catch (error) {
      throw isDamagedPage(error) ? storeCorrupted(error) : error;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

const range = (first: number, last: number): number[] =>
  last < first ? [] : Array.from({ length: last - first + 1 }, (_, index) => first + index);

/** A damaged page met where no stream's revisions can be named (the global order, a stream's head). */
const storeCorrupted = (error: unknown) =>
  new EventStoreError('store-corrupted', 'The event store has a damaged page', {
    cause: error instanceof Error ? error.message : String(error),
  });

type StreamHead = Readonly<{ revision: number; hash: string | null }>;

/** The last known head of recently written streams, bounded so a long-lived process does not grow without end. */
class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();
  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  remember(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
