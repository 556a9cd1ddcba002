import { supplierEntity, type SupplierSnapshot } from '../../../libs/contracts/index.js';
import type { SupplierView } from '../../../libs/contracts/read-views.js';
import { entityDescriptor } from '../entities/entity-service.js';
import {
  allowedSupplierActions,
  correctiveActionCountOf,
  evaluationCountOf,
  phaseOf,
  recordsSinceLastEvaluation,
  scoreScale,
  type CallerIdentity,
} from '../../../libs/domain/index.js';

export type { SupplierView };

/** The supplier as clients see it, for the caller who asks: the policy it is judged by stays in its history, not in every answer. */
export const toSupplierView = (
  { state, revision }: SupplierSnapshot,
  { caller }: { caller?: CallerIdentity } = {},
): SupplierView => {
  const { policy: _policy, ...rest } = state;
  return {
    ...rest,
    phase: phaseOf(state),
    openCorrectiveActions: state.correctiveActions.filter((action) => !action.respondedAt).length,
    evaluationCount: evaluationCountOf(state),
    correctiveActionCount: correctiveActionCountOf(state),
    sinceLastEvaluation: recordsSinceLastEvaluation(state),
    revision,
    allowedActions: caller ? allowedSupplierActions(state, caller) : [],
    scales: { score: scoreScale },
  };
};

/** How the API serves suppliers: read from their records, viewed for the caller. A supplier's cycle runs as long as it exists. */
export const supplierDescriptor = entityDescriptor({
  contract: supplierEntity,
  view: toSupplierView,
  notFound: { now: 'supplier-not-found', then: 'supplier-not-found-then' },
});
