import { quoteSchema } from '../event-store/index.js';
import { en, interpolate, localTime, type Catalogue } from '../i18n/index.js';
import { toCsv } from '../support/csv.js';
import { unspecified } from '../domain/index.js';
import type { ReadModels } from './read-models.js';
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

/**
 * `column` within [from, to), and the case (named by `caseColumn`: `id` in
 * the cases' table, `case_id` in the others) the customer's, as SQL and its
 * parameters.
 */
const within = (
  column: string,
  { from, to, customerIds }: ReportQuery,
  params: unknown[],
  { schema, caseColumn }: { schema: string; caseColumn: 'id' | 'case_id' },
): string => {
  const conditions: string[] = [];
  if (from) conditions.push(`${column} >= $${params.push(from)}::timestamptz`);
  if (to) conditions.push(`${column} < $${params.push(to)}::timestamptz`);
  if (customerIds) {
    const ids = `$${params.push(customerIds)}::text[]`;
    conditions.push(
      caseColumn === 'id'
        ? `customer_id = any(${ids})`
        : `case_id in (select id from ${quoteSchema(schema)}.complaint_cases where customer_id = any(${ids}))`,
    );
  }
  return conditions.length ? `where ${conditions.join(' and ')}` : '';
};

const select = async (
  readModels: ReadModels,
  query: ReportQuery,
  column: string,
  sql: (where: string) => string,
  caseColumn: 'id' | 'case_id' = 'id',
): Promise<Record<string, unknown>[]> => {
  const params: unknown[] = [];
  const where = within(column, query, params, { schema: readModels.schema, caseColumn });
  return readModels.db.query(sql(where), params);
};

/**
 * The complaint dashboard: SLA compliance per severity and period, time in
 * each step, first-pass yield of verification, the Pareto of causes,
 * customer satisfaction by period and customer, and escalations per level.
 * Cases count in the period they were registered; step times, feedback and
 * escalations in the period they happened.
 */
export const complaintsReport = async (readModels: ReadModels, query: ReportQuery): Promise<Report> => {
  const s = quoteSchema(readModels.schema);
  const { period } = query;

  const compliance = await select(
    readModels,
    query,
    'registered_at',
    (where) => `select ${periodOf('registered_at', period)} as period, severity,
         count(*) as cases,
         count(*) filter (where status <> 'open') as closed,
         count(*) filter (where breached) as breached,
         count(*) filter (where status <> 'open' and not breached) as met
       from ${s}.complaint_cases ${where} group by 1, 2 order by 1, 2`,
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

  const steps = await select(
    readModels,
    query,
    'left_at',
    (where) => `select step, count(*) as count,
         percentile_cont(0.5) within group (order by extract(epoch from (left_at - entered_at)) * 1000) as median_ms,
         percentile_cont(0.9) within group (order by extract(epoch from (left_at - entered_at)) * 1000) as p90_ms,
         avg(extract(epoch from (left_at - entered_at)) * 1000) as mean_ms
       from ${s}.complaint_step_intervals ${where} group by step
       order by array_position(array['identify','analyse','resolve','verify','feedback','archive'], step)`,
    'case_id',
  );
  const timeInStep = steps.map((row) => ({
    step: row.step as string,
    count: Number(row.count),
    medianMs: Math.round(num(row.median_ms)!),
    p90Ms: Math.round(num(row.p90_ms)!),
    meanMs: Math.round(num(row.mean_ms)!),
  }));

  const verification = await select(
    readModels,
    query,
    'registered_at',
    (where) => `select ${periodOf('registered_at', period)} as period,
         count(*) filter (where verified) as verified,
         count(*) filter (where verified and failed_verifications = 0) as first_pass
       from ${s}.complaint_cases ${where} group by 1 order by 1`,
  );
  const firstPassYield = verification.map((row) => ({
    period: row.period as string,
    verified: Number(row.verified),
    firstPass: Number(row.first_pass),
    yield: ratio(Number(row.first_pass), Number(row.verified)),
  }));

  const causes = await select(
    readModels,
    query,
    'registered_at',
    (
      where,
    ) => `select cause_category, count(*) as count from ${s}.complaint_cases ${where ? `${where} and` : 'where'} cause_category is not null
       group by 1 order by 2 desc, 1`,
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
    select(
      readModels,
      query,
      'feedback_at',
      (where) => `${prefix} select ${group} as key, count(*) as responses,
           count(*) filter (where feedback_by_customer) as customer_answers,
           coalesce(avg(satisfaction_score) filter (where feedback_by_customer), avg(satisfaction_score)) as mean_score,
           coalesce(
             (count(*) filter (where feedback_by_customer and satisfaction_score >= 4))::float
               / nullif(count(*) filter (where feedback_by_customer), 0),
             (count(*) filter (where satisfaction_score >= 4))::float / count(*)
           ) as satisfied_share
         from ${s}.complaint_cases ${join} ${where ? `${where} and` : 'where'} satisfaction_score is not null group by 1 order by ${order}`,
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
  const satisfactionByPeriod = (await satisfactionRows(periodOf('feedback_at', period), '1')).map((row) => ({
    period: row.key as string,
    ...csi(row),
  }));
  // By the customer's id (a renamed or merged-in customer counts once), named as the customer is called now.
  // A duplicate merged into another counts as the one that goes on, at the end of its chain.
  const byCustomer = await satisfactionRows(`coalesce(roots.root, customer_id, customer_name)`, '2 desc, 1', {
    prefix: `with recursive roots(id, root) as (
        select id, id from ${s}.customers where merged_into is null
        union
        select c.id, r.root from ${s}.customers c join roots r on c.merged_into = r.id
      )`,
    join: 'left join roots on roots.id = customer_id',
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

  const escalationRows = await select(
    readModels,
    query,
    'at',
    (where) => `select ${periodOf('at', period)} as period, level, trigger, count(*) as count
       from ${s}.complaint_escalations ${where} group by 1, 2, 3 order by 1, 2, 3`,
    'case_id',
  );
  const escalations = escalationRows.map((row) => ({
    period: row.period as string,
    level: Number(row.level),
    trigger: row.trigger as string,
    count: Number(row.count),
  }));

  const waitRows = await select(
    readModels,
    query,
    'ended_at',
    (where) => `select coalesce(reason_code, '${unspecified}') as reason, count(*) as waits,
         sum(extract(epoch from (ended_at - started_at)) * 1000) as total_ms,
         percentile_cont(0.5) within group (order by extract(epoch from (ended_at - started_at)) * 1000) as median_ms
       from ${s}.complaint_waits ${where} group by 1 order by 3 desc, 1`,
    'case_id',
  );
  // Wall-clock time the clocks stood still, counted in the period each wait ended.
  const pausedByReason = waitRows.map((row) => ({
    reason: row.reason as string,
    waits: Number(row.waits),
    totalMs: Math.round(num(row.total_ms)!),
    medianMs: Math.round(num(row.median_ms)!),
  }));

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
  const trend = await select(
    readModels,
    query,
    'evaluated_at',
    (
      where,
    ) => `select ${periodOf('evaluated_at', query.period)} as period, grade, count(*) as count, avg(score) as mean_score
       from ${s}.supplier_evaluations ${where} group by 1, 2 order by 1, 2`,
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
