import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  categoryOf,
  EventStoreError,
  quoteSchema,
  readAfter,
  type EventStore,
  type SqlSession,
  type StoredEvent,
} from '../event-store/index.js';
import { allProjections, fillSearchGrams, type Projection } from './projections.js';
import type { ProjectionStatus, QuarantinedStream } from '../contracts/read-views.js';
import { migrateReadModels, type ReadModels } from './read-models.js';
import { withoutKeys, type PersonalKeys } from './personal-text.js';

export type ProjectorOptions = Readonly<{
  projections?: readonly Projection[];
  /** Events per transaction while following the store (500): small, so a shared embedded database is never held long. */
  batchSize?: number;
  /** Events per transaction in a rebuild (5000): fewer commits, and a busy case's row rewritten less often (BENCHMARKS.md, replay). */
  rebuildBatchSize?: number;
  pollIntervalMs?: number;
  /** While nothing new arrives the pause doubles, up to this: an idle worker costs next to nothing (BENCHMARKS.md, open cases). */
  maxIdlePollMs?: number;
  /** The customers' data keys: their personal values' text in the columns, and their keys destroyed on erasure. */
  personal?: PersonalKeys;
  /** Runs inside the batch's transaction, after the tables and before the checkpoint: where a test makes the process "crash". */
  beforeCheckpoint?: (events: readonly StoredEvent[]) => Promise<void> | void;
}>;

export type { ProjectionStatus, QuarantinedStream };

/**
 * PostgreSQL's word for a passing state of the server, not of the data:
 * transaction rollback (40: deadlock, serialization), insufficient resources
 * (53: too many connections), lock not available (55P03), operator
 * intervention (57: shutdown, statement timeout), a read-only server after a
 * failover (25006), and the connection classes (08).
 */
const transientSqlState = /^(?:40|53|57|08)|^55P03$|^25006$/;

/** The store or database away, or busy, is waited out; only what stays wrong with one event is the event's. */
const isTransient = (error: unknown): boolean =>
  (error instanceof EventStoreError && error.code === 'store-unavailable') ||
  transientSqlState.test(String((error as { code?: unknown } | undefined)?.code ?? ''));

/** How many times one event must fail on its own before it is quarantined (a deadlock, say, fails once). */
const failuresBeforeQuarantine = 2;

const checkpointName = 'read-models';

/**
 * Keeps the read tables in step with the store's global order. Each batch of
 * events and the checkpoint after it commit in one transaction, so a crash
 * between them neither loses an event nor applies one twice; a batch read
 * before someone else moved the checkpoint (another projector, a rebuild) is
 * thrown away and read again.
 */
export class Projector {
  private readonly s: string;
  private readonly projections: ReadonlyMap<string, Projection>;
  private running?: Promise<void>;
  private stopped = false;
  private lastError?: string;
  /** After a batch failed: events are applied one at a time up to its end, to find the one at fault. */
  private isolateUntil = -1;
  private readonly failures = new Map<number, number>();

  private constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly options: ProjectorOptions,
  ) {
    this.s = quoteSchema(readModels.schema);
    this.projections = new Map(
      (options.projections ?? allProjections).map((projection) => [projection.category, projection]),
    );
  }

  static async open(store: EventStore, readModels: ReadModels, options: ProjectorOptions = {}): Promise<Projector> {
    await migrateReadModels(readModels);
    await readModels.db.query(
      `insert into ${quoteSchema(readModels.schema)}.checkpoints (projection, position, updated_at) values ($1, null, now()) on conflict do nothing`,
      [checkpointName],
    );
    return new Projector(store, readModels, options);
  }

  async checkpoint(): Promise<number | null> {
    const [row] = await this.readModels.db.query<{ position: string | number | null }>(
      `select position from ${this.s}.checkpoints where projection = $1`,
      [checkpointName],
    );
    return row?.position === null || row?.position === undefined ? null : Number(row.position);
  }

  /**
   * Applies the next batch, if any; answers how many events of the global
   * order it moved past. An event the projections cannot fold does not stop
   * them: the batch is retried one event at a time, and the event that fails
   * on its own is quarantined with its stream (that stream's rows stay as
   * they were before it; every other stream goes on).
   */
  async step(batchSize = this.options.batchSize ?? 500): Promise<number> {
    const from = await this.checkpoint();
    const isolating = (from ?? -1) < this.isolateUntil;
    const size = isolating ? 1 : batchSize;
    const fresh = await readAfter(this.store, from, { maxCount: size });
    if (fresh.length === 0) return 0;
    try {
      const moved = await this.apply(from, fresh);
      this.failures.clear();
      return moved;
    } catch (error) {
      if (isTransient(error)) throw error;
      if (!isolating) {
        this.isolateUntil = fresh.at(-1)!.position;
        throw error;
      }
      const [event] = fresh;
      const failures = (this.failures.get(event!.position) ?? 0) + 1;
      this.failures.set(event!.position, failures);
      if (failures < failuresBeforeQuarantine) throw error;
      this.failures.clear();
      return this.quarantine(from, event!, error);
    }
  }

  /** The events and the checkpoint after them, in one transaction; events of quarantined streams are passed over. */
  private apply(from: number | null, fresh: readonly StoredEvent[]): Promise<number> {
    const { beforeCheckpoint } = this.options;
    return this.readModels.db.transaction(async (tx) => {
      if (!(await this.holdsCheckpoint(tx, from))) return 0;
      const held = new Set(
        (
          await tx.query<{ stream_id: string }>(
            `select stream_id from ${this.s}.quarantined_streams where stream_id = any($1::text[])`,
            [[...new Set(fresh.map((event) => event.streamId))]],
          )
        ).map((row) => row.stream_id),
      );
      const followed = fresh.filter((event) => !held.has(event.streamId));
      for (const [category, projection] of this.projections) {
        const events = followed.filter((event) => categoryOf(event.streamId) === category);
        if (events.length > 0)
          await projection.apply(tx, this.readModels.schema, events, this.options.personal ?? withoutKeys);
      }
      await beforeCheckpoint?.(fresh);
      await this.moveCheckpoint(tx, fresh.at(-1)!.position);
      return fresh.length;
    });
  }

  /** Records the event's stream as held back at it, and moves past it. */
  private quarantine(from: number | null, event: StoredEvent, error: unknown): Promise<number> {
    const reason = error instanceof Error ? error.message : String(error);
    return this.readModels.db.transaction(async (tx) => {
      if (!(await this.holdsCheckpoint(tx, from))) return 0;
      await tx.query(
        `insert into ${this.s}.quarantined_streams (stream_id, position, revision, type, error, quarantined_at)
         values ($1, $2, $3, $4, $5, now()) on conflict (stream_id) do nothing`,
        [event.streamId, event.position, event.revision, event.type, reason.slice(0, 2000)],
      );
      await this.moveCheckpoint(tx, event.position);
      return 1;
    });
  }

  /** Locks the checkpoint; false when someone else (another projector, a rebuild) moved it since `from` was read. */
  private async holdsCheckpoint(tx: SqlSession, from: number | null): Promise<boolean> {
    const [locked] = await tx.query<{ position: string | number | null }>(
      `select position from ${this.s}.checkpoints where projection = $1 for update`,
      [checkpointName],
    );
    const current = locked?.position === null || locked?.position === undefined ? null : Number(locked.position);
    return current === from;
  }

  private async moveCheckpoint(tx: SqlSession, position: number): Promise<void> {
    await tx.query(`update ${this.s}.checkpoints set position = $2, updated_at = now() where projection = $1`, [
      checkpointName,
      position,
    ]);
  }

  /** Applies batches until none is left: everything stored when it returns is in the tables (or quarantined). */
  async catchUp(batchSize?: number): Promise<void> {
    const head = await this.store.headPosition();
    let failedInARow = 0;
    while (head !== undefined && ((await this.checkpoint()) ?? -1) < head) {
      try {
        await this.step(batchSize);
        failedInARow = 0;
      } catch (error) {
        // A batch with an event that cannot be folded is retried event by event until it is quarantined (a few
        // steps); the store away, or failing on and on, ends the catch-up.
        if (isTransient(error) || ++failedInARow > failuresBeforeQuarantine + 2) throw error;
      }
    }
  }

  async status(): Promise<ProjectionStatus> {
    const [checkpoint, head, quarantined] = await Promise.all([
      this.checkpoint(),
      this.store.headPosition(),
      this.quarantined(),
    ]);
    const lag = head === undefined ? 0 : Math.max(0, head - (checkpoint ?? 0));
    return {
      checkpoint,
      head: head ?? null,
      lag,
      quarantined,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async quarantined(): Promise<QuarantinedStream[]> {
    const rows = await this.readModels.db.query<{
      stream_id: string;
      position: string | number;
      revision: number;
      type: string;
      error: string;
      quarantined_at: Date | string;
    }>(
      `select stream_id, position, revision, type, error, quarantined_at from ${this.s}.quarantined_streams order by position limit 100`,
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      position: Number(row.position),
      revision: Number(row.revision),
      type: row.type,
      error: row.error,
      quarantinedAt: new Date(row.quarantined_at).toISOString(),
    }));
  }

  /**
   * Projects the whole history again into tables beside the ones in use,
   * then swaps them in one transaction: readers see the old read models
   * until the new ones are whole, and a rebuild that fails leaves the old
   * ones as they were. The projector that follows the store carries on from
   * the new checkpoint.
   */
  async rebuild(): Promise<ProjectionStatus> {
    const { db, schema } = this.readModels;
    // Names of this rebuild's own: two rebuilds at once (a double click, two API instances) each build whole
    // tables and swap them in, and neither drops the other's half-built ones.
    const suffix = randomBytes(4).toString('hex');
    const building = `${schema.slice(0, 40)}_rebuild_${suffix}`;
    const retired = quoteSchema(`${schema.slice(0, 40)}_retired_${suffix}`);
    try {
      const builder = await Projector.open(
        this.store,
        { db, schema: building },
        {
          projections: [...this.projections.values()],
          ...(this.options.personal ? { personal: this.options.personal } : {}),
        },
      );
      await builder.catchUp(this.options.rebuildBatchSize ?? 5000);
      await db.transaction(async (tx) => {
        await tx.query(`alter schema ${this.s} rename to ${retired}`);
        await tx.query(`alter schema ${quoteSchema(building)} rename to ${this.s}`);
      });
    } finally {
      // Swapped in, there is nothing by that name left; failed, the half-built tables go.
      await db.query(`drop schema if exists ${quoteSchema(building)} cascade`);
    }
    await db.query(`drop schema if exists ${retired} cascade`);
    return this.status();
  }

  /** Follows the store in the background until stop(); a failure (the store away) is retried with a growing pause. */
  start({ onError }: { onError?: (error: unknown) => void } = {}): void {
    if (this.running) return;
    const { pollIntervalMs = 200, maxIdlePollMs = 1000 } = this.options;
    this.running = (async () => {
      let failures = 0;
      let pause = pollIntervalMs;
      let gramsToFill = true;
      while (!this.stopped) {
        try {
          // Rows from before words were indexed get theirs a batch at a time, between the events'.
          const filled: number = gramsToFill ? await fillSearchGrams(this.readModels.db, this.readModels.schema) : 0;
          gramsToFill = filled > 0;
          const moved = await this.step();
          failures = 0;
          this.lastError = undefined;
          if (moved > 0 || filled > 0) pause = pollIntervalMs;
          else {
            await sleep(pause);
            pause = Math.min(maxIdlePollMs, pause * 2);
          }
        } catch (error) {
          failures++;
          this.lastError = error instanceof Error ? error.message : String(error);
          onError?.(error);
          if (!this.stopped) await sleep(Math.min(10_000, pollIntervalMs * 2 ** failures));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
