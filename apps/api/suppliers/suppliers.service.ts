import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  supplierStreamId,
  supplierUpdates,
  supplierWorkflowId,
  supplierWorkflowType,
  taskQueue,
  type SupplierCycleInput,
  type SupplierRequest,
  type SupplierSnapshot,
  type SupplierUpdateType,
} from '../../../libs/contracts/index.js';
import { upcastEvent } from '../../../libs/contracts/upcasting.js';
import { fold, supplierDecider, type SupplierDetails, type SupplierEvent } from '../../../libs/domain/index.js';
import type { EventStore, StoredEvent } from '../../../libs/event-store/index.js';
import { EVENT_STORE, READ_MODELS, TEMPORAL_CLIENT } from '../../../libs/platform/nest/tokens.js';
import { auditOf, historyOf, pointInTime } from '../audit/history.js';
import { readUpTo } from '../../../libs/audit/index.js';
import {
  listScorecards,
  type Page,
  type ReadModels,
  type Scorecard,
  type ScorecardFilter,
} from '../../../libs/projections/index.js';
import type { Listing } from '../../../libs/contracts/read-views.js';
import { notFound, runFold } from '../problems/problem.js';
import { entityRequest, identityOf, requesterOf, type Caller } from '../http/request-context.js';
import { readableCode } from '../../../libs/support/stable-id.js';
import { PoliciesService } from '../policies/policies.service.js';
import { WorkflowWrites } from '../temporal/workflow-writes.js';
import { toSupplierView, type SupplierView } from './supplier-view.js';

@Injectable()
export class SuppliersService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly policies: PoliciesService,
    private readonly writes: WorkflowWrites,
  ) {}

  /** Starts the supplier's cycle and registers it in one Update-with-Start, under the evaluation policy in force now. */
  async register({ id, ...details }: SupplierDetails & { id?: string }, caller: Caller): Promise<SupplierView> {
    const { idempotencyKey } = caller;
    const supplierId = id ?? readableCode('SUP', idempotencyKey);
    const { policy } = await this.policies.current('supplier-evaluation');
    const request: SupplierRequest = entityRequest(
      { type: 'RegisterSupplier' as const, data: { supplierId, ...details, policy } },
      caller,
    );
    const snapshot = await this.writes.send(
      () =>
        this.temporal.workflow.executeUpdateWithStart(supplierUpdates.RegisterSupplier, {
          args: [request],
          updateId: idempotencyKey,
          startWorkflowOperation: new WithStartWorkflowOperation(supplierWorkflowType, {
            workflowId: supplierWorkflowId(supplierId),
            taskQueue,
            args: [{ supplierId } satisfies SupplierCycleInput],
            workflowIdConflictPolicy: idempotencyKey ? 'USE_EXISTING' : 'FAIL',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        }),
      // The policy in force was just read from the store.
      { storeJustAnswered: true, fingerprint: request.fingerprint },
    );
    return toSupplierView(snapshot, identityOf(caller));
  }

  /** Sends a command to the supplier's cycle as an Update; the cycle decides and appends. */
  async execute(supplierId: string, request: SupplierRequest, idempotencyKey?: string): Promise<SupplierView> {
    const handle = this.temporal.workflow.getHandle(supplierWorkflowId(supplierId));
    try {
      const update = supplierUpdates[
        request.command.type as SupplierUpdateType
      ] as typeof supplierUpdates.RecordPerformance;
      return toSupplierView(
        await this.writes.send(() => handle.executeUpdate(update, { args: [request], updateId: idempotencyKey }), {
          fingerprint: request.fingerprint,
        }),
        requesterOf(request),
      );
    } catch (error) {
      // A supplier's cycle runs for as long as the supplier exists.
      if (error instanceof WorkflowNotFoundError) throw notFound('supplier-not-found', { id: supplierId });
      throw error;
    }
  }

  /** Supplier scorecards, from the read model. */
  list(filter: ScorecardFilter, page: Page): Promise<Listing<Scorecard>> {
    return listScorecards(this.readModels, filter, page);
  }

  /** The supplier as it is now, with what this caller may do to it. */
  async get(supplierId: string, caller: Caller): Promise<SupplierView> {
    const view = await this.find(supplierId, caller);
    if (!view) throw notFound('supplier-not-found', { id: supplierId });
    return view;
  }

  async history(supplierId: string) {
    const events = await this.events(supplierId);
    return { supplierId, events: historyOf(events) };
  }

  /** The supplier as the record stood at an instant or after a revision. */
  async stateAsOf(supplierId: string, query: { asOf?: string; revision?: number }): Promise<SupplierView> {
    const events = await readUpTo(this.store, supplierStreamId(supplierId), pointInTime(query));
    if (events.length === 0) await this.events(supplierId); // no such supplier: 404 naming it
    const view = this.fold(events);
    if (!view) throw notFound('supplier-not-found-then', { id: supplierId });
    return view;
  }

  async audit(supplierId: string) {
    return auditOf(
      { temporal: this.temporal, store: this.store },
      {
        streamId: supplierStreamId(supplierId),
        workflowId: supplierWorkflowId(supplierId),
        entity: ['supplier-not-found', { id: supplierId }],
      },
    );
  }

  private async events(supplierId: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(supplierStreamId(supplierId));
    if (events.length === 0) throw notFound('supplier-not-found', { id: supplierId });
    return events;
  }

  private async find(supplierId: string, caller: Caller): Promise<SupplierView | undefined> {
    return this.fold(await this.store.readStream(supplierStreamId(supplierId)), caller);
  }

  /** The store, not the workflow, is the record. Without a caller: the past, where nothing may be done. */
  private fold(events: readonly StoredEvent[], caller?: Caller): SupplierView | undefined {
    if (events.length === 0) return undefined;
    return runFold(events[0]!.streamId, () => {
      const state = fold(
        supplierDecider,
        events.map((event) => ({ type: event.type, data: upcastEvent(event).data }) as SupplierEvent),
      );
      if (state.status === 'unregistered') return undefined;
      return toSupplierView(
        { state, revision: events.at(-1)!.revision } satisfies SupplierSnapshot,
        caller && identityOf(caller),
      );
    });
  }
}
