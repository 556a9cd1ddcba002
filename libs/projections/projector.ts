import { setTimeout as sleep } from 'node:timers/promises';
import { categoryOf, quoteSchema, type EventStore, type StoredEvent } from '../event-store/index.js';
import { allProjections, type Projection } from './projections.js';
import { migrateReadModels, projectedTables, type ReadModels } from './read-models.js';

export type ProjectorOptions = Readonly<{
  projections?: readonly Projection[];
  /** Events per transaction while following the store (500): small, so a shared embedded database is never held long. */
  batchSize?: number;
  /** Events per transaction in a rebuild (5000): fewer commits, and a busy case's row rewritten less often (BENCHMARKS.md, replay). */
  rebuildBatchSize?: number;
  pollIntervalMs?: number;
  /** While nothing new arrives the pause doubles, up to this: an idle worker costs next to nothing (BENCHMARKS.md, open cases). */
  maxIdlePollMs?: number;
  /** Runs inside the batch's transaction, after the tables and before the checkpoint: where a test makes the process "crash". */
  beforeCheckpoint?: (events: readonly StoredEvent[]) => Promise<void> | void;
}>;

export type ProjectionStatus = Readonly<{
  /** The position of the last event applied; null before the first. */
  checkpoint: number | null;
  /** The position of the newest event in the store; null while it is empty. */
  head: number | null;
  /** How far the read models trail the store, in positions of the global order (0: up to date). */
  lag: number;
  lastError?: string;
}>;

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

  /** Applies the next batch, if any; answers how many events of the global order it moved past. */
  async step(batchSize = this.options.batchSize ?? 500): Promise<number> {
    const { beforeCheckpoint } = this.options;
    const from = await this.checkpoint();
    // From the checkpoint itself, not after it: on KurrentDB only an event's own position is sure to be valid.
    const page = await this.store.readAll({ fromPosition: from ?? 0, maxCount: batchSize + (from === null ? 0 : 1) });
    const fresh = from === null ? page : page.filter((event) => event.position > from);
    if (fresh.length === 0) return 0;
    return this.readModels.db.transaction(async (tx) => {
      const [locked] = await tx.query<{ position: string | number | null }>(
        `select position from ${this.s}.checkpoints where projection = $1 for update`,
        [checkpointName],
      );
      const current = locked?.position === null || locked?.position === undefined ? null : Number(locked.position);
      if (current !== from) return 0;
      for (const [category, projection] of this.projections) {
        const events = fresh.filter((event) => categoryOf(event.streamId) === category);
        if (events.length > 0) await projection.apply(tx, this.readModels.schema, events);
      }
      await beforeCheckpoint?.(fresh);
      await tx.query(`update ${this.s}.checkpoints set position = $2, updated_at = now() where projection = $1`, [
        checkpointName,
        fresh.at(-1)!.position,
      ]);
      return fresh.length;
    });
  }

  /** Applies batches until none is left: everything stored when it returns is in the tables. */
  async catchUp(batchSize?: number): Promise<void> {
    const head = await this.store.headPosition();
    while (head !== undefined && ((await this.checkpoint()) ?? -1) < head) await this.step(batchSize);
  }

  async status(): Promise<ProjectionStatus> {
    const [checkpoint, head] = await Promise.all([this.checkpoint(), this.store.headPosition()]);
    const lag = head === undefined ? 0 : Math.max(0, head - (checkpoint ?? 0));
    return { checkpoint, head: head ?? null, lag, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /** Empties every table and the checkpoint in one transaction, then projects the whole history again. */
  async rebuild(): Promise<ProjectionStatus> {
    await this.readModels.db.transaction(async (tx) => {
      await tx.query(`select position from ${this.s}.checkpoints where projection = $1 for update`, [checkpointName]);
      await tx.query(`truncate ${projectedTables.map((table) => `${this.s}.${table}`).join(', ')}`);
      await tx.query(`update ${this.s}.checkpoints set position = null, updated_at = now() where projection = $1`, [
        checkpointName,
      ]);
    });
    await this.catchUp(this.options.rebuildBatchSize ?? 5000);
    return this.status();
  }

  /** Follows the store in the background until stop(); a failure (the store away) is retried with a growing pause. */
  start({ onError }: { onError?: (error: unknown) => void } = {}): void {
    if (this.running) return;
    const { pollIntervalMs = 200, maxIdlePollMs = 1000 } = this.options;
    this.running = (async () => {
      let failures = 0;
      let pause = pollIntervalMs;
      while (!this.stopped) {
        try {
          const moved = await this.step();
          failures = 0;
          this.lastError = undefined;
          if (moved > 0) pause = pollIntervalMs;
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
