import { comparableName } from '../support/customer-ref.js';
import { evolveCustomer, initialCustomerState, type CustomerEvent, type RegisteredCustomer } from '../domain/index.js';

export type CustomerRecord = Readonly<{ state: RegisteredCustomer; revision: number }>;
export type RevisionedCustomerEvent = CustomerEvent & Readonly<{ revision: number }>;

/** Folds a customer's next events with the domain's `evolve`. */
export const foldCustomer = (
  record: CustomerRecord | undefined,
  events: readonly RevisionedCustomerEvent[],
): { record: CustomerRecord | undefined } => {
  let current = record;
  for (const event of events) {
    const after = evolveCustomer(current?.state ?? initialCustomerState(), event);
    if (after.status !== 'unregistered') current = { state: after, revision: event.revision };
  }
  return { record: current };
};

/** A customer's row: the columns the list filters and sorts on, and the text its search looks in. */
export const customerRowOf = ({ state, revision }: CustomerRecord) => ({
  id: state.id,
  revision,
  name: state.name,
  kind: state.kind,
  status: state.status,
  mergedInto: state.mergedInto ?? null,
  externalRef: state.externalRef ?? null,
  nameKey: comparableName(state.name),
  registeredAt: state.registeredAt,
  updatedAt: state.updatedAt,
  search: [
    state.id,
    state.name,
    state.externalRef,
    ...state.contacts.flatMap((contact) => [contact.name, contact.email, contact.phone]),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase(),
  state,
});
