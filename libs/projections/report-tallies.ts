import type { SqlSession } from '../event-store/index.js';

/**
 * The complaint report's counts, kept by UTC day as events arrive, so a
 * year's report sums a few thousand rows rather than every case: each fact
 * a table of the read model makes (a case, its feedback, a step left, an
 * escalation, a wait ended) adds to its tally, and a case that changes takes
 * back what it added before. Times in a step and waits are tallied into
 * buckets 5% wide (`durationBucket`), their percentiles read from them.
 *
 * One definition each, in SQL: the projector adds and takes back with it,
 * the migration fills the tallies from rows already kept, and a report
 * reads the rows of a day it covers only in part with it, as tallies.
 */
export type Tally = Readonly<{
  table: string;
  /** The read model's table whose rows are tallied, and its column of when. */
  source: string;
  at: string;
  /** How a row names its case, for a report of one customer's cases. */
  caseColumn: 'id' | 'case_id';
  /** Which rows count. */
  where: string;
  /** Columns the tally is grouped by (after `day`), each with its SQL over a source row. */
  keys: Readonly<Record<string, string>>;
  /** Columns that add up, each with its SQL over a source row. */
  sums: Readonly<Record<string, string>>;
}>;

const ms = (from: string, to: string) => `(extract(epoch from (${to} - ${from})) * 1000)`;

/** Bucket b holds durations in [1.05^b, 1.05^(b+1)) ms; -1 those under a millisecond. */
export const bucketRatio = 1.05;
export const durationBucket = (duration: string) =>
  `(case when ${duration} < 1 then -1 else floor(ln(${duration}) / ln(${bucketRatio}))::int end)`;

export const caseTally: Tally = {
  table: 'complaint_case_tallies',
  source: 'complaint_cases',
  at: 'registered_at',
  caseColumn: 'id',
  where: 'true',
  keys: { severity: 'severity', cause_category: `coalesce(cause_category, '')` },
  sums: {
    cases: '1',
    closed: `(status <> 'open')::int`,
    breached: 'breached::int',
    met: `(status <> 'open' and not breached)::int`,
    verified: 'verified::int',
    first_pass: '(verified and failed_verifications = 0)::int',
  },
};

export const feedbackTally: Tally = {
  table: 'complaint_feedback_tallies',
  source: 'complaint_cases',
  at: 'feedback_at',
  caseColumn: 'id',
  where: 'satisfaction_score is not null',
  keys: { customer_id: `coalesce(customer_id, '')` },
  sums: {
    responses: '1',
    customer_answers: 'feedback_by_customer::int',
    score_sum: 'satisfaction_score',
    customer_score_sum: 'case when feedback_by_customer then satisfaction_score else 0 end',
    satisfied: '(satisfaction_score >= 4)::int',
    customer_satisfied: '(feedback_by_customer and satisfaction_score >= 4)::int',
  },
};

export const stepTally: Tally = {
  table: 'complaint_step_tallies',
  source: 'complaint_step_intervals',
  at: 'left_at',
  caseColumn: 'case_id',
  where: 'true',
  keys: { step: 'step', bucket: durationBucket(ms('entered_at', 'left_at')) },
  sums: { count: '1', ms_sum: ms('entered_at', 'left_at') },
};

export const escalationTally: Tally = {
  table: 'complaint_escalation_tallies',
  source: 'complaint_escalations',
  at: 'at',
  caseColumn: 'case_id',
  where: 'true',
  keys: { level: 'level', trigger: 'trigger' },
  sums: { count: '1' },
};

export const waitTally: Tally = {
  table: 'complaint_wait_tallies',
  source: 'complaint_waits',
  at: 'ended_at',
  caseColumn: 'case_id',
  where: 'true',
  keys: { reason: `coalesce(reason_code, '')`, bucket: durationBucket(ms('started_at', 'ended_at')) },
  sums: { count: '1', ms_sum: ms('started_at', 'ended_at') },
};

/** A source's rows as the tally's columns, one row each: `day`, the keys, the sums. */
export const tallyRows = (tally: Tally, rows: string, where = 'true'): string =>
  `select (${tally.at} at time zone 'UTC')::date as day,
          ${Object.entries({ ...tally.keys, ...tally.sums })
            .map(([column, sql]) => `${sql} as ${column}`)
            .join(', ')}
     from ${rows} r where ${tally.where} and ${where}`;

/** The SQL that adds (`sign` 1) or takes back (-1) the tallies of `rows` (a table or subquery, aliased). */
export const addTallySql = (tally: Tally, s: string, rows: string, sign: 1 | -1): string => {
  const keys = ['day', ...Object.keys(tally.keys)];
  const sums = Object.keys(tally.sums);
  const t = `${s}.${tally.table}`;
  return `insert into ${t} as kept (${[...keys, ...sums].join(', ')})
    select ${keys.join(', ')}, ${sums.map((sum) => `sum(${sum}) * ${sign}`).join(', ')}
      from (${tallyRows(tally, rows)}) facts group by ${keys.join(', ')}
    on conflict (${keys.join(', ')}) do update set ${sums.map((sum) => `${sum} = kept.${sum} + excluded.${sum}`).join(', ')}`;
};

/** The tally's table, created empty. */
export const createTallySql = (tally: Tally, s: string): string[] => {
  const keys = ['day', ...Object.keys(tally.keys)];
  const type = (column: string) =>
    column === 'day'
      ? 'date'
      : column === 'bucket' || column === 'level'
        ? 'integer'
        : column in tally.keys
          ? 'text'
          : column === 'ms_sum'
            ? 'double precision'
            : 'bigint';
  return [
    `create table ${s}.${tally.table} (
       ${[...keys, ...Object.keys(tally.sums)].map((column) => `${column} ${type(column)} not null`).join(',\n       ')},
       primary key (${keys.join(', ')})
     )`,
    addTallySql(tally, s, `${s}.${tally.source}`, 1),
  ];
};

/** The tallies every projected row adds to. */
export const complaintTallies = [caseTally, feedbackTally, stepTally, escalationTally, waitTally] as const;

/** The cases' part of the tallies, added or taken back: before their rows change (-1) and after (1). */
export const tallyCases = async (tx: SqlSession, s: string, ids: readonly string[], sign: 1 | -1) => {
  if (ids.length === 0) return;
  for (const tally of [caseTally, feedbackTally])
    await tx.query(addTallySql(tally, s, `(select * from ${s}.complaint_cases where id = any($1::text[]))`, sign), [
      ids,
    ]);
};

/**
 * The percentile `p` (0 to 1) of durations tallied in buckets, as
 * `percentile_cont` reads it from the durations themselves: between the two
 * nearest ranks, each taken at the middle of its bucket in the log (so
 * within 2.5% of the exact value).
 */
export const bucketPercentile = (buckets: readonly { bucket: number; count: number }[], p: number): number | null => {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  /** The k-th shortest duration (from 0), as its bucket tells it. */
  const nth = (k: number): number => {
    let before = 0;
    for (const { bucket, count } of sorted) {
      if (k < before + count) return bucket < 0 ? 0.5 : bucketRatio ** (bucket + 0.5);
      before += count;
    }
    return bucketRatio ** (sorted.at(-1)!.bucket + 0.5);
  };
  const rank = p * (total - 1);
  const low = Math.floor(rank);
  return nth(low) + (nth(Math.min(low + 1, total - 1)) - nth(low)) * (rank - low);
};
