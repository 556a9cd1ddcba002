import { quoteSchema } from '../event-store/index.js';
import { isoOf, type ReadModels } from './read-models.js';

export type CaseListFilter = Readonly<{
  status?: string;
  step?: string;
  owner?: string;
  severity?: string;
  supplierId?: string;
  /** Open, and a running clock past its target (recorded or not yet). */
  overdue?: boolean;
  /** Standing on a rung of the escalation ladder now. */
  escalated?: boolean;
  /** Words that must all appear in the title, description, customer, references, owner or id. */
  q?: string;
}>;

export type CaseSort = 'registeredAt' | 'dueAt' | 'updatedAt';
export type Page = Readonly<{ limit: number; offset: number }>;

/** A case in a list: what an owner's inbox shows, without the case file. */
export type CaseListItem = Readonly<{
  id: string;
  revision: number;
  status: string;
  step: string | null;
  owner: string | null;
  severity: string;
  category: string;
  customer: { name: string; id: string | null };
  title: string;
  supplierId: string | null;
  causeCategory: string | null;
  registeredAt: string;
  updatedAt: string;
  closedAt: string | null;
  sla: { dueAt: string | null; paused: boolean; overdue: boolean; breached: boolean; escalationLevel: number };
  reopenCount: number;
}>;

export type Listing<T> = Readonly<{ items: T[]; total: number; limit: number; offset: number }>;

type CaseRowDb = Record<string, unknown> & {
  id: string;
  revision: number;
  status: string;
  step: string | null;
  owner: string | null;
  severity: string;
  category: string;
  customer_name: string;
  customer_id: string | null;
  title: string;
  supplier_id: string | null;
  cause_category: string | null;
  registered_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
  sla_due_at: Date | string | null;
  sla_paused: boolean;
  breached: boolean;
  escalation_level: number;
  reopen_count: number;
  overdue: boolean;
};

const orderBy: Record<CaseSort, string> = {
  registeredAt: 'registered_at desc, id',
  updatedAt: 'updated_at desc, id',
  dueAt: 'sla_due_at asc nulls last, id',
};

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The case list and inbox, from the read model: filters combine with AND. */
export const listCases = async (
  { db, schema }: ReadModels,
  filter: CaseListFilter,
  page: Page,
  { sort = 'registeredAt', now = new Date() }: { sort?: CaseSort; now?: Date } = {},
): Promise<Listing<CaseListItem>> => {
  const params: unknown[] = [now.toISOString()];
  const where: string[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  equal('status', filter.status);
  equal('step', filter.step);
  equal('owner', filter.owner);
  equal('severity', filter.severity);
  equal('supplier_id', filter.supplierId);
  const overdue = `(status = 'open' and (breached_now or sla_due_at <= $1::timestamptz))`;
  if (filter.overdue !== undefined) where.push(filter.overdue ? overdue : `not ${overdue}`);
  if (filter.escalated !== undefined) where.push(filter.escalated ? 'escalation_level > 0' : 'escalation_level = 0');
  for (const word of (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
    params.push(`%${escapeLike(word)}%`);
    where.push(`search like $${params.length}`);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const t = `${quoteSchema(schema)}.complaint_cases`;
  const [{ total } = { total: 0 }] = await db.query<{ total: string | number }>(`select count(*) as total from ${t} ${clause} ${clause ? 'and' : 'where'} $1::timestamptz is not null`, params);
  params.push(page.limit, page.offset);
  const rows = await db.query<CaseRowDb>(
    `select *, ${overdue} as overdue from ${t} ${clause} order by ${orderBy[sort]} limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { items: rows.map(toListItem), total: Number(total), ...page };
};

const toListItem = (row: CaseRowDb): CaseListItem => ({
  id: row.id,
  revision: Number(row.revision),
  status: row.status,
  step: row.step,
  owner: row.owner,
  severity: row.severity,
  category: row.category,
  customer: { name: row.customer_name, id: row.customer_id },
  title: row.title,
  supplierId: row.supplier_id,
  causeCategory: row.cause_category,
  registeredAt: isoOf(row.registered_at)!,
  updatedAt: isoOf(row.updated_at)!,
  closedAt: isoOf(row.closed_at),
  sla: { dueAt: isoOf(row.sla_due_at), paused: row.sla_paused, overdue: row.overdue, breached: row.breached, escalationLevel: Number(row.escalation_level) },
  reopenCount: Number(row.reopen_count),
});

export type ScorecardFilter = Readonly<{ status?: string; grade?: string; q?: string }>;

export type Scorecard = Readonly<{
  id: string;
  revision: number;
  name: string;
  category: string;
  criticality: string;
  status: string;
  grade: string | null;
  score: number | null;
  outcome: string | null;
  nextEvaluationDue: string | null;
  evaluationOpen: boolean;
  openCorrectiveActions: number;
  overdueCorrectiveActions: number;
  attributedComplaints: number;
  evaluations: number;
  lastEvaluatedAt: string | null;
}>;

/** Supplier scorecards, from the read model, by name. */
export const listScorecards = async ({ db, schema }: ReadModels, filter: ScorecardFilter, page: Page): Promise<Listing<Scorecard>> => {
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
  const [{ total } = { total: 0 }] = await db.query<{ total: string | number }>(`select count(*) as total from ${quoteSchema(schema)}.supplier_scorecards ${clause}`, params);
  params.push(page.limit, page.offset);
  const rows = await db.query<Record<string, unknown>>(
    `select * from ${quoteSchema(schema)}.supplier_scorecards ${clause} order by name, id limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return {
    items: rows.map((row) => ({
      id: row.id as string,
      revision: Number(row.revision),
      name: row.name as string,
      category: row.category as string,
      criticality: row.criticality as string,
      status: row.status as string,
      grade: row.grade as string | null,
      score: row.score === null ? null : Number(row.score),
      outcome: row.outcome as string | null,
      nextEvaluationDue: isoOf(row.next_evaluation_due as Date | null),
      evaluationOpen: row.evaluation_open as boolean,
      openCorrectiveActions: Number(row.open_corrective_actions),
      overdueCorrectiveActions: Number(row.overdue_corrective_actions),
      attributedComplaints: Number(row.attributed_complaints),
      evaluations: Number(row.evaluations),
      lastEvaluatedAt: isoOf(row.last_evaluated_at as Date | null),
    })),
    total: Number(total),
    ...page,
  };
};
