import type { CaseRow, EscalationFact } from './complaint-record.js';
import type { Report, ReportPeriod, ReportRow } from './reports.js';

/** What the customer file reads of each case: its row as the read model keeps it (now), or as folded up to an instant (then). */
export type FileCase = Pick<
  CaseRow,
  | 'id'
  | 'number'
  | 'title'
  | 'status'
  | 'step'
  | 'severity'
  | 'registeredAt'
  | 'closedAt'
  | 'breached'
  | 'maxEscalationLevel'
  | 'causeCategory'
  | 'supplierId'
  | 'satisfactionScore'
  | 'feedbackAt'
  | 'feedbackByCustomer'
>;

/** A corrective action a supplier was asked for after one of the customer's complaints named it. */
export type FileCorrectiveAction = Readonly<{
  supplierId: string;
  supplierName: string;
  actionId: string;
  description: string;
  requestedAt: string;
  responseDue: string;
  overdue: boolean;
}>;

export type FileFacts = Readonly<{
  cases: readonly FileCase[];
  escalations: readonly EscalationFact[];
  correctiveActions: readonly FileCorrectiveAction[];
}>;

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The first day of the period an instant falls in (UTC), as the complaints report names periods. */
export const periodStart = (instant: string, period: ReportPeriod): string => {
  const date = new Date(instant);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const start = {
    day: () => new Date(Date.UTC(y, m, date.getUTCDate())),
    // ISO weeks start on Monday, as PostgreSQL's date_trunc('week').
    week: () => new Date(Date.UTC(y, m, date.getUTCDate() - ((date.getUTCDay() + 6) % 7))),
    month: () => new Date(Date.UTC(y, m, 1)),
    quarter: () => new Date(Date.UTC(y, m - (m % 3), 1)),
    year: () => new Date(Date.UTC(y, 0, 1)),
  }[period]();
  return start.toISOString().slice(0, 10);
};

/** Met: closed without any clock past its target; missed: a clock went past it; open and on time: not yet known. */
const slaMetOf = (row: FileCase): boolean | null => (row.breached ? false : row.status === 'open' ? null : true);

/**
 * The customer file (客户档案) as a report: every complaint with its status,
 * time to close and whether its SLA was met; the summary; satisfaction by
 * period on the 1-5 scale and as a 0-100 index; the Pareto of causes; every
 * escalation; and the corrective actions still open at suppliers its
 * complaints named. One function for the file now (rows of the read model)
 * and as it stood (cases folded up to the instant).
 */
export const customerFileOf = (
  { cases, escalations, correctiveActions }: FileFacts,
  { period, asOf }: { period: ReportPeriod; asOf: string | null },
): Report => {
  const sorted = [...cases].sort((a, b) => b.registeredAt.localeCompare(a.registeredAt) || a.id.localeCompare(b.id));
  const complaints: ReportRow[] = sorted.map((row) => ({
    complaintId: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    step: row.step,
    severity: row.severity,
    registeredAt: row.registeredAt,
    closedAt: row.closedAt,
    closeMs: row.closedAt === null ? null : Date.parse(row.closedAt) - Date.parse(row.registeredAt),
    slaMet: slaMetOf(row),
    maxEscalationLevel: row.maxEscalationLevel,
    causeCategory: row.causeCategory,
    satisfactionScore: row.satisfactionScore,
    answeredBy: row.satisfactionScore === null ? null : row.feedbackByCustomer ? 'customer' : 'owner',
  }));

  const closed = sorted.filter((row) => row.status !== 'open');
  const met = sorted.filter((row) => slaMetOf(row) === true).length;
  const missed = sorted.filter((row) => slaMetOf(row) === false).length;
  const closeTimes = closed
    .map((row) => Date.parse(row.closedAt!) - Date.parse(row.registeredAt))
    .sort((a, b) => a - b);
  const answered = sorted.filter((row) => row.satisfactionScore !== null);
  const byCustomer = answered.filter((row) => row.feedbackByCustomer);
  // The customers' own answers make the index where there are any; those owners took count otherwise.
  const scores = (byCustomer.length > 0 ? byCustomer : answered).map((row) => row.satisfactionScore!);
  const meanScore = scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const summary: ReportRow = {
    complaints: sorted.length,
    open: sorted.length - closed.length,
    closed: closed.length,
    met,
    breached: missed,
    compliance: ratio(met, met + missed),
    medianMs: closeTimes.length === 0 ? null : closeTimes[Math.floor((closeTimes.length - 1) / 2)]!,
    escalated: sorted.filter((row) => row.maxEscalationLevel > 0).length,
    responses: answered.length,
    customerAnswers: byCustomer.length,
    ownerAnswers: answered.length - byCustomer.length,
    meanScore: meanScore === null ? null : round2(meanScore),
    csi: meanScore === null ? null : Math.round(((meanScore - 1) / 4) * 1000) / 10,
  };

  const byPeriod = new Map<string, FileCase[]>();
  for (const row of answered) {
    if (row.feedbackAt === null) continue;
    const key = periodStart(row.feedbackAt, period);
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), row]);
  }
  const satisfactionByPeriod = [...byPeriod]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, rows]) => {
      const own = rows.filter((row) => row.feedbackByCustomer);
      const periodScores = (own.length > 0 ? own : rows).map((row) => row.satisfactionScore!);
      const mean = periodScores.reduce((sum, score) => sum + score, 0) / periodScores.length;
      return {
        period: key,
        responses: rows.length,
        customerAnswers: own.length,
        ownerAnswers: rows.length - own.length,
        meanScore: round2(mean),
        csi: Math.round(((mean - 1) / 4) * 1000) / 10,
        satisfiedShare: ratio(periodScores.filter((score) => score >= 4).length, periodScores.length),
      };
    });

  const causeCounts = new Map<string, number>();
  for (const row of sorted)
    if (row.causeCategory !== null) causeCounts.set(row.causeCategory, (causeCounts.get(row.causeCategory) ?? 0) + 1);
  const causeTotal = [...causeCounts.values()].reduce((sum, count) => sum + count, 0);
  let cumulative = 0;
  const causePareto = [...causeCounts]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([causeCategory, count]) => {
      cumulative += count;
      return { causeCategory, count, share: ratio(count, causeTotal), cumulativeShare: ratio(cumulative, causeTotal) };
    });

  const numbers = new Map(sorted.map((row) => [row.id, row.number ?? row.id]));
  const escalationRows = [...escalations]
    .filter((escalation) => numbers.has(escalation.caseId))
    .sort((a, b) => a.at.localeCompare(b.at) || a.revision - b.revision)
    .map((escalation) => ({
      complaintId: escalation.caseId,
      number: numbers.get(escalation.caseId)!,
      level: escalation.level,
      trigger: escalation.trigger,
      role: escalation.role,
      at: escalation.at,
    }));

  return {
    generatedAt: new Date().toISOString(),
    from: null,
    to: asOf,
    period,
    sections: {
      summary: [summary],
      complaints,
      satisfactionByPeriod,
      causePareto,
      escalationsByCase: escalationRows,
      openCorrectiveActions: [...correctiveActions].sort((a, b) => a.responseDue.localeCompare(b.responseDue)),
    },
  };
};

/**
 * The corrective actions still open at the suppliers the customer's
 * complaints named, asked for once the first of those complaints was
 * registered: the supplier's answer to what this customer suffered.
 */
export const correctiveActionsFor = (
  cases: readonly FileCase[],
  suppliers: readonly {
    id: string;
    name: string;
    correctiveActions: readonly {
      id: string;
      description: string;
      requestedAt: string;
      responseDue: string;
      respondedAt?: string;
      overdue: boolean;
    }[];
  }[],
  asOf: string | null,
): FileCorrectiveAction[] => {
  const firstNamed = new Map<string, string>();
  for (const row of cases)
    if (row.supplierId && (!firstNamed.has(row.supplierId) || row.registeredAt < firstNamed.get(row.supplierId)!))
      firstNamed.set(row.supplierId, row.registeredAt);
  const before = (instant: string) => asOf === null || instant <= asOf;
  return suppliers.flatMap((supplier) => {
    const since = firstNamed.get(supplier.id);
    if (since === undefined) return [];
    return supplier.correctiveActions
      .filter((action) => action.requestedAt >= since && before(action.requestedAt))
      .filter((action) => action.respondedAt === undefined || !before(action.respondedAt))
      .map((action) => ({
        supplierId: supplier.id,
        supplierName: supplier.name,
        actionId: action.id,
        description: action.description,
        requestedAt: action.requestedAt,
        responseDue: action.responseDue,
        overdue: asOf === null ? action.overdue : action.responseDue < asOf,
      }));
  });
};
