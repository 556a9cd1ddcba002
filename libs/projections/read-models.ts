import { quoteSchema, runMigrations, type Migration, type SqlDatabase, type SqlSession } from '../event-store/index.js';
import { addTallySql, complaintTallies, createTallySql, type Tally } from './report-tallies.js';

/** Where the read tables live: a database and a schema of their own. */
export type ReadModels = Readonly<{ db: SqlDatabase; schema: string }>;

/** Every table the projections write; a rebuild makes them all afresh beside these, from the migrations. */
export const projectedTables = [
  'complaint_cases',
  'complaint_step_intervals',
  'complaint_escalations',
  'supplier_scorecards',
  'supplier_evaluations',
  'sla_policies',
  'quarantined_streams',
  'complaint_waits',
  'customers',
  'feedback_links',
  'complaint_notices',
] as const;

/** Append-only, as the event store's: a change is a new migration. */
const readModelMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'cases, step intervals, escalations, scorecards, evaluations',
    statements: (s) => [
      `create table ${s}.checkpoints (
         projection text primary key,
         position bigint,
         updated_at timestamptz not null
       )`,
      `create table ${s}.complaint_cases (
         id text primary key,
         revision integer not null,
         status text not null,
         step text,
         owner text,
         severity text not null,
         category text not null,
         channel text not null,
         customer_name text not null,
         customer_id text,
         title text not null,
         supplier_id text,
         cause_category text,
         registered_at timestamptz not null,
         updated_at timestamptz not null,
         closed_at timestamptz,
         step_entered_at timestamptz not null,
         sla_due_at timestamptz,
         sla_paused boolean not null,
         breached boolean not null,
         breached_now boolean not null,
         escalation_level integer not null,
         max_escalation_level integer not null,
         reopen_count integer not null,
         failed_verifications integer not null,
         verified boolean not null,
         satisfaction_score integer,
         feedback_at timestamptz,
         search text not null,
         state jsonb not null
       )`,
      `create index complaint_cases_owner_idx on ${s}.complaint_cases (owner, registered_at)`,
      `create index complaint_cases_step_idx on ${s}.complaint_cases (step, registered_at)`,
      `create index complaint_cases_supplier_idx on ${s}.complaint_cases (supplier_id)`,
      `create index complaint_cases_due_idx on ${s}.complaint_cases (sla_due_at) where status = 'open'`,
      `create index complaint_cases_registered_idx on ${s}.complaint_cases (registered_at, id)`,
      `create table ${s}.complaint_step_intervals (
         case_id text not null,
         revision integer not null,
         step text not null,
         severity text not null,
         entered_at timestamptz not null,
         left_at timestamptz not null,
         primary key (case_id, revision)
       )`,
      `create table ${s}.complaint_escalations (
         case_id text not null,
         revision integer not null,
         level integer not null,
         trigger text not null,
         role text not null,
         at timestamptz not null,
         primary key (case_id, revision)
       )`,
      `create table ${s}.supplier_scorecards (
         id text primary key,
         revision integer not null,
         name text not null,
         category text not null,
         criticality text not null,
         status text not null,
         grade text,
         score double precision,
         outcome text,
         next_evaluation_due timestamptz,
         evaluation_open boolean not null,
         open_corrective_actions integer not null,
         overdue_corrective_actions integer not null,
         attributed_complaints integer not null,
         evaluations integer not null,
         last_evaluated_at timestamptz,
         updated_at timestamptz not null,
         state jsonb not null
       )`,
      `create table ${s}.supplier_evaluations (
         supplier_id text not null,
         evaluation_id text not null,
         trigger text not null,
         evaluated_at timestamptz not null,
         score double precision not null,
         grade text not null,
         outcome text not null,
         primary key (supplier_id, evaluation_id)
       )`,
    ],
  },
  {
    version: 2,
    name: "the SLA policies cases run under, each kept once, out of every case's state",
    statements: (s) => [
      `create table ${s}.sla_policies (
         id text primary key,
         policy jsonb not null
       )`,
      `alter table ${s}.complaint_cases add column sla_policy_id text`,
    ],
  },
  {
    version: 3,
    name: 'streams held back at an event the projections could not fold',
    statements: (s) => [
      `create table ${s}.quarantined_streams (
         stream_id text primary key,
         position bigint not null,
         revision integer not null,
         type text not null,
         error text not null,
         quarantined_at timestamptz not null
       )`,
    ],
  },
  {
    version: 4,
    name: 'case numbers people say and search for',
    statements: (s) => [
      `alter table ${s}.complaint_cases add column number text`,
      `create unique index complaint_cases_number_idx on ${s}.complaint_cases (number)`,
    ],
  },
  {
    version: 5,
    name: 'why a case waits on the customer, and each wait once it ended (filled for past waits by a rebuild)',
    statements: (s) => [
      `alter table ${s}.complaint_cases add column wait_reason text`,
      `alter table ${s}.complaint_cases add column wait_counted_until timestamptz`,
      `create table ${s}.complaint_waits (
         case_id text not null,
         revision integer not null,
         reason_code text,
         started_at timestamptz not null,
         ended_at timestamptz not null,
         primary key (case_id, revision)
       )`,
    ],
  },
  {
    version: 6,
    name: 'customers, and the cases of each',
    statements: (s) => [
      `create table ${s}.customers (
         id text primary key,
         revision integer not null,
         name text not null,
         kind text not null,
         status text not null,
         merged_into text,
         external_ref text,
         name_key text not null,
         registered_at timestamptz not null,
         updated_at timestamptz not null,
         search text not null,
         state jsonb not null
       )`,
      // A complaint named by name finds its customer by the name as two people typing it would agree.
      `create index customers_name_key_idx on ${s}.customers (name_key)`,
      // A customer's file takes in every duplicate merged into it, however long the chain.
      `create index customers_merged_into_idx on ${s}.customers (merged_into)`,
      `create index complaint_cases_customer_idx on ${s}.complaint_cases (customer_id, registered_at)`,
    ],
  },
  {
    version: 7,
    name: "feedback links by their token's hash, and whose the last answer was",
    statements: (s) => [
      `create table ${s}.feedback_links (
         token_hash text primary key,
         case_id text not null
       )`,
      `alter table ${s}.complaint_cases add column feedback_by_customer boolean not null default false`,
    ],
  },
  {
    version: 8,
    name: 'what concerns each person, for the bell: by person, and by the role an escalation reached',
    statements: (s) => [
      `create table ${s}.complaint_notices (
         case_id text not null,
         revision integer not null,
         position bigint not null,
         kind text not null,
         person text,
         role text,
         level integer,
         at timestamptz not null,
         primary key (case_id, revision)
       )`,
      `create index complaint_notices_person_idx on ${s}.complaint_notices (person, position)`,
      `create index complaint_notices_role_idx on ${s}.complaint_notices (role, position) where person is null`,
    ],
  },
  {
    version: 9,
    name: 'lists that cost a page, not the history: an index for each order the inbox pages by, words found inside words',
    statements: (s) => {
      const due = `coalesce(sla_due_at, 'infinity'::timestamptz)`;
      const rank = `(case severity when 'critical' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;
      return [
        // Null until the projector fills it (fillSearchGrams): a row written before this migration has none yet.
        `alter table ${s}.complaint_cases add column search_grams text[]`,
        `create index complaint_cases_grams_idx on ${s}.complaint_cases using gin (search_grams)`,
        `create index complaint_cases_grams_missing_idx on ${s}.complaint_cases (id) where search_grams is null`,
        // The open views page soonest due first: all, overdue, escalated, unassigned, waiting, and a person's own.
        `drop index ${s}.complaint_cases_due_idx`,
        `create index complaint_cases_open_due_idx on ${s}.complaint_cases ((${due}), id) where status = 'open'`,
        `create index complaint_cases_open_owner_idx on ${s}.complaint_cases (owner, (${due}), id) where status = 'open'`,
        `create index complaint_cases_open_waiting_idx on ${s}.complaint_cases ((${due}), id) where status = 'open' and sla_paused`,
        `create index complaint_cases_open_severity_idx on ${s}.complaint_cases ((${rank}), (${due}), id) where status = 'open'`,
        `create index complaint_cases_updated_idx on ${s}.complaint_cases (updated_at, id)`,
        `create index complaint_cases_number_order_idx on ${s}.complaint_cases ((coalesce(number, '')), registered_at, id)`,
        `create index complaint_cases_owner_registered_idx on ${s}.complaint_cases (owner, registered_at, id)`,
        `drop index ${s}.complaint_cases_owner_idx`,
      ];
    },
  },
  {
    version: 10,
    name: "the complaint report's tallies by day, filled from the rows kept so far, and the times its partial days are read by",
    // The tallies' SQL lives in report-tallies.ts; a change to it is a new migration that fills them again.
    statements: (s) => [
      ...complaintTallies.flatMap((tally) => createTallySql(tally, s)),
      `create index complaint_cases_feedback_idx on ${s}.complaint_cases (feedback_at) where feedback_at is not null`,
      `create index complaint_step_intervals_left_idx on ${s}.complaint_step_intervals (left_at)`,
      `create index complaint_escalations_at_idx on ${s}.complaint_escalations (at)`,
      `create index complaint_waits_ended_idx on ${s}.complaint_waits (ended_at)`,
    ],
  },
];

export const migrateReadModels = ({ db, schema }: ReadModels): Promise<void> =>
  runMigrations(db, schema, readModelMigrations);

const columnNames = new Map<string, string>();
/** A field's column name, worked out once per name: a rebuild asks it for every field of every row. */
const snakeCase = (name: string): string => {
  let column = columnNames.get(name);
  if (column === undefined) {
    column = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    columnNames.set(name, column);
  }
  return column;
};

/** Rows as JSON with the tables' column names, for `jsonb_populate_recordset`. */
const asRecords = (rows: readonly object[]): string =>
  JSON.stringify(
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [snakeCase(key), value]))),
  );

/**
 * Writes many rows in one statement: `key` names the conflict target, and a
 * row already there is replaced (`upsert`) or left as it is (`insert`).
 */
export const writeRows = async (
  tx: SqlSession,
  schema: string,
  table: (typeof projectedTables)[number],
  rows: readonly object[],
  options: Readonly<{ key: readonly string[] } & ({ replace: true } | { replace: false; tally?: Tally })>,
): Promise<void> => {
  if (rows.length === 0) return;
  const { key, replace } = options;
  const t = `${quoteSchema(schema)}.${table}`;
  const columns = Object.keys(rows[0]!).map(snakeCase);
  const conflict = replace
    ? `do update set ${columns
        .filter((column) => !key.includes(column))
        .map((column) => `${column} = excluded.${column}`)
        .join(', ')}`
    : 'do nothing';
  const insert = `insert into ${t} (${columns.join(', ')})
     select ${columns.join(', ')} from jsonb_populate_recordset(null::${t}, $1::jsonb)
     on conflict (${key.join(', ')}) ${conflict}`;
  const tally = options.replace ? undefined : options.tally;
  // Only the rows new to the table add to its tally: a batch projected twice counts once.
  await tx.query(
    tally
      ? `with inserted as (${insert} returning *) ${addTallySql(tally, quoteSchema(schema), 'inserted', 1)}`
      : insert,
    [asRecords(rows)],
  );
};

const camelCase = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A table row as the object the folds wrote: camelCase names, timestamps as ISO strings (the tables hold no int8, so numbers are numbers in pg and PGlite alike). */
export const fromColumns = <T>(row: Record<string, unknown>): T =>
  Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      camelCase(column),
      value instanceof Date ? value.toISOString() : value,
    ]),
  ) as T;

/** Timestamps as the folds write them: ISO-8601 UTC with milliseconds. */
export const isoOf = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();
