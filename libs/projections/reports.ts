import { quoteSchema } from '../event-store/index.js';
import { en, interpolate, localTime, type Catalogue } from '../i18n/index.js';
import { toCsv } from '../support/csv.js';
import { unspecified } from '../domain/index.js';
import type { ReadModels } from './read-models.js';
import {
  bucketPercentile,
  caseTally,
  escalationTally,
  feedbackTally,
  stepTally,
  tallyRows,
  waitTally,
  type Tally,
} from './report-tallies.js';
import type { LabelledReport } from '../contracts/read-views.js';

export const reportPeriods = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

export type ReportQuery = Readonly<{
  from?: string;
  to?: string;
  period: ReportPeriod;
  /** Only one customer's cases: its id and those of the duplicates merged into it. */
  customerIds?: readonly string[];
}>;

type Cell = string | number | boolean | null;
export type ReportRow = Readonly<Record<string, Cell>>;
/** A report is named tables of flat rows, so it reads as JSON and exports as CSV alike; the API adds their headings. */
export type Report = Omit<LabelledReport, 'labels' | 'period' | 'sections'> &
  Readonly<{ period: ReportPeriod; sections: Readonly<Record<string, ReportRow[]>> }>;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** SQL for "the period an instant falls in", as YYYY-MM-DD of its first day, in UTC. */
const periodOf = (column: string, period: ReportPeriod) =>
  `to_char(date_trunc('${period}', ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;

/** The same for a tally's UTC day. */
const periodOfDay = (period: ReportPeriod) => `to_char(date_trunc('${period}', day::timestamp), 'YYYY-MM-DD')`;

const dayMs = 86_400_000;
/** The days [from, to) covers whole, as the instants of their bounds (unbounded ends infinite). */
const wholeDays = (from: string | undefined, to: string | undefined): [string, string] => [
  from ? new Date(Math.ceil(Date.parse(from) / dayMs) * dayMs).toISOString() : '-infinity',
  to ? new Date(Math.floor(Date.parse(to) / dayMs) * dayMs).toISOString() : 'infinity',
];

/**
 * A tally's rows over the report's range, as SQL: the tallies of the days it
 * covers whole, and the rows of the days it covers in part, tallied as they
 * are read. One customer's report reads that customer's rows alone (a few,
 * by index): the tallies count every customer's together.
 */
const factsOf = (tally: Tally, { from, to, customerIds }: ReportQuery, params: unknown[], s: string): string => {
  const at = `r.${tally.at}`;
  const within: string[] = [];
  if (from) within.push(`${at} >= $${params.push(from)}::timestamptz`);
  if (to) within.push(`${at} < $${params.push(to)}::timestamptz`);
  const source = `${s}.${tally.source}`;
  if (customerIds) {
    const ids = `$${params.push(customerIds)}::text[]`;
    within.push(
      tally.caseColumn === 'id'
        ? `r.customer_id = any(${ids})`
        : `r.case_id in (select id from ${s}.complaint_cases where customer_id = any(${ids}))`,
    );
    return `(${tallyRows(tally, source, within.join(' and ') || 'true')})`;
  }
  const [first, last] = wholeDays(from, to).map((instant) => `$${params.push(instant)}::timestamptz`);
  const columns = ['day', ...Object.keys(tally.keys), ...Object.keys(tally.sums)].join(', ');
  const partly = [...within, `not (${at} >= ${first} and ${at} < ${last})`].join(' and ');
  return `(select ${columns} from ${s}.${tally.table}
            where day >= (${first} at time zone 'UTC')::date and day < (${last} at time zone 'UTC')::date
           union all ${tallyRows(tally, source, partly)})`;
};

/** A section's rows: `sql` over the tally's facts in the report's range. */
const tallied = async (
  readModels: ReadModels,
  query: ReportQuery,
  tally: Tally,
  sql: (facts: string) => string,
): Promise<Record<string, unknown>[]> => {
  const params: unknown[] = [];
  const facts = factsOf(tally, query, params, quoteSchema(readModels.schema));
  return readModels.db.query(sql(`${facts} f`), params);
};

/** Durations tallied in buckets, by a key: how many, their total, and their median and 90th percentile. */
const durationsBy = (rows: readonly Record<string, unknown>[], key: string) => {
  const groups = new Map<string, { bucket: number; count: number; ms: number }[]>();
  for (const row of rows) {
    const group = groups.get(row[key] as string) ?? [];
    if (group.length === 0) groups.set(row[key] as string, group);
    group.push({ bucket: Number(row.bucket), count: Number(row.count), ms: Number(row.ms_sum) });
  }
  return [...groups].map(([name, buckets]) => {
    const count = buckets.reduce((sum, b) => sum + b.count, 0);
    const totalMs = buckets.reduce((sum, b) => sum + b.ms, 0);
    return {
      name,
      count,
      totalMs,
      meanMs: totalMs / count,
      medianMs: bucketPercentile(buckets, 0.5)!,
      p90Ms: bucketPercentile(buckets, 0.9)!,
    };
  });
};

const stepOrder = ['identify', 'analyse', 'resolve', 'verify', 'feedback', 'archive'];

/**
 * The complaint dashboard: SLA compliance per severity and period, time in
 * each step, first-pass yield of verification, the Pareto of causes,
 * customer satisfaction by period and customer, and escalations per level.
 * Cases count in the period they were registered; step times, feedback and
 * escalations in the period they happened. Read from the tallies the
 * projector keeps by day (report-tallies.ts): counts, sums and means exact,
 * medians and 90th percentiles within 2.5%.
 */
export const complaintsReport = async (readModels: ReadModels, query: ReportQuery): Promise<Report> => {
  const s = quoteSchema(readModels.schema);
  const { period } = query;

  const compliance = await tallied(
    readModels,
    query,
    caseTally,
    (facts) => `select ${periodOfDay(period)} as period, severity, sum(cases) as cases, sum(closed) as closed,
         sum(breached) as breached, sum(met) as met
       from ${facts} group by 1, 2 having sum(cases) > 0 order by 1, 2`,
  );
  const slaCompliance = compliance.map((row) => {
    const met = Number(row.met);
    const breached = Number(row.breached);
    return {
      period: row.period as string,
      severity: row.severity as string,
      cases: Number(row.cases),
      closed: Number(row.closed),
      met,
      breached,
      compliance: ratio(met, met + breached),
    };
  });

  const steps = await tallied(
    readModels,
    query,
    stepTally,
    (facts) => `select step, bucket, sum(count) as count, sum(ms_sum) as ms_sum
       from ${facts} group by 1, 2 having sum(count) > 0`,
  );
  const timeInStep = durationsBy(steps, 'step')
    .sort((a, b) => stepOrder.indexOf(a.name) - stepOrder.indexOf(b.name))
    .map((row) => ({
      step: row.name,
      count: row.count,
      medianMs: Math.round(row.medianMs),
      p90Ms: Math.round(row.p90Ms),
      meanMs: Math.round(row.meanMs),
    }));

  const verification = await tallied(
    readModels,
    query,
    caseTally,
    (facts) => `select ${periodOfDay(period)} as period, sum(verified) as verified, sum(first_pass) as first_pass
       from ${facts} group by 1 having sum(cases) > 0 order by 1`,
  );
  const firstPassYield = verification.map((row) => ({
    period: row.period as string,
    verified: Number(row.verified),
    firstPass: Number(row.first_pass),
    yield: ratio(Number(row.first_pass), Number(row.verified)),
  }));

  const causes = await tallied(
    readModels,
    query,
    caseTally,
    (facts) => `select cause_category, sum(cases) as count from ${facts} where cause_category <> ''
       group by 1 having sum(cases) > 0 order by 2 desc, 1`,
  );
  const causeTotal = causes.reduce((sum, row) => sum + Number(row.count), 0);
  let cumulative = 0;
  const causePareto = causes.map((row) => {
    cumulative += Number(row.count);
    return {
      causeCategory: row.cause_category as string,
      count: Number(row.count),
      share: ratio(Number(row.count), causeTotal),
      cumulativeShare: ratio(cumulative, causeTotal),
    };
  });

  // The customers' own answers and those owners took count apart; the index uses the customers' where there are any.
  const satisfactionRows = (group: string, order: string, { prefix = '', join = '' } = {}) =>
    tallied(
      readModels,
      query,
      feedbackTally,
      (
        facts,
      ) => `${prefix} select ${group} as key, sum(responses) as responses, sum(customer_answers) as customer_answers,
           coalesce(sum(customer_score_sum)::float / nullif(sum(customer_answers), 0), sum(score_sum)::float / sum(responses)) as mean_score,
           coalesce(sum(customer_satisfied)::float / nullif(sum(customer_answers), 0), sum(satisfied)::float / sum(responses)) as satisfied_share
         from ${facts} ${join} group by 1 having sum(responses) > 0 order by ${order}`,
    );
  // CSI on the 1-5 scale as a 0-100 index: (mean - 1) / 4 * 100.
  const csi = (row: Record<string, unknown>) => ({
    responses: Number(row.responses),
    customerAnswers: Number(row.customer_answers),
    ownerAnswers: Number(row.responses) - Number(row.customer_answers),
    meanScore: Math.round(num(row.mean_score)! * 100) / 100,
    csi: Math.round(((num(row.mean_score)! - 1) / 4) * 1000) / 10,
    satisfiedShare: Math.round(num(row.satisfied_share)! * 10_000) / 10_000,
  });
  const satisfactionByPeriod = (await satisfactionRows(periodOfDay(period), '1')).map((row) => ({
    period: row.key as string,
    ...csi(row),
  }));
  // By the customer's id (a renamed or merged-in customer counts once), named as the customer is called now.
  // A duplicate merged into another counts as the one that goes on, at the end of its chain.
  const byCustomer = await satisfactionRows(`coalesce(roots.root, f.customer_id)`, '2 desc, 1', {
    prefix: `with recursive roots(id, root) as (
        select id, id from ${s}.customers where merged_into is null
        union
        select c.id, r.root from ${s}.customers c join roots r on c.merged_into = r.id
      )`,
    join: 'left join roots on roots.id = f.customer_id',
  });
  const names = new Map(
    (
      await readModels.db.query<{ id: string; name: string }>(
        `select id, name from ${s}.customers where id = any($1::text[])`,
        [byCustomer.map((row) => row.key)],
      )
    ).map((row) => [row.id, row.name]),
  );
  const satisfactionByCustomer = byCustomer.map((row) => ({
    customerId: row.key as string,
    customer: names.get(row.key as string) ?? (row.key as string),
    ...csi(row),
  }));

  const escalationRows = await tallied(
    readModels,
    query,
    escalationTally,
    (facts) => `select ${periodOfDay(period)} as period, level, trigger, sum(count) as count
       from ${facts} group by 1, 2, 3 having sum(count) > 0 order by 1, 2, 3`,
  );
  const escalations = escalationRows.map((row) => ({
    period: row.period as string,
    level: Number(row.level),
    trigger: row.trigger as string,
    count: Number(row.count),
  }));

  const waitRows = await tallied(
    readModels,
    query,
    waitTally,
    (facts) => `select reason, bucket, sum(count) as count, sum(ms_sum) as ms_sum
       from ${facts} group by 1, 2 having sum(count) > 0`,
  );
  // Wall-clock time the clocks stood still, counted in the period each wait ended.
  const pausedByReason = durationsBy(waitRows, 'reason')
    .map((row) => ({
      reason: row.name || unspecified,
      waits: row.count,
      totalMs: Math.round(row.totalMs),
      medianMs: Math.round(row.medianMs),
    }))
    .sort((a, b) => b.totalMs - a.totalMs || a.reason.localeCompare(b.reason));

  return {
    generatedAt: new Date().toISOString(),
    from: query.from ?? null,
    to: query.to ?? null,
    period,
    sections: {
      slaCompliance,
      timeInStep,
      firstPassYield,
      causePareto,
      satisfactionByPeriod,
      satisfactionByCustomer,
      escalations,
      pausedByReason,
    },
  };
};

/** Supplier scorecards as of now, the grade distribution, and grades and scores per period of evaluation. */
export const suppliersReport = async (readModels: ReadModels, query: ReportQuery): Promise<Report> => {
  const s = quoteSchema(readModels.schema);
  const distribution = await readModels.db.query<Record<string, unknown>>(
    `select coalesce(grade, 'ungraded') as grade, status, count(*) as count from ${s}.supplier_scorecards group by 1, 2 order by 1, 2`,
  );
  // Evaluations are a few a supplier a year: read as they are.
  const params: unknown[] = [];
  const within = [
    ...(query.from ? [`evaluated_at >= $${params.push(query.from)}::timestamptz`] : []),
    ...(query.to ? [`evaluated_at < $${params.push(query.to)}::timestamptz`] : []),
  ];
  const trend = await readModels.db.query<Record<string, unknown>>(
    `select ${periodOf('evaluated_at', query.period)} as period, grade, count(*) as count, avg(score) as mean_score
       from ${s}.supplier_evaluations ${within.length ? `where ${within.join(' and ')}` : ''} group by 1, 2 order by 1, 2`,
    params,
  );
  const scorecards = await readModels.db.query<Record<string, unknown>>(
    `select id, name, status, grade, score, outcome, next_evaluation_due, open_corrective_actions, overdue_corrective_actions, attributed_complaints, evaluations
     from ${s}.supplier_scorecards order by score asc nulls first, name`,
  );
  return {
    generatedAt: new Date().toISOString(),
    from: query.from ?? null,
    to: query.to ?? null,
    period: query.period,
    sections: {
      gradeDistribution: distribution.map((row) => ({
        grade: row.grade as string,
        status: row.status as string,
        count: Number(row.count),
      })),
      gradeTrend: trend.map((row) => ({
        period: row.period as string,
        grade: row.grade as string,
        evaluations: Number(row.count),
        meanScore: Math.round(num(row.mean_score)! * 100) / 100,
      })),
      scorecards: scorecards.map((row) => ({
        supplierId: row.id as string,
        name: row.name as string,
        status: row.status as string,
        grade: row.grade as string | null,
        score: num(row.score),
        outcome: row.outcome as string | null,
        nextEvaluationDue:
          row.next_evaluation_due === null ? null : new Date(row.next_evaluation_due as string).toISOString(),
        openCorrectiveActions: Number(row.open_corrective_actions),
        overdueCorrectiveActions: Number(row.overdue_corrective_actions),
        attributedComplaints: Number(row.attributed_complaints),
        evaluations: Number(row.evaluations),
      })),
    },
  };
};

/** A code's label in the catalogue, or the code itself where the catalogue has none. */
const labelIn = (labels: Readonly<Record<string, string>>, code: string): string => labels[code] ?? code;

/** The headings of a report's sections and columns in one language, for whoever draws it. */
export const reportLabels = (report: Report, catalogue: Catalogue = en) => {
  const columns = [
    ...new Set(Object.values(report.sections).flatMap((rows) => rows.flatMap((row) => Object.keys(row)))),
  ];
  return {
    sections: Object.fromEntries(
      Object.keys(report.sections).map((section) => [section, labelIn(catalogue.reportSection, section)]),
    ),
    columns: Object.fromEntries(columns.map((column) => [column, labelIn(catalogue.reportColumn, column)])),
  };
};

/** Milliseconds in a report's JSON, hours in its sheet: people read durations of days in hours. */
const hoursColumns: Readonly<Record<string, string>> = {
  totalMs: 'totalHours',
  meanMs: 'meanHours',
  medianMs: 'medianHours',
  p90Ms: 'p90Hours',
  closeMs: 'closeHours',
};
const hours = (ms: Cell): Cell => (typeof ms === 'number' ? Math.round((ms / 3_600_000) * 100) / 100 : ms);
/** Columns that hold an instant (ISO 8601, UTC). */
const instantColumns: ReadonlySet<string> = new Set([
  'nextEvaluationDue',
  'registeredAt',
  'closedAt',
  'at',
  'requestedAt',
  'responseDue',
]);

/** A cell as a person reads it: a code as its word, a level as "Level 2", an instant as a local time. */
const readableCell = (catalogue: Catalogue, timeZone: string, column: string, value: Cell): Cell => {
  if (typeof value === 'number' && column === 'level') return interpolate(catalogue.reportCell.level, { level: value });
  if (typeof value === 'boolean') return value ? catalogue.reportCell.yes : catalogue.reportCell.no;
  if (typeof value !== 'string') return value;
  const words: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    severity: catalogue.severity,
    step: catalogue.step,
    causeCategory: catalogue.cause,
    trigger: catalogue.escalationTrigger,
    status: { ...catalogue.status, ...catalogue.supplierStatus },
    outcome: catalogue.outcome,
    grade: { ungraded: catalogue.reportCell.ungraded },
    role: catalogue.role,
    answeredBy: { customer: catalogue.reportCell.customer, owner: catalogue.reportCell.owner },
    reason: { ...catalogue.pauseReason, [unspecified]: catalogue.reportCell.unspecifiedReason },
  };
  if (instantColumns.has(column)) return localTime(value, timeZone);
  return words[column]?.[value] ?? value;
};

/**
 * Every section in one sheet, for people: a section column, then every column
 * any section has, headed in the catalogue's language; codes as words,
 * durations in hours, instants as local times in `timeZone` (named in their
 * heading). The JSON keeps codes, milliseconds and UTC for programs.
 */
export const reportToCsv = (report: Report, catalogue: Catalogue = en, timeZone = 'UTC'): string => {
  const sheetColumn = (column: string) => hoursColumns[column] ?? column;
  const columns = [
    'section',
    ...new Set(
      Object.values(report.sections).flatMap((rows) => rows.flatMap((row) => Object.keys(row).map(sheetColumn))),
    ),
  ];
  const rows = Object.entries(report.sections).flatMap(([section, sectionRows]) =>
    sectionRows.map((row) => ({
      section: labelIn(catalogue.reportSection, section),
      ...Object.fromEntries(
        Object.entries(row).map(([column, value]) =>
          hoursColumns[column]
            ? [hoursColumns[column], hours(value)]
            : [column, readableCell(catalogue, timeZone, column, value)],
        ),
      ),
    })),
  );
  const separator = catalogue === en ? ' ' : '';
  const heading = (column: string) => {
    const label = labelIn(catalogue.reportColumn, column);
    if (!instantColumns.has(column)) return label;
    return catalogue === en ? `${label}${separator}(${timeZone})` : `${label}（${timeZone}）`;
  };
  return toCsv(columns, rows, columns.map(heading));
};
