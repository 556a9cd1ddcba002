import { Inject, Injectable } from '@nestjs/common';
import { type SupplierCycleInput, type SupplierRequest } from '../../../libs/contracts/index.js';
import type { SupplierDetails } from '../../../libs/domain/index.js';
import { READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import {
  listScorecards,
  type Page,
  type ReadModels,
  type Scorecard,
  type ScorecardFilter,
} from '../../../libs/projections/index.js';
import type { Listing } from '../../../libs/contracts/read-views.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { readableCode } from '../../../libs/support/stable-id.js';
import { PoliciesService } from '../policies/policies.service.js';
import { EntityServices, type ServiceOf } from '../entities/entity-service.js';
import { supplierDescriptor, type SupplierView } from './supplier-view.js';

@Injectable()
export class SuppliersService {
  private readonly entity: ServiceOf<typeof supplierDescriptor>;

  constructor(
    entities: EntityServices,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly policies: PoliciesService,
  ) {
    this.entity = entities.serve(supplierDescriptor);
  }

  /** Starts the supplier's cycle and registers it in one Update-with-Start, under the evaluation policy in force now. */
  async register({ id, ...details }: SupplierDetails & { id?: string }, caller: Caller): Promise<SupplierView> {
    const { idempotencyKey } = caller;
    const supplierId = id ?? readableCode('SUP', idempotencyKey);
    const { policy } = await this.policies.current('supplier-evaluation');
    const request: SupplierRequest = entityRequest(
      { type: 'RegisterSupplier' as const, data: { supplierId, ...details, policy } },
      caller,
    );
    return this.entity.register(supplierId, request, { supplierId } satisfies SupplierCycleInput, idempotencyKey);
  }

  /** Sends a command to the supplier's cycle as an Update; the cycle decides and appends. */
  execute(supplierId: string, request: SupplierRequest, idempotencyKey?: string): Promise<SupplierView> {
    return this.entity.execute(supplierId, request, idempotencyKey);
  }

  /** Supplier scorecards, from the read model. */
  list(filter: ScorecardFilter, page: Page): Promise<Listing<Scorecard>> {
    return listScorecards(this.readModels, filter, page);
  }

  /** The supplier as it is now, with what this caller may do to it. */
  get(supplierId: string, caller: Caller): Promise<SupplierView> {
    return this.entity.get(supplierId, caller);
  }

  async history(supplierId: string) {
    return { supplierId, events: await this.entity.history(supplierId) };
  }

  /** The supplier as the record stood at an instant or after a revision. */
  stateAsOf(supplierId: string, query: { asOf?: string; revision?: number }): Promise<SupplierView> {
    return this.entity.stateAsOf(supplierId, query);
  }

  audit(supplierId: string) {
    return this.entity.audit(supplierId);
  }
}
