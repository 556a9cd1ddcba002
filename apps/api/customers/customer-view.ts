import { customerEntity, type CustomerSnapshot } from '../../../libs/contracts/index.js';
import type { CustomerView } from '../../../libs/contracts/read-views.js';
import { allowedCustomerActions, withErasureShown, type CallerIdentity } from '../../../libs/domain/index.js';
import { entityDescriptor } from '../entities/entity-service.js';

export type { CustomerView };

/** The customer as clients see it, with what the caller may do to it now. */
export const toCustomerView = (
  { state, revision }: CustomerSnapshot,
  { caller }: { caller?: CallerIdentity } = {},
): CustomerView => ({
  ...withErasureShown(state),
  revision,
  allowedActions: caller ? allowedCustomerActions(state, caller) : [],
});

/** How the API serves customers: read from their records, viewed for the caller. */
export const customerDescriptor = entityDescriptor({
  contract: customerEntity,
  view: toCustomerView,
  notFound: { now: 'customer-not-found', then: 'customer-not-found-then' },
});
