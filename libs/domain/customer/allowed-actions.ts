import { customerActionRoles, holdsOneOf, type CallerIdentity, type CustomerAction } from '../access/actions.js';
import type { CustomerCommandType } from './customer.commands.js';
import type { CustomerState } from './customer.events.js';

/** The command each action sends: the decider's rules for that command are the action's. */
export const customerActionCommands = {
  'change-contacts': 'ChangeContacts',
  'change-details': 'ChangeCustomerDetails',
  merge: 'MergeCustomer',
  export: 'RecordCustomerExport',
  erase: 'EraseCustomer',
} as const satisfies Record<CustomerAction, CustomerCommandType>;

/**
 * What the caller may do to the customer now: to one merged into another,
 * which takes no changes, or erased, which takes no personal data, only
 * export (and erase, while not erased: a duplicate holds personal data too).
 */
export const allowedCustomerActions = (
  state: CustomerState,
  caller: Pick<CallerIdentity, 'roles'>,
): CustomerAction[] => {
  if (state.status === 'unregistered') return [];
  const open = state.status === 'active' && !state.erased;
  const actions: CustomerAction[] = [
    ...(open ? (['change-contacts', 'change-details', 'merge'] as const) : []),
    'export',
    ...(state.erased ? [] : (['erase'] as const)),
  ];
  return actions.filter((action) => holdsOneOf(caller, customerActionRoles[action]));
};
