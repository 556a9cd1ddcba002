import { quoteSchema } from '../event-store/index.js';
import type { CaseRow } from './complaint-record.js';
import { fromColumns, type ReadModels } from './read-models.js';
import type { ScorecardRow } from './supplier-record.js';
import type { CaseListing, CustomerRow, Listing, CaseListItem } from '../contracts/read-views.js';
import { caseOrders, encodeCursor, keysOf, type CaseCursor, type CaseSort } from './case-cursor.js';
import { queryGrams } from './search-grams.js';
import type { Contact } from '../domain/index.js';

export type CaseListFilter = Readonly<{
  status?: string;
  step?: string;
  owner?: string;
  severity?: string;
  supplierId?: string;
  /** The customer's cases: its own id and those of the duplicates merged into it. */
  customerIds?: readonly string[];
  /** Open, and a running clock past its target (recorded or not yet). */
  overdue?: boolean;
  /** Standing on a rung of the escalation ladder now. */
  escalated?: boolean;
  /** Nobody owns it yet (true), or somebody does (false). */
  unassigned?: boolean;
  /** Its clocks are paused: it waits on the customer (true), or not (false). */
  paused?: boolean;
  causeCategory?: string;
  /** Registered in [registeredFrom, registeredTo): a report's period. */
  registeredFrom?: string;
  registeredTo?: string;
  /** Words that must all appear in the title, description, customer, references, owner or id. */
  q?: string;
}>;

export type { CaseSort };
export type Page = Readonly<{ limit: number; offset: number }>;

/** A page of cases: after a cursor (keyset) or past an offset (slower: the rows before it are read and dropped). */
export type CasePage = Readonly<{
  limit: number;
  offset?: number;
  cursor?: CaseCursor;
  /** `bounded` counts up to `totalBound` matches and stops; `exact` counts every one. */
  count?: 'exact' | 'bounded';
}>;

/** Where a bounded total stops counting: past it the list says "10,000+". */
export const totalBound = 10_000;

/** What a list shows: never the case file (`state`), which only the projector needs. */
const caseListColumns =
  'id, revision, status, step, owner, severity, category, customer_name, customer_id, title, number, supplier_id, cause_category, registered_at, updated_at, closed_at, sla_due_at, sla_paused, wait_reason, breached, escalation_level, reopen_count';
const scorecardColumns =
  'id, revision, name, category, criticality, status, grade, score, outcome, next_evaluation_due, evaluation_open, open_corrective_actions, overdue_corrective_actions, attributed_complaints, evaluations, last_evaluated_at, updated_at';

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Lower-case words, each of which must appear in a row's search text. */
const wordsOf = (q: string | undefined): string[] => (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);

/**
 * The SQL of the case list's filters, their parameters after `now` ($1):
 * filters combine with AND. A word of free text is found by the grams index
 * and confirmed by the text.
 */
const caseConditions = (filter: CaseListFilter, now: Date): { where: string[]; words: string[]; params: unknown[] } => {
  const params: unknown[] = [now.toISOString()];
  const where: string[] = [];
  const words: string[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  if (filter.status === 'closed') where.push(`status <> 'open'`);
  else equal('status', filter.status);
  equal('step', filter.step);
  equal('owner', filter.owner);
  equal('severity', filter.severity);
  equal('supplier_id', filter.supplierId);
  equal('cause_category', filter.causeCategory);
  if (filter.customerIds) {
    params.push(filter.customerIds);
    where.push(`customer_id = any($${params.length}::text[])`);
  }
  const registered = (operator: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`registered_at ${operator} $${params.length}::timestamptz`);
  };
  registered('>=', filter.registeredFrom);
  registered('<', filter.registeredTo);
  if (filter.overdue !== undefined) where.push(filter.overdue ? overdueSql : `not ${overdueSql}`);
  if (filter.escalated !== undefined) where.push(filter.escalated ? 'escalation_level > 0' : 'escalation_level = 0');
  if (filter.unassigned !== undefined) where.push(filter.unassigned ? 'owner is null' : 'owner is not null');
  if (filter.paused !== undefined) where.push(filter.paused ? 'sla_paused' : 'not sla_paused');
  for (const word of wordsOf(filter.q)) {
    params.push(`%${escapeLike(word)}%`);
    const like = `search like $${params.length}`;
    const grams = queryGrams(word);
    if (grams.length === 0) words.push(like);
    else {
      params.push(grams);
      words.push(`search_grams @> $${params.length}::text[] and ${like}`);
    }
  }
  return { where, words, params };
};

/**
 * How many rows in the list's order a search looks through for its page
 * before it asks the grams index: a common word ("cracked" in one case of
 * ten) fills a page within a few hundred rows in order, where the index
 * would hand over every case that holds it to be sorted; a rare one is the
 * index's (BENCHMARKS.md, scale).
 */
const searchWalk = 5000;

// A case with no clock running (waiting, or between steps) has no due time: not overdue rather than unknown.
const overdueSql = `(status = 'open' and (breached_now or coalesce(sla_due_at <= $1::timestamptz, false)))`;

/**
 * The case list and inbox, from the read model. A page after a cursor reads
 * only its own rows, by the index of its sort; a page past an offset reads
 * the rows before it too. The total is exact, or bounded when asked.
 */
export const listCases = async (
  { db, schema }: ReadModels,
  filter: CaseListFilter,
  page: CasePage,
  { sort = 'registeredAt', now = new Date() }: { sort?: CaseSort; now?: Date } = {},
): Promise<CaseListing> => {
  const { where: filters, words, params } = caseConditions(filter, now);
  const where = [...filters, ...words];
  const t = `${quoteSchema(schema)}.complaint_cases`;
  const clause = (more: string[] = [], conditions = where) => {
    const all = [...conditions, ...more, '$1::timestamptz is not null'];
    return `where ${all.join(' and ')}`;
  };
  const bounded = page.count === 'bounded';
  const counted = bounded
    ? `select count(*) as total from (select 1 from ${t} ${clause()} limit ${totalBound + 1}) matches`
    : `select count(*) as total from ${t} ${clause()}`;
  const [{ total } = { total: 0 }] = await db.query<{ total: string | number }>(counted, params);

  const order = caseOrders[sort];
  const keys = [...order.keys, 'id'];
  const direction = order.descending ? 'desc' : 'asc';
  const after: string[] = [];
  const pageParams = [...params];
  if (page.cursor) {
    const values = [...page.cursor.keys, page.cursor.id].map((value) => `$${pageParams.push(value)}`);
    after.push(`(${keys.join(', ')}) ${order.descending ? '<' : '>'} (${values.join(', ')})`);
  }
  const offset = page.cursor ? 0 : (page.offset ?? 0);
  const orderBy = `order by ${keys.map((key) => `${key} ${direction}`).join(', ')}`;
  const walked =
    words.length > 0 && offset === 0
      ? await db.query<Record<string, unknown>>(
          `select * from (
             select ${caseListColumns}, search, search_grams, ${overdueSql} as overdue from ${t} ${clause(after, filters)}
             ${orderBy} limit ${searchWalk}
           ) walked ${clause([], words)} ${orderBy} limit ${page.limit + 1}`,
          pageParams,
        )
      : [];
  const rows =
    walked.length > page.limit
      ? walked
      : await db.query<Record<string, unknown>>(
          `select ${caseListColumns}, ${overdueSql} as overdue from ${t} ${clause(after)}
            ${orderBy} limit ${page.limit + 1} offset $${pageParams.push(offset)}`,
          pageParams,
        );
  const listed = rows.map(({ search: _search, search_grams: _grams, ...row }) => fromColumns<ListedCase>(row));
  const shown = listed.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    items: shown.map(toListItem),
    total: bounded ? Math.min(Number(total), totalBound) : Number(total),
    totalExact: !bounded || Number(total) <= totalBound,
    limit: page.limit,
    offset: page.cursor ? null : offset,
    nextCursor:
      listed.length > page.limit && last ? encodeCursor({ sort, keys: keysOf(sort, last), id: last.id }) : null,
  };
};

type ListedCase = Omit<CaseRow, 'search' | 'searchGrams'> & { overdue: boolean };

const toListItem = (row: ListedCase): CaseListItem => ({
  id: row.id,
  revision: row.revision,
  status: row.status,
  step: row.step,
  owner: row.owner,
  severity: row.severity,
  category: row.category,
  customer: { name: row.customerName, id: row.customerId },
  title: row.title,
  number: row.number,
  supplierId: row.supplierId,
  causeCategory: row.causeCategory,
  registeredAt: row.registeredAt,
  updatedAt: row.updatedAt,
  closedAt: row.closedAt,
  sla: {
    dueAt: row.slaDueAt,
    paused: row.slaPaused,
    waitReason: row.waitReason,
    overdue: row.overdue,
    breached: row.breached,
    escalationLevel: row.escalationLevel,
  },
  reopenCount: row.reopenCount,
});

export type ScorecardFilter = Readonly<{ status?: string; grade?: string; q?: string }>;

/** A supplier's scorecard as lists show it. */
export type Scorecard = ScorecardRow;

/** Supplier scorecards, from the read model, by name. */
export const listScorecards = async (
  { db, schema }: ReadModels,
  filter: ScorecardFilter,
  page: Page,
): Promise<Listing<Scorecard>> => {
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [column, value] of [
    ['status', filter.status],
    ['grade', filter.grade],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  if (filter.q) {
    params.push(`%${escapeLike(filter.q.toLowerCase())}%`);
    where.push(`(lower(name) like $${params.length} or id like $${params.length})`);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const [{ total } = { total: 0 }] = await db.query<{ total: string | number }>(
    `select count(*) as total from ${quoteSchema(schema)}.supplier_scorecards ${clause}`,
    params,
  );
  params.push(page.limit, page.offset);
  const rows = await db.query<Record<string, unknown>>(
    `select ${scorecardColumns} from ${quoteSchema(schema)}.supplier_scorecards ${clause} order by name, id limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return {
    items: rows.map((row) => fromColumns<Scorecard>(row)),
    total: Number(total),
    ...page,
  };
};

export type CustomerFilter = Readonly<{ status?: string; kind?: string; q?: string }>;

/**
 * The customers whose complaints count in a customer's file, as SQL over
 * `roots(id)` (the customers asked about): each of them, and every customer
 * merged into one of them, however long the chain (`union` stops at a cycle
 * two merges at once could make). Answers (id, root).
 */
const mergeTree = (s: string, roots: string) => `tree(id, root) as (
    select id, id from ${roots}
    union
    select c.id, t.root from ${s}.customers c join tree t on c.merged_into = t.id
  )`;

/** Customers from the read model, by name, each with how many complaints it brought (its duplicates' included). */
/** A customer in a list as the read model holds it: its first contact as recorded, personal values sealed. */
export type ListedCustomer = Omit<CustomerRow, 'contact'> & { firstContact: Contact | null; erased: boolean };

export const listCustomers = async (
  { db, schema }: ReadModels,
  filter: CustomerFilter,
  page: Page,
): Promise<Listing<ListedCustomer>> => {
  const s = quoteSchema(schema);
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [column, value] of [
    ['status', filter.status],
    ['kind', filter.kind],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`cu.${column} = $${params.length}`);
  }
  for (const word of wordsOf(filter.q)) {
    params.push(`%${escapeLike(word)}%`);
    where.push(`cu.search like $${params.length}`);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const [{ total } = { total: 0 }] = await db.query<{ total: string | number }>(
    `select count(*) as total from ${s}.customers cu ${clause}`,
    params,
  );
  params.push(page.limit, page.offset);
  // The page first, then the complaints of its customers and of their duplicates, by index.
  const rows = await db.query<Record<string, unknown>>(
    `with recursive shown as (
       select cu.id, cu.revision, cu.name, cu.kind, cu.status, cu.merged_into, cu.external_ref, cu.registered_at,
              cu.updated_at, cu.state -> 'contacts' -> 0 as first_contact, (cu.state -> 'erased') is not null as erased
         from ${s}.customers cu ${clause}
        order by lower(cu.name), cu.id limit $${params.length - 1} offset $${params.length}
     ), ${mergeTree(s, 'shown')},
     counts as (
       select t.root, count(*) as complaints, count(*) filter (where c.status = 'open') as open_complaints
         from tree t join ${s}.complaint_cases c on c.customer_id = t.id group by t.root
     )
     select shown.*, coalesce(counts.complaints, 0) as complaints, coalesce(counts.open_complaints, 0) as open_complaints
       from shown left join counts on counts.root = shown.id
      order by lower(shown.name), shown.id`,
    params,
  );
  return {
    items: rows.map((row) => {
      const { complaints, openComplaints, ...rest } = fromColumns<ListedCustomer>(row);
      return { ...rest, complaints: Number(complaints), openComplaints: Number(openComplaints) };
    }),
    total: Number(total),
    ...page,
  };
};

/** The ids a customer's complaints are kept under: its own, and those of every customer merged into it. */
export const customerFileIds = async ({ db, schema }: ReadModels, customerId: string): Promise<string[]> => {
  const s = quoteSchema(schema);
  const rows = await db.query<{ id: string }>(
    `with recursive asked(id) as (select $1::text), ${mergeTree(s, 'asked')} select id from tree`,
    [customerId],
  );
  return rows.map((row) => row.id);
};

/** The active customer of this name, as two people typing it would agree (`nameKey`): the oldest, should there be two. */
export const customerNamed = async ({ db, schema }: ReadModels, nameKey: string): Promise<string | undefined> => {
  const [row] = await db.query<{ id: string }>(
    `select id from ${quoteSchema(schema)}.customers where name_key = $1 and status = 'active' and state->'erased' is null order by registered_at, id limit 1`,
    [nameKey],
  );
  return row?.id;
};

/** The case a feedback link was made for, by its token's hash. */
export const caseOfFeedbackLink = async (
  { db, schema }: ReadModels,
  tokenHash: string,
): Promise<string | undefined> => {
  const [row] = await db.query<{ case_id: string }>(
    `select case_id from ${quoteSchema(schema)}.feedback_links where token_hash = $1`,
    [tokenHash],
  );
  return row?.case_id;
};

/** Open cases by step and current escalation level, and closed ones by status: what a dashboard's gauges show. */
export type CaseCount = Readonly<{ status: string; step: string | null; escalationLevel: number; cases: number }>;

export const countCases = async ({ db, schema }: ReadModels): Promise<CaseCount[]> => {
  const rows = await db.query<{
    status: string;
    step: string | null;
    escalation_level: number;
    cases: string | number;
  }>(
    `select status, case when status = 'open' then step end as step, case when status = 'open' then escalation_level else 0 end as escalation_level, count(*) as cases
     from ${quoteSchema(schema)}.complaint_cases group by 1, 2, 3 order by 1, 2, 3`,
  );
  return rows.map((row) => ({
    status: row.status,
    step: row.step,
    escalationLevel: Number(row.escalation_level),
    cases: Number(row.cases),
  }));
};
