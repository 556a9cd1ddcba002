import type { Decider } from '../decider.js';
import { decideSupplier, type SupplierCommand } from './supplier.commands.js';
import { evolveSupplier, initialSupplierState, type SupplierEvent, type SupplierState } from './supplier.events.js';

export const supplierDecider: Decider<SupplierCommand, SupplierEvent, SupplierState> = {
  decide: decideSupplier,
  evolve: evolveSupplier,
  initialState: initialSupplierState,
};
