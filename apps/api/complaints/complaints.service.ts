import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, type Client, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import {
  complaintStreamId,
  supplierStreamId,
  taskQueue,
  complaintUpdates,
  complaintWorkflowId,
  complaintWorkflowType,
  type ComplaintCaseInput,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type ComplaintUpdateType,
} from '../../../libs/contracts/index.js';
import { upcastEvent } from '../../../libs/contracts/upcasting.js';
import {
  complaintDecider,
  fold,
  type CommentAdded,
  type ComplaintDetails,
  type ComplaintEvent,
  type SlaPolicy,
} from '../../../libs/domain/index.js';
import type { EventStore, StoredEvent } from '../../../libs/event-store/index.js';
import { EVENT_STORE, READ_MODELS, TEMPORAL_CLIENT } from '../../../libs/platform/nest/tokens.js';
import { entityRequest, identityOf, requesterOf, type Caller } from '../http/request-context.js';
import { idFromKey } from '../../../libs/support/stable-id.js';
import { notFound, problemSaying, runFold } from '../problems/problem.js';
import { auditOf, historyOf, pointInTime } from '../audit/history.js';
import { instantOf, readComplaintStreams, readUpTo, whatIf, type WhatIfReport } from '../../../libs/audit/index.js';
import {
  listCases,
  type CaseListFilter,
  type CaseSort,
  type Page,
  type ReadModels,
} from '../../../libs/projections/index.js';
import type { CaseListItem, Listing } from '../../../libs/contracts/read-views.js';
import { PoliciesService } from '../policies/policies.service.js';
import { WorkflowWrites } from '../temporal/workflow-writes.js';
import { toComplaintView, type ComplaintView } from './complaint-view.js';
import { caseIdOf } from './case-ref.js';

@Injectable()
export class ComplaintsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly policies: PoliciesService,
    private readonly writes: WorkflowWrites,
  ) {}

  /** Starts the case's workflow and registers the complaint in one atomic Update-with-Start, under the SLA policy in force now. */
  async register(details: ComplaintDetails, caller: Caller): Promise<ComplaintView> {
    const { idempotencyKey } = caller;
    if (details.supplierId) await this.requireSupplier(details.supplierId, 'supplierId');
    const complaintId = idempotencyKey ? idFromKey('complaint', idempotencyKey) : randomUUID();
    const { policy: slaPolicy } = await this.policies.current('sla');
    const data = { complaintId, ...details, slaPolicy };
    const request: ComplaintRequest = entityRequest({ type: 'RegisterComplaint' as const, data }, caller);
    // With a key, a retry must reach the running case; without one, an id clash is an error.
    return this.startWith(
      complaintUpdates.RegisterComplaint,
      request,
      idempotencyKey,
      { complaintId },
      {
        workflowIdConflictPolicy: idempotencyKey ? 'USE_EXISTING' : 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      },
    );
  }

  /** Sends the step's command to the case's workflow as an Update; the workflow decides and appends. */
  async execute(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    const { command } = request;
    if (command.type === 'CompleteAnalysis' && command.data.responsibleParty.type === 'supplier')
      await this.requireSupplier(command.data.responsibleParty.supplierId, 'responsibleParty.supplierId');
    const handle = this.temporal.workflow.getHandle(complaintWorkflowId(complaintId));
    try {
      const snapshot: ComplaintSnapshot = await this.writes.send(
        () =>
          handle.executeUpdate(
            complaintUpdates[request.command.type as ComplaintUpdateType] as typeof complaintUpdates.RegisterComplaint,
            { args: [request], updateId: idempotencyKey },
          ),
        { fingerprint: request.fingerprint },
      );
      return toComplaintView(snapshot, { caller: requesterOf(request) });
    } catch (error) {
      // No running workflow: either there is no such case or it is closed.
      if (error instanceof WorkflowNotFoundError) {
        const current = await this.find(complaintId);
        if (!current) throw notFound('complaint-not-found', { id: complaintId });
        throw problemSaying(
          'case-closed',
          'case-closed',
          { id: complaintId, status: current.status },
          { complaintId, status: current.status },
        );
      }
      throw error;
    }
  }

  /** A case names only a supplier that is registered, or its supplier scoring would silently miss it. */
  private async requireSupplier(supplierId: string, field: string): Promise<void> {
    const [first] = await this.store.readStream(supplierStreamId(supplierId), { maxCount: 1 });
    if (!first)
      throw problemSaying('rule-violated', 'named-supplier-not-registered', { id: supplierId }, { field, supplierId });
  }

  /** A duplicate must name a case that exists, or the link would lead nowhere. */
  async withdraw(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    const { command } = request;
    const named = command.type === 'WithdrawComplaint' ? command.data.duplicateOf : undefined;
    if (!named) return this.execute(complaintId, request, idempotencyKey);
    const nowhere = () =>
      problemSaying('rule-violated', 'surviving-case-not-found', { id: named }, { field: 'duplicateOf' });
    const survivor = await caseIdOf(this.store, named).catch(() => {
      throw nowhere();
    });
    if (survivor !== complaintId && !(await this.find(survivor))) throw nowhere();
    const linked = { ...command, data: { ...command.data, duplicateOf: survivor } } as typeof command;
    return this.execute(complaintId, { ...request, command: linked }, idempotencyKey);
  }

  /**
   * A closed case's workflow has ended, so reopening starts a new run that
   * reads the case back from the store; an open case's running workflow
   * receives the request instead and refuses it.
   */
  async reopen(complaintId: string, request: ComplaintRequest, idempotencyKey?: string): Promise<ComplaintView> {
    if (!(await this.find(complaintId))) throw notFound('complaint-not-found', { id: complaintId });
    return this.startWith(
      complaintUpdates.ReopenComplaint,
      request,
      idempotencyKey,
      { complaintId, restore: true },
      {
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      },
    );
  }

  /** Update-with-Start on the case's workflow: the update reaches the running run, or a new one started with `input`. Its callers have just read the store. */
  private async startWith(
    update: (typeof complaintUpdates)[ComplaintUpdateType],
    request: ComplaintRequest,
    idempotencyKey: string | undefined,
    input: ComplaintCaseInput,
    policies: Pick<WorkflowStartOptions, 'workflowIdConflictPolicy' | 'workflowIdReusePolicy'>,
  ): Promise<ComplaintView> {
    const snapshot = await this.writes.send(
      () =>
        this.temporal.workflow.executeUpdateWithStart(update as typeof complaintUpdates.RegisterComplaint, {
          args: [request],
          updateId: idempotencyKey,
          startWorkflowOperation: new WithStartWorkflowOperation(complaintWorkflowType, {
            workflowId: complaintWorkflowId(input.complaintId),
            taskQueue: taskQueue,
            args: [input],
            workflowIdConflictPolicy: policies.workflowIdConflictPolicy!,
            workflowIdReusePolicy: policies.workflowIdReusePolicy,
          }),
        }),
      { storeJustAnswered: true, fingerprint: request.fingerprint },
    );
    return toComplaintView(snapshot, { caller: requesterOf(request) });
  }

  /** The case as it is now, with what this caller may do to it. */
  async get(complaintId: string, caller: Caller): Promise<ComplaintView> {
    const view = await this.find(complaintId, caller);
    if (!view) throw notFound('complaint-not-found', { id: complaintId });
    return view;
  }

  /** The case list and inboxes, from the read model (a moment behind the store: see /health/ready). */
  list(filter: CaseListFilter, page: Page, sort?: CaseSort): Promise<Listing<CaseListItem>> {
    return listCases(this.readModels, filter, page, { sort });
  }

  async history(complaintId: string) {
    return { complaintId, events: historyOf(await this.events(complaintId)) };
  }

  /** The notes live in the case's history, not in its state: read from the record, oldest first. */
  async comments(complaintId: string) {
    const notes = (await this.events(complaintId)).filter((event) => event.type === 'CommentAdded');
    return {
      complaintId,
      comments: notes.map((event) => {
        const { text, by, at } = upcastEvent(event).data as CommentAdded['data'];
        return { text, by, at, revision: event.revision };
      }),
    };
  }

  /** The case as the record stood at an instant or after a revision, its clocks read as they stood then. */
  async stateAsOf(complaintId: string, query: { asOf?: string; revision?: number }): Promise<ComplaintView> {
    const point = pointInTime(query);
    const events = await readUpTo(this.store, complaintStreamId(complaintId), point);
    if (events.length === 0) await this.events(complaintId); // no such case: 404 naming it
    const view = this.fold(events, { at: instantOf(events, point) });
    if (!view) throw notFound('complaint-not-found-then', { id: complaintId });
    return view;
  }

  async audit(complaintId: string) {
    return auditOf(
      { temporal: this.temporal, store: this.store },
      {
        streamId: complaintStreamId(complaintId),
        workflowId: complaintWorkflowId(complaintId),
        entity: ['complaint-not-found', { id: complaintId }],
      },
    );
  }

  /** Every case's SLA clocks re-run under another policy: which would have breached or escalated. */
  async whatIf(policy: SlaPolicy, range: { from?: string; to?: string }): Promise<WhatIfReport> {
    return whatIf(await readComplaintStreams(this.store, range), policy);
  }

  private async events(complaintId: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(complaintStreamId(complaintId));
    if (events.length === 0) throw notFound('complaint-not-found', { id: complaintId });
    return events;
  }

  /** The case folded from its stream: the store, not the workflow, is the record. */
  private async find(complaintId: string, caller?: Caller): Promise<ComplaintView | undefined> {
    return this.fold(await this.store.readStream(complaintStreamId(complaintId)), { caller });
  }

  /** Folded for a caller: with what they may do now; at an instant: the past, where nothing may be done. */
  private fold(
    events: readonly StoredEvent[],
    { caller, at }: { caller?: Caller; at?: string } = {},
  ): ComplaintView | undefined {
    if (events.length === 0) return undefined;
    return runFold(events[0]!.streamId, () => {
      const state = fold(
        complaintDecider,
        events.map((event) => ({ type: event.type, data: upcastEvent(event).data }) as ComplaintEvent),
      );
      if (state.status === 'unregistered') return undefined;
      return toComplaintView(
        { state, revision: events.at(-1)!.revision },
        { caller: caller && identityOf(caller), at },
      );
    });
  }
}
