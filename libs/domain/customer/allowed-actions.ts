import { customerActionRoles, holdsOneOf, type CallerIdentity, type CustomerAction } from '../access/actions.js';
import type { CustomerCommandType } from './customer.commands.js';
import type { CustomerState } from './customer.events.js';

/** The command each action sends: the decider's rules for that command are the action's. */
export const customerActionCommands = {
  'change-contacts': 'ChangeContacts',
  'change-details': 'ChangeCustomerDetails',
  merge: 'MergeCustomer',
} as const satisfies Record<CustomerAction, CustomerCommandType>;

/** What the caller may do to the customer now: nothing to one merged into another, which takes no changes. */
export const allowedCustomerActions = (
  state: CustomerState,
  caller: Pick<CallerIdentity, 'roles'>,
): CustomerAction[] => {
  if (state.status !== 'active') return [];
  return (['change-contacts', 'change-details', 'merge'] as const).filter((action) =>
    holdsOneOf(caller, customerActionRoles[action]),
  );
};
