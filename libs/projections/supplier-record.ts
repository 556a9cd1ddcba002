import type { ScorecardRow } from '../contracts/read-views.js';
import {
  evaluationCountOf,
  evolveSupplier,
  initialSupplierState,
  type RegisteredSupplier,
  type SupplierEvent,
  type SupplierState,
} from '../domain/index.js';

export type SupplierRecord = Readonly<{ state: RegisteredSupplier; revision: number }>;

export type EvaluationFact = Readonly<{
  supplierId: string;
  evaluationId: string;
  trigger: string;
  evaluatedAt: string;
  score: number;
  grade: string;
  outcome: string;
}>;

export type SupplierFacts = Readonly<{ record: SupplierRecord | undefined; evaluations: EvaluationFact[] }>;

export type RevisionedSupplierEvent = SupplierEvent & Readonly<{ revision: number }>;

/** Folds a supplier's next events with the domain's `evolve`, collecting each graded evaluation for the trend. */
export const foldSupplier = (
  record: SupplierRecord | undefined,
  events: readonly RevisionedSupplierEvent[],
): SupplierFacts => {
  let current = record;
  const evaluations: EvaluationFact[] = [];
  for (const event of events) {
    const before: SupplierState = current?.state ?? initialSupplierState();
    const after = evolveSupplier(before, event);
    if (after.status === 'unregistered') continue;
    if (event.type === 'SupplierEvaluated') {
      const { evaluationId, score, grade, outcome, at } = event.data;
      const trigger = before.status === 'unregistered' ? 'periodic' : (before.evaluation?.trigger ?? 'periodic');
      evaluations.push({ supplierId: after.id, evaluationId, trigger, evaluatedAt: at, score, grade, outcome });
    }
    current = { state: after, revision: event.revision };
  }
  return { record: current, evaluations };
};

export type { ScorecardRow };

export const scorecardRowOf = ({ state, revision }: SupplierRecord): ScorecardRow => {
  const open = state.correctiveActions.filter((action) => !action.respondedAt);
  return {
    id: state.id,
    revision,
    name: state.name,
    category: state.category,
    criticality: state.criticality,
    status: state.status,
    grade: state.grade ?? null,
    score: state.score ?? null,
    outcome: state.outcome ?? null,
    nextEvaluationDue: state.nextEvaluationDue ?? null,
    evaluationOpen: state.evaluation !== undefined,
    openCorrectiveActions: open.length,
    overdueCorrectiveActions: open.filter((action) => action.overdue).length,
    attributedComplaints: state.attributedComplaints.length,
    evaluations: evaluationCountOf(state),
    lastEvaluatedAt: state.evaluations.at(-1)?.evaluatedAt ?? null,
    updatedAt: state.updatedAt,
  };
};
