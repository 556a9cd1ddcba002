import {
  customerDecider,
  type CommandPayload,
  type CustomerCommand,
  type CustomerCommandType,
  type CustomerState,
  type RegisteredCustomer,
} from '../domain/index.js';
import { defineEntity } from './entity.js';
import type { EntityRequest, EntitySnapshot } from './entity-request.js';

export type CustomerRequest = EntityRequest<CommandPayload<CustomerCommand>>;
export type CustomerSnapshot = EntitySnapshot<RegisteredCustomer>;

export type CustomerRecordInput = Readonly<{
  customerId: string;
  /** The customer as the previous run left it, after continue-as-new. */
  carried?: CustomerSnapshot;
}>;

export const customerUpdateTypes = [
  'RegisterCustomer',
  'ChangeContacts',
  'ChangeCustomerDetails',
  'MergeCustomer',
  'AbsorbCustomer',
  'EraseCustomer',
  'RecordCustomerExport',
] as const satisfies readonly CustomerCommandType[];

/** A customer: one workflow (the single writer of its record) and one event stream, named after it. */
export const customerEntity = defineEntity({
  category: 'customer',
  workflowType: 'customerRecord',
  decider: customerDecider,
  isRegistered: (state: CustomerState): state is RegisteredCustomer => state.status !== 'unregistered',
  updateTypes: customerUpdateTypes,
});

export const customerWorkflowId = customerEntity.workflowId;
export const customerStreamId = customerEntity.streamId;
