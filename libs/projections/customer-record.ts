import { comparableName } from '../support/customer-ref.js';
import { erasedMark } from '../domain/personal.js';
import type { PersonalText } from './personal-text.js';
import {
  evolveCustomer,
  initialCustomerState,
  withErasureShown,
  type CustomerEvent,
  type RegisteredCustomer,
} from '../domain/index.js';

export type CustomerRecord = Readonly<{ state: RegisteredCustomer; revision: number }>;
export type RevisionedCustomerEvent = CustomerEvent & Readonly<{ revision: number }>;

/** Folds a customer's next events with the domain's `evolve`. */
export const foldCustomer = (
  record: CustomerRecord | undefined,
  events: readonly RevisionedCustomerEvent[],
): { record: CustomerRecord | undefined; erased: boolean } => {
  let current = record;
  for (const event of events) {
    const after = evolveCustomer(current?.state ?? initialCustomerState(), event);
    if (after.status !== 'unregistered') current = { state: after, revision: event.revision };
  }
  return { record: current, erased: events.some((event) => event.type === 'CustomerErased') };
};

/**
 * A customer's row: the columns the list filters and sorts on, and the text
 * its search looks in; the state as recorded, personal values sealed. Once
 * the customer is erased the columns hold none of them, whatever `text` opens.
 */
export const customerRowOf = ({ state: recorded, revision }: CustomerRecord, text: PersonalText) => {
  // Erased: its values the erased mark, whatever they were recorded as (the domain's rule, as its view shows it).
  const state = withErasureShown(recorded);
  const name = text(state.name);
  return {
    id: state.id,
    revision,
    name,
    kind: state.kind,
    status: state.status,
    mergedInto: state.mergedInto ?? null,
    externalRef: state.externalRef ?? null,
    nameKey: comparableName(name),
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
    search: [
      state.id,
      name,
      state.externalRef,
      ...state.contacts.flatMap((contact) =>
        [contact.name, contact.email, contact.phone].map((value) => (value === undefined ? '' : text(value))),
      ),
    ]
      .filter((value) => value && value !== erasedMark)
      .join(' ')
      .toLowerCase(),
    state: recorded,
  };
};
