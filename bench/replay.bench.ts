import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { toComplaintView } from '../apps/api/complaints/complaint-view.js';
import { instantOf, readUpTo } from '../libs/audit/index.js';
import { complaintStreamId } from '../libs/contracts/index.js';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import { complaintDecider, fold, type ComplaintEvent } from '../libs/domain/index.js';
import type { EventStore, StoredEvent } from '../libs/event-store/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { openStorage } from '../libs/platform/storage.js';
import { Projector } from '../libs/projections/index.js';
import { median, report } from './measure.js';
import { complaintThrough } from './support/complaint-snapshot.js';
import { closedLoop, type Payload } from './support/closed-loop.js';
import { scratchDatabase } from './support/services.js';

/**
 * 4. Replay: folding a 10,000-event stream in memory, the state of that case
 * as of a revision (read, upcast, fold, view), and a rebuild of every read
 * model, each against reading the same rows raw from PostgreSQL.
 */
const longStream = Number(process.env.BENCH_LONG_STREAM ?? 10_000);
const closedCases = Number(process.env.BENCH_REPLAY_CASES ?? 2_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const appendAll = async (
  store: EventStore,
  complaintId: string,
  events: readonly { type: string; data: unknown }[],
) => {
  for (let from = 0; from < events.length; from += 500) {
    const batch = events
      .slice(from, from + 500)
      .map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { actor: 'bench' } }));
    await store.append(complaintStreamId(complaintId), batch, {
      expectedRevision: from === 0 ? 'no-stream' : from - 1,
    });
  }
};

const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

export const runReplay = async (): Promise<void> => {
  const db = await scratchDatabase();
  const config = loadConfig({
    EVENT_STORE: 'postgres',
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-bench-replay-')),
    JWT_SECRET: 'x'.repeat(32),
    DATA_KEY: 'x'.repeat(32),
  });
  const storage = await openStorage(config);
  const raw = new pg.Client({ connectionString: db.url });
  await raw.connect();
  try {
    const longId = randomUUID();
    const comments = Array.from(
      { length: longStream - 1 },
      (_, i) => ({ type: 'AddComment', data: { text: `Call ${i}: the customer asked for news` } }) as Payload,
    );
    const long = complaintThrough(comments, longId);
    await appendAll(storage.store, longId, long.events);
    for (let i = 0; i < closedCases; i++) {
      const id = randomUUID();
      await appendAll(storage.store, id, complaintThrough(closedLoop, id).events);
    }
    const total = (await storage.store.headPosition())! + 1;
    const projector = await Projector.open(storage.store, storage.readModels);

    const domainEvents = long.events as ComplaintEvent[];
    const readRaw = async (streamId: string, upTo: number) =>
      (
        await raw.query(
          'select position, revision, type, data, metadata, recorded_at from events where stream_id = $1 and revision <= $2 order by revision',
          [streamId, upTo],
        )
      ).rows;
    const scanRaw = async () => {
      let after = -1;
      let seen = 0;
      for (;;) {
        const { rows } = await raw.query(
          'select position, stream_id, revision, type, data, metadata, recorded_at from events where position > $1 order by position limit 500',
          [after],
        );
        if (rows.length === 0) return seen;
        seen += rows.length;
        after = Number(rows.at(-1).position);
      }
    };
    const asOf = Math.floor(longStream / 2);
    const stateAsOf = async () => {
      // As GET /complaints/:id/state?revision= does it (ComplaintsService.stateAsOf), less the HTTP.
      const events: StoredEvent[] = await readUpTo(storage.store, complaintStreamId(longId), { revision: asOf });
      const state = fold(
        complaintDecider,
        events.map((event) => ({ type: event.type, data: upcastEvent(event).data }) as ComplaintEvent),
      );
      return toComplaintView(
        { state: state as never, revision: events.at(-1)!.revision },
        { at: instantOf(events, { revision: asOf }) },
      );
    };

    // Linear in its events: a quarter of the stream folds at the rate of the whole.
    const quarter = domainEvents.slice(0, Math.floor(longStream / 4));
    const samples = {
      quarter: [] as number[],
      fold: [] as number[],
      read: [] as number[],
      asOf: [] as number[],
      rawAsOf: [] as number[],
      rebuild: [] as number[],
      scan: [] as number[],
    };
    await stateAsOf(); // warm-up
    for (let round = 0; round < rounds; round++) {
      samples.quarter.push(await timed(() => fold(complaintDecider, quarter)));
      samples.fold.push(await timed(() => fold(complaintDecider, domainEvents)));
      samples.read.push(await timed(() => readRaw(complaintStreamId(longId), longStream)));
      samples.asOf.push(await timed(stateAsOf));
      samples.rawAsOf.push(await timed(() => readRaw(complaintStreamId(longId), asOf)));
      samples.rebuild.push(await timed(() => projector.rebuild()));
      samples.scan.push(await timed(scanRaw));
    }
    const perSecond = (count: number, ms: number[]) => count / (median(ms) / 1000);
    console.log(
      `\nReplay, median of ${rounds} rounds: one case of ${longStream} events, ${closedCases} closed cases; ${total} events in all, on PostgreSQL.\n`,
    );
    report(
      `fold ${longStream} events in memory vs reading them raw`,
      perSecond(longStream, samples.fold),
      perSecond(longStream, samples.read),
      'events/s',
    );
    report(
      `fold ${longStream} events vs the first ${quarter.length} (equal when linear)`,
      perSecond(longStream, samples.fold),
      perSecond(quarter.length, samples.quarter),
      'events/s',
    );
    report(
      `state as of revision ${asOf} vs raw read up to it`,
      median(samples.asOf),
      median(samples.rawAsOf),
      'ms',
      false,
    );
    report(
      'projection rebuild vs raw keyset scan',
      perSecond(total, samples.rebuild),
      perSecond(total, samples.scan),
      'events/s',
    );
  } finally {
    await raw.end();
    await storage.close();
    await db.drop();
  }
};
