import type { SupplierSnapshot } from '../../../libs/contracts/index.js';
import { recordsSinceLastEvaluation, type RegisteredSupplier } from '../../../libs/domain/index.js';

export type SupplierView = Omit<RegisteredSupplier, 'policy'> & {
  revision: number;
  openCorrectiveActions: number;
  /** What scores submitted now would be measured on, as the evaluation will record it. */
  sinceLastEvaluation: ReturnType<typeof recordsSinceLastEvaluation>;
};

/** The supplier as clients see it: the policy it is judged by stays in its history, not in every answer. */
export const toSupplierView = ({ state, revision }: SupplierSnapshot): SupplierView => {
  const { policy: _policy, ...rest } = state;
  return {
    ...rest,
    openCorrectiveActions: state.correctiveActions.filter((action) => !action.respondedAt).length,
    sinceLastEvaluation: recordsSinceLastEvaluation(state),
    revision,
  };
};
