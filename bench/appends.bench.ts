import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PgliteDatabase, PostgresDatabase, SqlEventStore, type EventStore } from '../libs/event-store/index.js';
import { measure, median, report, type Measurement } from './measure.js';
import { scratchDatabase } from './support/services.js';

/**
 * Appends: ours (PostgreSQL and embedded) against a raw `pg` INSERT of the
 * same rows and against Emmett's PostgreSQL event store, on the same server.
 * Each contender gets a fresh database of its own.
 */
const singles = Number(process.env.BENCH_APPENDS ?? 2000);
const batches = Number(process.env.BENCH_BATCHES ?? 200);
const batchSize = 50;
const eventsPerStream = 20;

const payload = (i: number) => ({
  complaintId: `c-${i}`,
  step: 'analyse',
  rootCause: 'Porous casting in lot 2311',
  causeCategory: 'material',
  at: new Date().toISOString(),
});

/** Appends spread over streams of `eventsPerStream` events, as cases are. */
type Appender = (stream: number, revision: number, count: number) => Promise<void>;

let round = 0;
/** Each round writes to new streams, so every contender does the same work every round. */
const run = async (append: Appender): Promise<{ single: Measurement; batched: Measurement }> => {
  const base = ++round * 10_000_000;
  const single = await measure(singles, (i) => append(base + Math.floor(i / eventsPerStream), i % eventsPerStream, 1));
  const batched = await measure(batches, (i) => append(base + 5_000_000 + i, 0, batchSize));
  return { single, batched };
};

const ours =
  (store: EventStore): Appender =>
  async (stream, revision, count) => {
    const events = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      type: 'ComplaintAnalysed',
      data: payload(i),
      metadata: { actor: 'bench' },
    }));
    await store.append(`complaint-${stream}`, events, {
      expectedRevision: revision === 0 ? 'no-stream' : revision - 1,
    });
  };

const raw =
  (pool: pg.Pool): Appender =>
  async (stream, revision, count) => {
    const params: unknown[] = [];
    const tuples = Array.from({ length: count }, (_, i) => {
      params.push(
        `complaint-${stream}`,
        revision + i,
        randomUUID(),
        'ComplaintAnalysed',
        JSON.stringify(payload(i)),
        JSON.stringify({ actor: 'bench' }),
      );
      const b = i * 6;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, now())`;
    });
    await pool.query(
      `insert into raw_events (stream_id, revision, event_id, type, data, metadata, recorded_at) values ${tuples.join(', ')}`,
      params,
    );
  };

type Contender = Readonly<{ append: Appender; close: () => Promise<void> }>;

const contenders: Record<'raw' | 'postgres' | 'embedded' | 'emmett', () => Promise<Contender>> = {
  raw: async () => {
    const db = await scratchDatabase();
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await pool.query(`create table raw_events (position bigint generated always as identity primary key, stream_id text not null, revision bigint not null,
      event_id uuid not null unique, type text not null, data jsonb not null, metadata jsonb not null, recorded_at timestamptz not null, unique (stream_id, revision))`);
    return { append: raw(pool), close: async () => (await pool.end(), await db.drop()) };
  },
  postgres: async () => {
    const db = await scratchDatabase();
    const store = await SqlEventStore.open(PostgresDatabase.connect(db.url, { maxConnections: 1 }));
    return { append: ours(store), close: async () => (await store.close(), await db.drop()) };
  },
  embedded: async () => {
    const store = await SqlEventStore.open(await PgliteDatabase.open());
    return { append: ours(store), close: () => store.close() };
  },
  emmett: async () => {
    const db = await scratchDatabase();
    const store = getPostgreSQLEventStore(db.url);
    const append: Appender = async (stream, revision, count) => {
      const events = Array.from({ length: count }, (_, i) => ({
        type: 'ComplaintAnalysed',
        data: payload(i),
        metadata: { actor: 'bench' },
      }));
      await store.appendToStream(`complaint-${stream}`, events, { expectedStreamVersion: BigInt(revision) });
    };
    await append(-1, 0, 1); // creates Emmett's schema outside the measurement
    return { append, close: async () => (await store.close(), await db.drop()) };
  },
};

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

export const runAppends = async (): Promise<void> => {
  const names = Object.keys(contenders) as (keyof typeof contenders)[];
  const opened = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await contenders[name]()] as const)),
  ) as Record<keyof typeof contenders, Contender>;
  const samples = Object.fromEntries(
    names.map((name) => [name, [] as { single: Measurement; batched: Measurement }[]]),
  );
  try {
    // Interleaved rounds: whatever else the machine does falls on every contender alike.
    for (let r = 0; r < rounds; r++) for (const name of names) samples[name]!.push(await run(opened[name].append));
  } finally {
    for (const contender of Object.values(opened)) await contender.close();
  }
  const results = Object.fromEntries(
    names.map((name) => {
      const pick = (kind: 'single' | 'batched', figure: keyof Measurement) =>
        median(samples[name]!.map((sample) => sample[kind][figure]));
      const of = (kind: 'single' | 'batched'): Measurement => ({
        perSecond: pick(kind, 'perSecond'),
        p50Ms: pick(kind, 'p50Ms'),
        p99Ms: pick(kind, 'p99Ms'),
      });
      return [name, { single: of('single'), batched: of('batched') }];
    }),
  );

  console.log(
    `\nAppends, median of ${rounds} interleaved rounds: ${singles} single-event appends over streams of ${eventsPerStream}; ${batches} appends of ${batchSize} events.\n`,
  );
  for (const [name, against] of [
    ['postgres', 'raw'],
    ['embedded', 'raw'],
    ['postgres', 'emmett'],
  ] as const) {
    const a = results[name]!;
    const b = results[against]!;
    report(`append single ${name} vs ${against} (throughput)`, a.single.perSecond, b.single.perSecond, 'appends/s');
    report(`append single ${name} vs ${against} (p50)`, a.single.p50Ms, b.single.p50Ms, 'ms', false);
    report(`append single ${name} vs ${against} (p99)`, a.single.p99Ms, b.single.p99Ms, 'ms', false);
    report(
      `append batch-${batchSize} ${name} vs ${against} (throughput)`,
      a.batched.perSecond,
      b.batched.perSecond,
      'appends/s',
    );
    report(`append batch-${batchSize} ${name} vs ${against} (p99)`, a.batched.p99Ms, b.batched.p99Ms, 'ms', false);
  }
};
