import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import pg from 'pg';
import { complaintStreamId, supplierStreamId } from '../../libs/contracts/index.js';
import { en, zhCN } from '../../libs/i18n/index.js';
import type { ComplaintEvent } from '../../libs/domain/index.js';
import {
  EventStoreError,
  PgliteDatabase,
  PostgresDatabase,
  SqlEventStore,
  type EventStore,
} from '../../libs/event-store/index.js';
import {
  caseRowOf,
  complaintTallies,
  complaintsReport,
  fillSearchGrams,
  tallyRows,
  foldCase,
  foldSupplier,
  listCases,
  Projector,
  reportLabels,
  reportToCsv,
  scorecardRowOf,
  suppliersReport,
  complaintProjection,
  supplierProjection,
  type CaseRow,
  type ReadModels,
} from '../../libs/projections/index.js';
import {
  appendHistories,
  generateComplaintHistories,
  generateSupplierHistories,
} from '../support/generated-history.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

/** Every table, every row, in a stable order: what "identical tables" means. */
const dumpTables = async ({ db, schema }: ReadModels) => {
  const dump: Record<string, unknown[]> = {};
  for (const [table, order] of [
    ['complaint_cases', 'id'],
    ['complaint_step_intervals', 'case_id, revision'],
    ['complaint_escalations', 'case_id, revision'],
    ['supplier_scorecards', 'id'],
    ['supplier_evaluations', 'supplier_id, evaluation_id'],
    ['sla_policies', 'id'],
  ]) {
    dump[table] = await db.query(`select * from "${schema}".${table} order by ${order}`);
  }
  return dump;
};

/** The rows the tables must hold, folded in memory from each stream as the store has it. */
const expectedRows = async (store: EventStore, complaintIds: readonly string[]) => {
  const rows = new Map<string, CaseRow>();
  let intervals = 0;
  let escalations = 0;
  for (const id of complaintIds) {
    const stored = await store.readStream(complaintStreamId(id));
    const facts = foldCase(
      undefined,
      stored.map(
        (event) =>
          ({ type: event.type, data: event.data, revision: event.revision }) as ComplaintEvent & { revision: number },
      ),
    );
    rows.set(id, caseRowOf(facts.record!));
    intervals += facts.intervals.length;
    escalations += facts.escalations.length;
  }
  return { rows, intervals, escalations };
};

const count = async ({ db, schema }: ReadModels, table: string) =>
  Number((await db.query<{ n: string }>(`select count(*) as n from "${schema}".${table}`))[0]!.n);

describe('read models', () => {
  const schema = uniqueSchema('projections');
  const readSchema = `${schema}_read`;
  let database: PostgresDatabase;
  let store: SqlEventStore;
  let readModels: ReadModels;
  let admin: pg.Client;
  const cases = generateComplaintHistories(2500, 7);
  const suppliers = generateSupplierHistories(30, 8);

  beforeAll(async () => {
    database = PostgresDatabase.connect(databaseUrl());
    store = await SqlEventStore.open(database, schema);
    readModels = { db: database, schema: readSchema };
    admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await appendHistories(store, [
      ...cases.map(({ complaintId, events }) => ({ streamId: complaintStreamId(complaintId), events })),
      ...suppliers.map(({ supplierId, events }) => ({ streamId: supplierStreamId(supplierId), events })),
    ]);
  });

  afterAll(async () => {
    await store.close();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`drop schema if exists "${readSchema}" cascade`);
    await admin.end();
  });

  it('holds, for thousands of generated cases, exactly the rows a fold of each stream gives', async () => {
    const projector = await Projector.open(store, readModels, { batchSize: 700 });
    await projector.catchUp();
    const status = await projector.status();
    assert.equal(status.lag, 0);
    assert.equal(status.checkpoint, await store.headPosition());

    const expected = await expectedRows(
      store,
      cases.map((c) => c.complaintId),
    );
    const stored = (await dumpTables(readModels)).complaint_cases as Record<string, unknown>[];
    assert.equal(stored.length, cases.length);
    for (const row of stored) {
      const want = expected.rows.get(row.id as string)!;
      assert.equal(row.step, want.step, `step of ${want.id}`);
      assert.equal(row.status, want.status);
      assert.equal(row.owner, want.owner);
      assert.equal(Number(row.revision), want.revision);
      assert.equal(row.breached, want.breached);
      assert.equal(Number(row.escalation_level), want.escalationLevel);
      assert.equal(Number(row.max_escalation_level), want.maxEscalationLevel);
      assert.equal(row.sla_due_at === null ? null : (row.sla_due_at as Date).toISOString(), want.slaDueAt);
      assert.equal(row.satisfaction_score, want.satisfactionScore);
    }
    assert.equal(await count(readModels, 'complaint_step_intervals'), expected.intervals);
    assert.equal(await count(readModels, 'complaint_escalations'), expected.escalations);

    // The generated history is varied enough for this to mean something.
    const statuses = new Set(stored.map((row) => `${String(row.status)}/${String(row.step)}`));
    assert.ok(statuses.size >= 6, `cases in many places: ${[...statuses].join(', ')}`);
    assert.ok(stored.some((row) => row.breached) && stored.some((row) => !row.breached));
    assert.ok(expected.escalations > 0 && Number(stored.filter((row) => Number(row.reopen_count) > 0).length) > 0);

    const scorecards = (await dumpTables(readModels)).supplier_scorecards as Record<string, unknown>[];
    assert.equal(scorecards.length, suppliers.length);
    for (const supplier of suppliers) {
      const stream = await store.readStream(supplierStreamId(supplier.supplierId));
      const { record, evaluations } = foldSupplier(
        undefined,
        stream.map((e) => ({ type: e.type, data: e.data, revision: e.revision }) as never),
      );
      const row = scorecards.find((card) => card.id === supplier.supplierId)!;
      const want = scorecardRowOf(record!);
      assert.equal(row.grade, want.grade);
      assert.equal(Number(row.evaluations), want.evaluations);
      assert.ok(evaluations.length >= 1);
    }
  });

  it("keeps each SLA policy once, out of the cases' states, and still folds a row written with the policy inside", async () => {
    const projector = await Projector.open(store, readModels);
    await projector.catchUp();
    const t = `"${readSchema}"`;
    assert.equal(await count(readModels, 'sla_policies'), 1, 'every generated case runs under the default policy');
    const [{ n: withPolicy }] = await database.query<{ n: string }>(
      `select count(*) as n from ${t}.complaint_cases where state->'sla' ? 'policy'`,
    );
    assert.equal(Number(withPolicy), 0);

    // A row as the projector wrote it before the policies had a table of their own.
    const open = cases.find(
      ({ events }) => events.at(-1)!.type !== 'ComplaintArchived' && events.at(-1)!.type !== 'ComplaintWithdrawn',
    )!;
    await database.query(
      `update ${t}.complaint_cases c set state = jsonb_set(c.state, '{sla,policy}', p.policy), sla_policy_id = null
         from ${t}.sla_policies p where c.id = $1 and p.id = c.sla_policy_id`,
      [open.complaintId],
    );
    const note = {
      type: 'CommentAdded',
      data: { text: 'After the upgrade', at: '2026-03-01T00:00:00.000Z', by: 'li.wei' },
    };
    await store.append(complaintStreamId(open.complaintId), [{ id: randomUUID(), type: note.type, data: note.data }], {
      expectedRevision: open.events.length - 1,
    });
    await projector.catchUp();
    const [row] = await database.query<{
      revision: number;
      state: { sla: object; commentCount: number };
      sla_policy_id: string | null;
    }>(`select revision, state, sla_policy_id from ${t}.complaint_cases where id = $1`, [open.complaintId]);
    assert.equal(Number(row!.revision), open.events.length);
    assert.equal(row!.state.commentCount, open.events.filter((e) => e.type === 'CommentAdded').length + 1);
    assert.ok(row!.sla_policy_id !== null && !('policy' in row!.state.sla), 'the policy moved out on the next write');
  });

  it('rebuilds from scratch into identical tables', async () => {
    const projector = await Projector.open(store, readModels);
    await projector.catchUp();
    const before = await dumpTables(readModels);
    const status = await projector.rebuild();
    assert.equal(status.lag, 0);
    assert.deepEqual(await dumpTables(readModels), before);
  });

  it('lists and filters the inbox as the folded rows say it should', async () => {
    const expected = [
      ...(
        await expectedRows(
          store,
          cases.map((c) => c.complaintId),
        )
      ).rows.values(),
    ];
    const now = new Date('2026-03-01T00:00:00.000Z');
    const owner = 'li.wei';
    const mine = await listCases(
      readModels,
      { owner, status: 'open' },
      { limit: 1000, offset: 0 },
      { sort: 'dueAt', now },
    );
    const wanted = expected.filter((row) => row.owner === owner && row.status === 'open');
    assert.equal(mine.total, wanted.length);
    assert.deepEqual(new Set(mine.items.map((item) => item.id)), new Set(wanted.map((row) => row.id)));
    const dues = mine.items.map((item) => item.sla.dueAt).filter((due) => due !== null);
    assert.deepEqual(dues, [...dues].sort(), 'the inbox puts what is due first');

    const escalated = await listCases(readModels, { escalated: true }, { limit: 5, offset: 0 });
    assert.equal(escalated.total, expected.filter((row) => row.escalationLevel > 0).length);
    assert.ok(escalated.items.length <= 5 && escalated.items.every((item) => item.sla.escalationLevel > 0));

    const overdue = await listCases(readModels, { overdue: true }, { limit: 5000, offset: 0 }, { now });
    const wantOverdue = expected.filter(
      (row) =>
        row.status === 'open' && (row.breachedNow || (row.slaDueAt !== null && row.slaDueAt <= now.toISOString())),
    );
    assert.equal(overdue.total, wantOverdue.length);
    const onTime = await listCases(readModels, { overdue: false }, { limit: 5000, offset: 0 }, { now });
    assert.equal(onTime.total, expected.length - wantOverdue.length, 'a case with no clock running is not overdue');
    const everything = await listCases(readModels, {}, { limit: 5000, offset: 0 }, { now });
    assert.ok(
      everything.items.every((item) => typeof item.sla.overdue === 'boolean'),
      'overdue is yes or no, never unknown',
    );

    const unassigned = await listCases(readModels, { unassigned: true }, { limit: 5000, offset: 0 });
    assert.equal(unassigned.total, expected.filter((row) => row.owner === null).length);
    assert.ok(unassigned.total > 0 && unassigned.items.every((item) => item.owner === null));
    const waiting = await listCases(readModels, { paused: true, status: 'open' }, { limit: 5000, offset: 0 });
    assert.equal(waiting.total, expected.filter((row) => row.slaPaused && row.status === 'open').length);
    assert.ok(waiting.total > 0 && waiting.items.every((item) => item.sla.paused));

    const target = expected[123]!;
    const found = await listCases(
      readModels,
      { q: `case 123: ${target.title.split(': ')[1]!.split(' ')[0]}` },
      { limit: 10, offset: 0 },
    );
    assert.ok(found.items.some((item) => item.id === target.id));
    const none = await listCases(readModels, { q: '%' }, { limit: 10, offset: 0 });
    assert.equal(none.total, 0, 'LIKE wildcards in the search text are literal');
    const byId = await listCases(readModels, { q: target.id.slice(0, 8) }, { limit: 10, offset: 0 });
    assert.deepEqual(
      byId.items.map((item) => item.id),
      [target.id],
      'a part of the id, as a case without a number is labelled',
    );

    // Rows written before words were indexed are found once the projector has filled their grams.
    const t = `"${readModels.schema}".complaint_cases`;
    await readModels.db.query(`update ${t} set search_grams = null where id = $1`, [target.id]);
    assert.equal((await listCases(readModels, { q: target.id.slice(0, 8) }, { limit: 10, offset: 0 })).total, 0);
    while ((await fillSearchGrams(readModels.db, readModels.schema, 7)) > 0);
    assert.equal((await listCases(readModels, { q: target.id.slice(0, 8) }, { limit: 10, offset: 0 })).total, 1);
  });

  it('labels every column and section a report has, in both languages', async () => {
    for (const report of [
      await complaintsReport(readModels, { period: 'month' }),
      await suppliersReport(readModels, { period: 'month' }),
    ]) {
      for (const catalogue of [en, zhCN]) {
        const labels = reportLabels(report, catalogue);
        for (const [code, label] of [...Object.entries(labels.sections), ...Object.entries(labels.columns)])
          assert.notEqual(label, code, `${code} has no ${catalogue.language} label`);
      }
    }
  });

  it("keeps the report's tallies equal to the rows they count, however often the cases changed, and reads a range that cuts days from the rows", async () => {
    const s = `"${readModels.schema}"`;
    for (const tally of complaintTallies) {
      const columns = ['day', ...Object.keys(tally.keys)];
      const sums = Object.keys(tally.sums);
      const kept = await readModels.db.query(
        `select ${[...columns, ...sums].join(', ')} from ${s}.${tally.table}
          where ${sums.map((sum) => `${sum} <> 0`).join(' or ')} order by ${columns.join(', ')}`,
      );
      const counted = await readModels.db.query(
        `select ${columns.join(', ')}, ${sums.map((sum) => `sum(${sum}) as ${sum}`).join(', ')}
           from (${tallyRows(tally, `${s}.${tally.source}`)}) f group by ${columns.join(', ')} order by ${columns.join(', ')}`,
      );
      // The generated histories never wait on the customer: case-actions.e2e reports a wait through the tallies.
      if (tally.table !== 'complaint_wait_tallies') assert.ok(counted.length > 0, `${tally.table} has rows to count`);
      const plain = (rows: Record<string, unknown>[]) =>
        rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [
              k,
              v instanceof Date
                ? v.toISOString()
                : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)
                  ? Math.round(Number(v) * 1000) / 1000
                  : typeof v === 'number'
                    ? Math.round(v * 1000) / 1000
                    : v,
            ]),
          ),
        );
      assert.deepEqual(plain(kept), plain(counted), tally.table);
    }
    // A range from the middle of one day to the middle of another: whole days from the tallies, the parts from the rows.
    const expected = [
      ...(
        await expectedRows(
          store,
          cases.map((c) => c.complaintId),
        )
      ).rows.values(),
    ];
    const instants = expected.map((row) => Date.parse(row.registeredAt)).sort((a, b) => a - b);
    const from = new Date(instants[Math.floor(instants.length / 4)]! + 1).toISOString();
    const to = new Date(instants[Math.floor((instants.length * 3) / 4)]!).toISOString();
    const within = expected.filter((row) => row.registeredAt >= from && row.registeredAt < to);
    assert.ok(new Date(from).getUTCHours() + new Date(to).getUTCHours() > 0 || within.length > 0);
    const report = await complaintsReport(readModels, { period: 'day', from, to });
    const sum = (column: string) =>
      report.sections.slaCompliance!.reduce((total, row) => total + (row[column] as number), 0);
    assert.equal(sum('cases'), within.length);
    assert.equal(sum('breached'), within.filter((row) => row.breached).length);
    assert.equal(sum('closed'), within.filter((row) => row.status !== 'open').length);
  });

  it('reports what the folded cases say: causes, first-pass yield, satisfaction, escalations', async () => {
    const expected = [
      ...(
        await expectedRows(
          store,
          cases.map((c) => c.complaintId),
        )
      ).rows.values(),
    ];
    const report = await complaintsReport(readModels, { period: 'month' });
    const pareto = report.sections.causePareto!;
    const causes = new Map<string, number>();
    for (const row of expected)
      if (row.causeCategory) causes.set(row.causeCategory, (causes.get(row.causeCategory) ?? 0) + 1);
    assert.deepEqual(new Map(pareto.map((row) => [row.causeCategory as string, row.count as number])), causes);
    assert.equal(pareto.at(-1)!.cumulativeShare, 1);
    assert.ok(pareto.every((row, i) => i === 0 || (row.count as number) <= (pareto[i - 1]!.count as number)));

    const verified = expected.filter((row) => row.verified);
    const fpy = report.sections.firstPassYield!;
    assert.equal(
      fpy.reduce((sum, row) => sum + (row.verified as number), 0),
      verified.length,
    );
    assert.equal(
      fpy.reduce((sum, row) => sum + (row.firstPass as number), 0),
      verified.filter((row) => row.failedVerifications === 0).length,
    );

    const compliance = report.sections.slaCompliance!;
    assert.equal(
      compliance.reduce((sum, row) => sum + (row.cases as number), 0),
      cases.length,
    );
    assert.equal(
      compliance.reduce((sum, row) => sum + (row.breached as number), 0),
      expected.filter((row) => row.breached).length,
    );

    const steps = report.sections.timeInStep!;
    assert.ok(steps.length >= 5 && steps.every((row) => (row.medianMs as number) <= (row.p90Ms as number)));
    assert.ok(report.sections.escalations!.length > 0);
    const scored = expected.filter((row) => row.satisfactionScore !== null);
    assert.equal(
      report.sections.satisfactionByCustomer!.reduce((sum, row) => sum + (row.responses as number), 0),
      scored.length,
    );

    const csv = reportToCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    assert.match(lines[0]!, /^Section,Period,Severity,Cases,/, 'headed for people, in English unless asked otherwise');
    assert.match(lines[1]!, /^SLA compliance,/);
    assert.match(reportToCsv(report, zhCN).split('\r\n')[0]!, /^部分,期间,严重程度,案件数,/);
    assert.equal(
      lines.length - 1,
      Object.values(report.sections).reduce((sum, rows) => sum + rows.length, 0),
    );

    const february = await complaintsReport(readModels, {
      period: 'month',
      from: '2026-02-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
    });
    assert.ok(february.sections.slaCompliance!.every((row) => row.period === '2026-02-01'));

    const supplierReport = await suppliersReport(readModels, { period: 'quarter' });
    assert.equal(
      supplierReport.sections.gradeDistribution!.reduce((sum, row) => sum + (row.count as number), 0),
      suppliers.length,
    );
    assert.ok(supplierReport.sections.gradeTrend!.length > 0);
  });

  it('neither loses nor repeats an event when it crashes between the tables and the checkpoint', async () => {
    const crashSchema = `${schema}_crash`;
    const crashModels = { db: database, schema: crashSchema };
    try {
      let crashes = 0;
      const projector = await Projector.open(store, crashModels, {
        batchSize: 400,
        beforeCheckpoint: () => {
          // Die in the third and the fifth batch, after the tables were written and before the checkpoint.
          if (++crashes === 3 || crashes === 5) throw new Error('crash');
        },
      });
      let failed = 0;
      for (;;) {
        try {
          if ((await projector.step()) === 0) break;
        } catch {
          failed++;
        }
      }
      assert.equal(failed, 2);
      const reference = await Projector.open(store, readModels);
      await reference.catchUp();
      assert.deepEqual(await dumpTables(crashModels), await dumpTables(readModels));
    } finally {
      await admin.query(`drop schema if exists "${crashSchema}" cascade`);
    }
  });

  it('quarantines a stream at an event it cannot fold, follows every other stream, and rebuilds beside the tables in use', async () => {
    const embedded = await PgliteDatabase.open();
    const local = await SqlEventStore.open(embedded);
    const models: ReadModels = { db: embedded, schema: 'read_models' };
    try {
      const [poisoned, healthy, later] = generateComplaintHistories(3, 11);
      // A registration stored before policies were bounded: its clocks cannot be planned, so it cannot be folded.
      const registration = poisoned!.events[0]! as unknown as {
        data: { slaPolicy: { severities: Record<string, { caseMs: number }> } };
      };
      registration.data.slaPolicy = structuredClone(registration.data.slaPolicy);
      for (const targets of Object.values(registration.data.slaPolicy.severities)) targets.caseMs = 6e16;
      await appendHistories(
        local,
        [poisoned!, healthy!].map(({ complaintId, events }) => ({ streamId: complaintStreamId(complaintId), events })),
      );
      const projector = await Projector.open(local, models, { batchSize: 100 });
      await projector.catchUp();
      const status = await projector.status();
      assert.equal(status.lag, 0);
      assert.deepEqual(
        status.quarantined.map((q) => [q.streamId, q.revision, q.type]),
        [[complaintStreamId(poisoned!.complaintId), 0, 'ComplaintRegistered']],
      );
      assert.match(status.quarantined[0]!.error, /time value|date/i);
      const ids = async () =>
        (await listCases(models, {}, { limit: 100, offset: 0 })).items.map((item) => item.id).sort();
      assert.deepEqual(await ids(), [healthy!.complaintId]);

      // Later events of the held stream are passed over; other streams' events still land.
      await appendHistories(local, [{ streamId: complaintStreamId(later!.complaintId), events: later!.events }]);
      await local.append(
        complaintStreamId(poisoned!.complaintId),
        [{ id: randomUUID(), type: 'CommentAdded', data: { text: 'x', by: 'a', at: '2026-01-05T09:00:00.000Z' } }],
        { expectedRevision: poisoned!.events.length - 1 },
      );
      await projector.catchUp();
      assert.deepEqual(await ids(), [healthy!.complaintId, later!.complaintId].sort());
      assert.equal((await projector.status()).lag, 0);

      // A rebuild that fails half way leaves the tables in use as they were.
      const failing = await Projector.open(local, models, {
        projections: [
          {
            ...complaintProjection,
            apply: () => Promise.reject(new EventStoreError('store-unavailable', 'gone in the middle of a rebuild')),
          },
          supplierProjection,
        ],
      });
      await assert.rejects(failing.rebuild(), /gone in the middle/);
      assert.deepEqual(await ids(), [healthy!.complaintId, later!.complaintId].sort());

      // A rebuild that succeeds swaps in whole tables, the poisoned stream quarantined again.
      const rebuilt = await (
        await Projector.open(local, models, { projections: [complaintProjection, supplierProjection] })
      ).rebuild();
      assert.equal(rebuilt.lag, 0);
      assert.deepEqual(
        rebuilt.quarantined.map((q) => q.streamId),
        [complaintStreamId(poisoned!.complaintId)],
      );
      assert.deepEqual(await ids(), [healthy!.complaintId, later!.complaintId].sort());
    } finally {
      await local.close();
    }
  });
});
