import { assertNever, stampOf, type Command } from '../decider.js';
import {
  CustomerAlreadyRegistered,
  ErasedCustomer,
  MergedCustomer,
  CustomerNotRegistered,
  RuleViolated,
} from '../errors.js';
import type { Personal } from '../personal.js';
import type { Contact, CustomerDetails, CustomerEvent, CustomerState, RegisteredCustomer } from './customer.events.js';

export type RegisterCustomer = Command<'RegisterCustomer', CustomerDetails & { customerId: string }>;
export type ChangeContacts = Command<'ChangeContacts', { contacts: readonly Contact[] }>;
export type ChangeCustomerDetails = Command<'ChangeCustomerDetails', { name?: Personal; externalRef?: string }>;
/** Sent to the duplicate: it goes into the customer named. */
export type MergeCustomer = Command<'MergeCustomer', { into: string; reason: string }>;
/** Sent to the customer that goes on, once the duplicate is merged into it. */
export type AbsorbCustomer = Command<'AbsorbCustomer', { from: string; reason: string }>;

/** Erases the customer's personal data: the API destroys its key once this is recorded. */
export type EraseCustomer = Command<'EraseCustomer', { reason: string }>;
/** Records that everything held about the customer was exported. */
export type RecordCustomerExport = Command<'RecordCustomerExport', Record<string, never>>;

export type CustomerCommand =
  | RegisterCustomer
  | ChangeContacts
  | ChangeCustomerDetails
  | MergeCustomer
  | AbsorbCustomer
  | EraseCustomer
  | RecordCustomerExport;
export type CustomerCommandType = CustomerCommand['type'];

const requireRegistered = (state: CustomerState): RegisteredCustomer => {
  if (state.status === 'unregistered')
    throw new CustomerNotRegistered('No such customer', {}, { key: 'customer-not-registered' });
  return state;
};

/** An erased customer takes no personal data again: its key is gone for good. */
const requireNotErased = (state: CustomerState): RegisteredCustomer => {
  const customer = requireRegistered(state);
  if (customer.erased)
    throw new ErasedCustomer(
      `Customer ${customer.id} was erased`,
      {},
      { key: 'customer-erased', params: { id: customer.id } },
    );
  return customer;
};

/** A merged customer takes no changes: they go to the customer it went into. */
const requireActive = (state: CustomerState): RegisteredCustomer => {
  const customer = requireNotErased(state);
  if (customer.status === 'merged')
    throw new MergedCustomer(
      `Customer ${customer.id} was merged into ${customer.mergedInto}`,
      { mergedInto: customer.mergedInto },
      { key: 'customer-merged', params: { id: customer.id, into: customer.mergedInto } },
    );
  return customer;
};

const sameContacts = (a: readonly Contact[], b: readonly Contact[]): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decideCustomer = (command: CustomerCommand, state: CustomerState): CustomerEvent[] => {
  const stamp = stampOf(command.metadata);
  switch (command.type) {
    case 'RegisterCustomer':
      if (state.status !== 'unregistered')
        throw new CustomerAlreadyRegistered(
          `Customer ${state.id} is registered already`,
          { customerId: state.id },
          { key: 'customer-already-registered', params: { id: state.id } },
        );
      return [{ type: 'CustomerRegistered', data: { ...command.data, ...stamp } }];
    case 'ChangeContacts': {
      const customer = requireActive(state);
      // The same list again (a form sent twice) records nothing.
      return sameContacts(customer.contacts, command.data.contacts)
        ? []
        : [{ type: 'CustomerContactsChanged', data: { contacts: command.data.contacts, ...stamp } }];
    }
    case 'ChangeCustomerDetails': {
      const customer = requireActive(state);
      const { name, externalRef } = command.data;
      const changed = {
        ...(name !== undefined && name !== customer.name ? { name } : {}),
        ...(externalRef !== undefined && externalRef !== customer.externalRef ? { externalRef } : {}),
      };
      return Object.keys(changed).length === 0
        ? []
        : [{ type: 'CustomerDetailsChanged', data: { ...changed, ...stamp } }];
    }
    case 'MergeCustomer': {
      const customer = requireRegistered(state);
      // Merged into the same customer again (a retry): recorded once.
      if (customer.status === 'merged' && customer.mergedInto === command.data.into) return [];
      requireActive(state);
      if (command.data.into === customer.id)
        throw new RuleViolated(
          `Customer ${customer.id} cannot be merged into itself`,
          { field: 'into' },
          { key: 'customer-merge-self', params: { id: customer.id } },
        );
      return [{ type: 'CustomerMerged', data: { ...command.data, ...stamp } }];
    }
    case 'AbsorbCustomer': {
      const customer = requireActive(state);
      if (customer.absorbed.includes(command.data.from)) return [];
      if (command.data.from === customer.id)
        throw new RuleViolated(
          `Customer ${customer.id} cannot be merged into itself`,
          { field: 'from' },
          { key: 'customer-merge-self', params: { id: customer.id } },
        );
      return [{ type: 'CustomerAbsorbed', data: { ...command.data, ...stamp } }];
    }
    case 'EraseCustomer': {
      const customer = requireRegistered(state);
      // Erased already (a retry, or the survivor's erasure reaching a duplicate twice): recorded once.
      return customer.erased ? [] : [{ type: 'CustomerErased', data: { ...command.data, ...stamp } }];
    }
    case 'RecordCustomerExport':
      requireRegistered(state);
      return [{ type: 'CustomerDataExported', data: stamp }];
    default:
      return assertNever(command);
  }
};
