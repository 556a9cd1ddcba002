import type { SupplierSnapshot } from '../../../libs/contracts/index.js';
import type { RegisteredSupplier } from '../../../libs/domain/index.js';

export type SupplierView = Omit<RegisteredSupplier, 'policy'> & { revision: number; openCorrectiveActions: number };

/** The supplier as clients see it: the policy it is judged by stays in its history, not in every answer. */
export const toSupplierView = ({ state, revision }: SupplierSnapshot): SupplierView => {
  const { policy: _policy, ...rest } = state;
  return {
    ...rest,
    openCorrectiveActions: state.correctiveActions.filter((action) => !action.respondedAt).length,
    revision,
  };
};
