import type { Decider } from '../decider.js';
import { decideCustomer, type CustomerCommand } from './customer.commands.js';
import { evolveCustomer, initialCustomerState, type CustomerEvent, type CustomerState } from './customer.events.js';

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
};
