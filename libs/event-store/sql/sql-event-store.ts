import {
  EventStoreError,
  noRevision,
  revisionConflict,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '../event-store.js';
import { chainHash } from '../hash-chain.js';
import { validateAppend, validateRead } from '../validate-append.js';
import { migrate } from './migrations.js';
import { quoteSchema, type SqlDatabase, type SqlSession } from './sql-database.js';

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

const eventColumns = 'position, stream_id, revision, event_id, type, data, metadata, schema_version, recorded_at, prev_hash, hash';

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

/** Arbitrary but fixed: the advisory lock key that orders appends. */
const appendLockKey = 7_301_973;

/** The event store over any PostgreSQL-compatible database (PostgreSQL itself or PGlite). */
export class SqlEventStore implements EventStore {
  private readonly s: string;

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

  async append(streamId: string, events: readonly NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    return this.db.transaction(async (tx) => {
      // Positions must become visible in order, or a reader following the
      // global order could pass a position whose transaction commits later.
      // One transaction-scoped lock orders all appends: a position is only
      // allocated after every earlier one has committed or rolled back.
      await tx.query(`select pg_advisory_xact_lock($1)`, [appendLockKey]);
      // The stream row is the lock that serialises writers of one stream.
      await tx.query(`insert into ${this.s}.streams (stream_id, revision) values ($1, $2) on conflict do nothing`, [streamId, noRevision]);
      const [stream] = await tx.query<{ revision: string | number; last_hash: string | null }>(
        `select revision, last_hash from ${this.s}.streams where stream_id = $1 for update`,
        [streamId],
      );
      const current = Number(stream!.revision);

      const replayed = await this.alreadyAppended(tx, streamId, events, expectedRevision);
      if (replayed) return replayed;
      if (!satisfies(expectedRevision, current)) throw revisionConflict(streamId, expectedRevision, current);

      const recordedAt = new Date().toISOString();
      let prevHash = stream!.last_hash;
      const params: unknown[] = [];
      const tuples: string[] = [];
      events.forEach((event, index) => {
        const stored = {
          id: event.id,
          streamId,
          revision: current + 1 + index,
          type: event.type,
          data: event.data,
          metadata: event.metadata ?? {},
          schemaVersion: event.schemaVersion ?? 1,
          recordedAt,
        };
        const hash = chainHash(prevHash, stored);
        const base = params.length;
        params.push(streamId, stored.revision, stored.id, stored.type, JSON.stringify(stored.data), JSON.stringify(stored.metadata), stored.schemaVersion, recordedAt, prevHash, hash);
        tuples.push(`(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
        prevHash = hash;
      });
      const inserted = await tx.query<{ position: string | number }>(
        `insert into ${this.s}.events (stream_id, revision, event_id, type, data, metadata, schema_version, recorded_at, prev_hash, hash)
         values ${tuples.join(', ')} returning position`,
        params,
      );
      const nextExpectedRevision = current + events.length;
      await tx.query(`update ${this.s}.streams set revision = $2, last_hash = $3 where stream_id = $1`, [streamId, nextExpectedRevision, prevHash]);
      return { nextExpectedRevision, lastPosition: Math.max(...inserted.map((row) => Number(row.position))) };
    });
  }

  /**
   * A retry of an append that already succeeded (same event ids, same place in
   * the stream) answers as the first one did and writes nothing.
   */
  private async alreadyAppended(tx: SqlSession, streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const found = await tx.query<EventRow>(
      `select ${eventColumns} from ${this.s}.events where event_id = any($1::uuid[]) order by position`,
      [events.map((event) => event.id)],
    );
    if (found.length === 0) return undefined;
    const stored = found.map(toStoredEvent);
    const first = stored[0]!.revision;
    const sameBatch =
      stored.length === events.length &&
      stored.every((event, index) => event.streamId === streamId && event.id === events[index]!.id && event.revision === first + index);
    const samePlace = expected === 'any' || first - 1 === (expected === 'no-stream' ? noRevision : expected);
    if (!sameBatch || !samePlace) {
      throw new EventStoreError('invalid-append', `Event ids already used elsewhere: ${stored.map((event) => event.id).join(', ')}`, {
        streamId,
        eventIds: stored.map((event) => event.id),
      });
    }
    return { nextExpectedRevision: stored.at(-1)!.revision, lastPosition: stored.at(-1)!.position };
  }

  async readStream(streamId: string, { fromRevision, direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    validateRead({ fromRevision, maxCount });
    const forwards = direction === 'forwards';
    const from = fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    const rows = await this.db.query<EventRow>(
      `select ${eventColumns} from ${this.s}.events
       where stream_id = $1 and revision ${forwards ? '>=' : '<='} $2
       order by revision ${forwards ? 'asc' : 'desc'} limit $3`,
      [streamId, from, maxCount],
    );
    return rows.map(toStoredEvent);
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
    const rows = await this.db.query<EventRow>(
      `select ${eventColumns} from ${this.s}.events where ${where.join(' and ')} order by position asc limit $2`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

const satisfies = (expected: ExpectedRevision, current: number): boolean =>
  expected === 'any' || (expected === 'no-stream' ? current === noRevision : expected === current);
