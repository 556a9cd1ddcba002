import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { complaintStreamId } from '../libs/contracts/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { openStorage } from '../libs/platform/storage.js';
import { addTallySql, complaintTallies, Projector, searchGrams, type ReadModels } from '../libs/projections/index.js';
import { quoteSchema } from '../libs/event-store/index.js';
import { inParallel, measure, report } from './measure.js';
import { complaintThrough } from './support/complaint-snapshot.js';
import { readApi } from './support/read-api.js';
import { adminUrl, scratchDatabase } from './support/services.js';
import { closedLoop } from './support/closed-loop.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Scale: the inbox, search and reports over BENCH_SCALE_CASES cases
 * (1,000,000) kept for two years, through the API as a client calls it on
 * the cluster mode (PostgreSQL). Each query is timed against itself on read
 * models holding only the rows of its first page (the floor: what the page
 * costs when nothing else is kept). Then a rebuild of the read models from
 * the store's events, beside the live ones, and its rate.
 */
const cases = Number(process.env.BENCH_SCALE_CASES ?? 1_000_000);
const rebuildCases = Number(process.env.BENCH_SCALE_REBUILD_CASES ?? cases);
const calls = Number(process.env.BENCH_SCALE_CALLS ?? 200);
const openShare = 0.03;
const people = Array.from({ length: 200 }, (_, i) => `owner.${i}`);
const me = people[7]!;

const zhFaults = [
  '阀体泄漏',
  '外壳开裂',
  '尺寸超差',
  '表面划伤',
  '包装破损',
  '标签错误',
  '螺纹损坏',
  '焊缝气孔',
  '涂层脱落',
  '密封圈老化',
];
const enFaults = [
  'valve leak',
  'cracked housing',
  'out of tolerance',
  'scratched surface',
  'damaged packaging',
  'wrong label',
  'stripped thread',
  'weld porosity',
  'peeling coating',
  'aged seal',
];
const zhCustomers = ['深圳光明电子', '宁波精密铸造', '苏州华创机械', '东莞新材料', '天津重工', '成都航天配件'];
const enCustomers = [
  'Shenzhen Bright Electronics',
  'Ningbo Castings',
  'Suzhou Huachuang Machinery',
  'Dongguan New Materials',
  'Tianjin Heavy Industry',
  'Chengdu Aero Parts',
];
const severities = ['low', 'normal', 'normal', 'normal', 'high', 'critical'];
const steps = ['identify', 'analyse', 'resolve', 'verify', 'feedback'];
const causes = ['material', 'process', 'design', 'handling', 'supplier', 'unknown'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
/** A reproducible spread: the same run seeds the same cases. */
const spread = (i: number, salt: number) => ((i * 2654435761 + salt * 40503) >>> 0) / 2 ** 32;

const day = 86_400_000;
const now = Date.now();
const span = 730 * day;

/** The i-th case, oldest first: the newest `openShare` are open, some overdue, escalated or waiting. */
const caseRow = (i: number) => {
  const registeredAt = now - span + Math.floor((i / cases) * span);
  const open = i >= cases * (1 - openShare);
  const chinese = spread(i, 1) < 0.5;
  const fault = chinese ? pick(zhFaults, i * 7 + 3) : pick(enFaults, i * 7 + 3);
  const customer = chinese ? pick(zhCustomers, i * 13) : pick(enCustomers, i * 13);
  const batch = `B${(i % 9973).toString().padStart(4, '0')}`;
  const title = chinese ? `${fault}，批次 ${batch}` : `${fault} on batch ${batch}`;
  const description = chinese
    ? `客户反映${fault}，${pick(zhFaults, i)}待确认；产品 P-${i % 5000}，订单 SO-${i % 100_000}。`
    : `The customer reports ${fault}; ${pick(enFaults, i)} to be confirmed. Product P-${i % 5000}, order SO-${i % 100_000}.`;
  const owner = open && spread(i, 2) < 0.1 ? null : pick(people, Math.floor(spread(i, 3) * people.length));
  const number = `CMP-${new Date(registeredAt).getUTCFullYear()}-${i.toString().padStart(7, '0')}`;
  const overdue = open && spread(i, 4) < 0.2;
  const paused = open && !overdue && spread(i, 5) < 0.05;
  // Overdue up to five days past, the rest due within ten days; a waiting case's clocks stand still (no due time).
  const dueAt = paused ? null : now + (overdue ? -5 : 10) * day * spread(i, 15) + (overdue ? 0 : 60_000);
  const severity = pick(severities, Math.floor(spread(i, 6) * severities.length));
  const breached = overdue || spread(i, 7) < 0.08;
  const id = randomUUID();
  const searchable = [number, title, description, customer, `P-${i % 5000}`, `SO-${i % 100_000}`, owner];
  return {
    id,
    revision: open ? 3 : 9,
    status: open ? 'open' : spread(i, 8) < 0.03 ? 'withdrawn' : 'archived',
    step: open ? pick(steps, Math.floor(spread(i, 9) * steps.length)) : null,
    owner,
    severity,
    category: 'quality',
    channel: 'email',
    customer_name: customer,
    customer_id: `cust-${(i * 13) % 6}-${chinese ? 'zh' : 'en'}`,
    title,
    number,
    supplier_id: spread(i, 10) < 0.4 ? `sup-${i % 300}` : null,
    cause_category: open ? null : pick(causes, Math.floor(spread(i, 11) * causes.length)),
    registered_at: new Date(registeredAt).toISOString(),
    updated_at: new Date(open ? now - (i % 1000) * 1000 : registeredAt + 20 * day).toISOString(),
    closed_at: open ? null : new Date(registeredAt + 20 * day).toISOString(),
    step_entered_at: new Date(registeredAt).toISOString(),
    sla_due_at: open && dueAt !== null ? new Date(dueAt).toISOString() : null,
    sla_paused: paused,
    wait_reason: paused ? 'awaiting-returned-part' : null,
    breached,
    breached_now: overdue,
    escalation_level: overdue ? 1 + (i % 3) : 0,
    max_escalation_level: overdue || breached ? 1 + (i % 3) : 0,
    reopen_count: 0,
    failed_verifications: spread(i, 12) < 0.1 ? 1 : 0,
    verified: !open,
    satisfaction_score: open ? null : 1 + Math.floor(spread(i, 13) * 5),
    feedback_at: open ? null : new Date(registeredAt + 19 * day).toISOString(),
    feedback_by_customer: spread(i, 14) < 0.3,
    search: [id, ...searchable].filter(Boolean).join(' ').toLowerCase(),
    search_grams: searchGrams(searchable.filter(Boolean).join(' ')),
    state: {},
  };
};

/** The closed cases' time in each step, and the escalations of those that breached. */
const factsOf = (row: ReturnType<typeof caseRow>) => {
  if (row.status === 'open') return { intervals: [], escalations: [] };
  const start = Date.parse(row.registered_at);
  const intervals = steps.map((step, k) => ({
    case_id: row.id,
    revision: k + 1,
    step,
    severity: row.severity,
    // From minutes to about a week in each step, spread in the log as real times are.
    entered_at: new Date(start + k * 4 * day).toISOString(),
    left_at: new Date(
      start +
        k * 4 * day +
        Math.round(600_000 * Math.exp(spread(row.revision * 7919 + k, Date.parse(row.registered_at) % 9973) * 7)),
    ).toISOString(),
  }));
  const escalations = row.breached
    ? [
        {
          case_id: row.id,
          revision: 6,
          level: 1,
          trigger: 'sla',
          role: 'supervisor',
          at: new Date(start + 3 * day).toISOString(),
        },
      ]
    : [];
  return { intervals, escalations };
};

const insertJson = async (client: pg.Client, table: string, rows: readonly object[]) => {
  if (rows.length === 0) return;
  await client.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [
    JSON.stringify(rows),
  ]);
};

/**
 * Fills the cases' tables: their secondary indexes dropped while the rows
 * go in and made again after (as a bulk load is done), then analysed.
 */
const seed = async (client: pg.Client, schema: string) => {
  const s = quoteSchema(schema);
  const tables = ['complaint_cases', 'complaint_step_intervals', 'complaint_escalations'];
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = any($2) and indexname not like '%_pkey'`,
    [schema, tables],
  );
  for (const { indexname } of indexes) await client.query(`drop index ${s}.${quoteSchema(indexname)}`);
  const started = performance.now();
  const batch = 5000;
  for (let from = 0; from < cases; from += batch) {
    const rows = Array.from({ length: Math.min(batch, cases - from) }, (_, k) => caseRow(from + k));
    const facts = rows.map(factsOf);
    await insertJson(client, `${s}.complaint_cases`, rows);
    await insertJson(
      client,
      `${s}.complaint_step_intervals`,
      facts.flatMap((fact) => fact.intervals),
    );
    await insertJson(
      client,
      `${s}.complaint_escalations`,
      facts.flatMap((fact) => fact.escalations),
    );
    if ((from / batch) % 20 === 0) process.stdout.write(`\r(seeding: ${from + rows.length} of ${cases} cases)`);
  }
  const loaded = performance.now();
  await client.query(`set maintenance_work_mem = '512MB'`);
  for (const { indexdef } of indexes) await client.query(indexdef);
  // The report's tallies, as the migration fills them from rows already kept.
  for (const tally of complaintTallies) await client.query(addTallySql(tally, s, `${s}.${tally.source}`, 1));
  await client.query(`analyze`);
  console.log(
    `\n(${cases} cases seeded in ${((loaded - started) / 1000).toFixed(0)} s, indexed and analysed in ${((performance.now() - loaded) / 1000).toFixed(0)} s)`,
  );
};

/** The read models' schema of an API opened by readApi: the only one holding the cases' table. */
const readSchemaOf = async (client: pg.Client) =>
  (
    await client.query<{ table_schema: string }>(
      `select table_schema from information_schema.tables where table_name = 'complaint_cases' and table_schema not like '%rebuild%'`,
    )
  ).rows[0]!.table_schema;

const year = new Date(now - 365 * day).toISOString();
const queries: readonly (readonly [string, string])[] = [
  ['inbox: all open, soonest due', '/api/v1/complaints?status=open&sort=dueAt&limit=50&count=bounded'],
  ['inbox: my open cases', `/api/v1/complaints?status=open&owner=${me}&sort=dueAt&limit=50&count=bounded`],
  ['inbox: overdue', '/api/v1/complaints?status=open&overdue=true&sort=dueAt&limit=50&count=bounded'],
  ['inbox: escalated', '/api/v1/complaints?status=open&escalated=true&sort=dueAt&limit=50&count=bounded'],
  ['inbox: unassigned', '/api/v1/complaints?status=open&unassigned=true&sort=dueAt&limit=50&count=bounded'],
  ['inbox: waiting on the customer', '/api/v1/complaints?status=open&paused=true&sort=dueAt&limit=50&count=bounded'],
  ['inbox: closed, newest first', '/api/v1/complaints?status=closed&sort=registeredAt&limit=50&count=bounded'],
  ['auditor: every case, newest first', '/api/v1/complaints?sort=registeredAt&limit=50&count=bounded'],
  [
    'search: a Chinese word inside words (泄漏)',
    `/api/v1/complaints?q=${encodeURIComponent('泄漏')}&limit=50&count=bounded`,
  ],
  ['search: an English word (cracked)', '/api/v1/complaints?q=cracked&limit=50&count=bounded'],
  ['search: a case number part (0004711)', '/api/v1/complaints?q=0004711&limit=50&count=bounded'],
  ['search: two rare words (order so-4711 p-4711)', '/api/v1/complaints?q=so-4711%20p-4711&limit=50&count=bounded'],
];

export const runScale = async (): Promise<void> => {
  const db = await scratchDatabase();
  const floorDb = await scratchDatabase();
  // readApi opens the API on the environment's store: the cluster mode's, a database for each.
  process.env.EVENT_STORE = 'postgres';
  process.env.DATA_KEY ??= 'x'.repeat(32);
  process.env.DATABASE_URL = db.url;
  const big = await readApi('scale');
  process.env.DATABASE_URL = floorDb.url;
  const floor = await readApi('scale-floor');
  process.env.DATABASE_URL = adminUrl;
  const client = new pg.Client({ connectionString: db.url });
  const floorClient = new pg.Client({ connectionString: floorDb.url });
  await client.connect();
  await floorClient.connect();
  try {
    const get = await big.serve();
    const getFloor = await floor.serve();
    const schema = await readSchemaOf(client);
    const floorSchema = await readSchemaOf(floorClient);
    await seed(client, schema);
    const t = `${quoteSchema(schema)}.complaint_cases`;
    const ft = `${quoteSchema(floorSchema)}.complaint_cases`;
    console.log(
      `\nScale: ${cases} cases over two years (${openShare * 100}% open), ${calls} calls each through the API; floor: the same call on read models holding only its first page.\n`,
    );
    const measured = async (name: string, path: string) => {
      // The floor's read models hold exactly the rows the first page shows.
      const { items } = await get.json<{ items: { id: string }[] }>(path);
      await floorClient.query(`truncate ${ft}`);
      const { rows } = await client.query(`select * from ${t} where id = any($1::text[])`, [
        items.map((item) => item.id),
      ]);
      await insertJson(floorClient, ft, rows);
      await floorClient.query(`analyze ${ft}`);
      await get(path);
      await getFloor(path);
      const ours = await measure(calls, () => get(path));
      const base = await measure(calls, () => getFloor(path));
      report(`${name} p50`, ours.p50Ms, base.p50Ms, 'ms', false);
      report(`${name} p99`, ours.p99Ms, base.p99Ms, 'ms', false);
    };
    for (const [name, path] of queries) await measured(name, path);

    // The tenth page by cursor against the first: as fast wherever it stands.
    const tenth = await cursorAfter(get, '/api/v1/complaints?status=closed&sort=registeredAt&limit=50', 9);
    const first = await measure(calls, () =>
      get('/api/v1/complaints?status=closed&sort=registeredAt&limit=50&count=bounded'),
    );
    const tenthPage = await measure(calls, () => get(tenth));
    report('closed: the 10th page by cursor vs the first p99', tenthPage.p99Ms, first.p99Ms, 'ms', false);
    const offsetPage = await measure(Math.min(calls, 50), () =>
      get('/api/v1/complaints?status=closed&sort=registeredAt&limit=50&offset=500000'),
    );
    report('closed: page 10,001 by offset (documented slower) p99', offsetPage.p99Ms, first.p99Ms, 'ms', false);

    for (const [name, path] of [
      ['report: complaints over a year by month', `/api/v1/reports/complaints?from=${year}&period=month`],
      ['report: suppliers over a year by month', `/api/v1/reports/suppliers?from=${year}&period=month`],
    ] as const) {
      const ours = await measure(Math.min(calls, 20), () => get(path));
      console.log(`${`${name} p50 / p99`.padEnd(52)} ${ours.p50Ms.toFixed(0)} / ${ours.p99Ms.toFixed(0)} ms`);
    }
  } finally {
    await client.end();
    await floorClient.end();
    await big.close();
    await floor.close();
    // BENCH_SCALE_KEEP=1 keeps the million cases for a look with psql (their database's name is printed).
    if (process.env.BENCH_SCALE_KEEP) console.log(`(kept: ${db.url})`);
    else await db.drop();
    await floorDb.drop();
  }
  await runRebuild();
};

/** The path of the page `pages` pages on, by each page's cursor. */
const cursorAfter = async (
  get: { json: <T>(path: string) => Promise<T> },
  path: string,
  pages: number,
): Promise<string> => {
  let cursor: string | null = null;
  for (let page = 0; page < pages; page++)
    ({ nextCursor: cursor } = await get.json<{ nextCursor: string | null }>(
      cursor ? `${path}&cursor=${cursor}` : path,
    ));
  return `${path}&cursor=${cursor}`;
};

/** A rebuild of every read model from the store's events, beside the live ones, swapped in: its rate. */
const runRebuild = async () => {
  const db = await scratchDatabase();
  const storage = await openStorage(
    loadConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-bench-scale-')),
      JWT_SECRET: 'x'.repeat(32),
      DATA_KEY: 'x'.repeat(32),
    }),
  );
  try {
    const started = performance.now();
    let stored = 0;
    await inParallel(rebuildCases, 8, async () => {
      const id = randomUUID();
      const events = complaintThrough(closedLoop, id).events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { actor: 'bench' },
      }));
      await storage.store.append(complaintStreamId(id), events, { expectedRevision: 'no-stream' });
      if (++stored % 1000 === 0) process.stdout.write(`\r(storing: ${stored} of ${rebuildCases} cases)`);
    });
    const total = (await storage.store.headPosition())! + 1;
    console.log(
      `\n(${rebuildCases} closed cases, ${total} events stored in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const projector = await Projector.open(storage.store, storage.readModels as ReadModels);
    await projector.catchUp(5000);
    const rebuilt = performance.now();
    await projector.rebuild();
    const seconds = (performance.now() - rebuilt) / 1000;
    console.log(
      `${'rebuild beside the live read models, swapped in'.padEnd(52)} ${(total / seconds).toFixed(0)} events/s (${rebuildCases} cases, ${total} events, ${seconds.toFixed(0)} s)`,
    );
  } finally {
    await storage.close();
    await db.drop();
  }
};
