import { continueAsNew, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  complaintAttributedSignal,
  noRevision,
  causedBy,
  type Cause,
  supplierSearchAttributeValues,
  supplierSnapshotQuery,
  supplierStreamId,
  supplierUpdates,
  supplierUpdateTypes,
  type SupplierActivities,
  type SupplierCycleInput,
  type SupplierNotification,
  type SupplierRequest,
  type SupplierSnapshot,
  type SupplierUpdateType,
} from '../libs/contracts/index.js';
import {
  evaluationTrigger,
  nextSupplierDeadline,
  supplierCycleActor,
  supplierDecider,
  type PerformanceMeasures,
  type RegisteredSupplier,
  type SupplierCommand,
  type SupplierEvent,
  type SupplierState,
} from '../libs/domain/index.js';
import {
  answerTo,
  EventSourcedEntity,
  failedWork,
  FollowUps,
  pauseAfterFailure,
  refuse,
  survive,
  updateCause,
} from './event-sourced-entity.js';

const { collectSupplierPerformance } = proxyActivities<SupplierActivities>({ startToCloseTimeout: '1 minute' });
/** The actor of attributions: the complaint workflows that send them. */
const complaintsActor = 'system:complaints';

/**
 * An evaluation is measured when its scores are submitted, on every record up
 * to then. Runs from before this collected the records when the evaluation
 * opened and froze them in it; replaying one collects them again, so that it
 * records what it recorded then.
 */
const measuredAtSubmission = (): boolean => patched('supplier-measures-at-submission');
const measuresFrozenAtOpening = async (supplierId: string): Promise<PerformanceMeasures | undefined> =>
  measuredAtSubmission() ? undefined : await collectSupplierPerformance({ supplierId });

const notificationOf = (state: RegisteredSupplier, event: SupplierEvent): SupplierNotification | undefined => {
  const base = { supplierId: state.id, at: event.data.at };
  const engineer = { role: 'supplier-quality-engineer' };
  switch (event.type) {
    case 'EvaluationStarted':
      return {
        ...base,
        event: event.type,
        recipient: engineer,
        reason: `Evaluation ${event.data.evaluationId} (${event.data.trigger}) to be scored by ${event.data.dueBy}`,
      };
    case 'EvaluationReminderSent':
      return {
        ...base,
        event: event.type,
        recipient: engineer,
        reason: `Evaluation ${event.data.evaluationId} is due by ${event.data.dueBy}`,
      };
    case 'EvaluationEscalated':
      return {
        ...base,
        event: event.type,
        recipient: { role: event.data.role },
        reason: `Evaluation ${event.data.evaluationId} was not scored by ${event.data.dueBy}`,
      };
    case 'CorrectiveActionRequested':
      return {
        ...base,
        event: event.type,
        recipient: { role: 'supplier', person: state.name },
        reason: `${event.data.actionId}: ${event.data.description}; answer by ${event.data.responseDue}`,
      };
    case 'CorrectiveActionOverdue':
      return {
        ...base,
        event: event.type,
        recipient: { role: event.data.role },
        reason: `${event.data.actionId} was not answered by ${event.data.responseDue}`,
      };
    default:
      return undefined;
  }
};

/**
 * One supplier's re-evaluation cycle, for as long as it is a supplier: wait
 * until an evaluation is due (by date, or early on attributed complaints),
 * open it, wait for the engineer's scores (reminding, then escalating), grade
 * them with the records up to then, ask weak grades for corrective action
 * and track it, then continue as new for the next cycle.
 */
export async function supplierCycle(input: SupplierCycleInput): Promise<void> {
  const entity = new EventSourcedEntity<SupplierCommand, SupplierEvent, SupplierState>(
    supplierDecider,
    supplierStreamId(input.supplierId),
    input.carried?.state ?? supplierDecider.initialState(),
    input.carried?.revision ?? noRevision,
  );
  /** Notifications under way; the run waits for them before it continues as new. */
  const followUps = new FollowUps();
  const evaluationsAtStart = input.carried?.state.evaluations.length ?? 0;

  const snapshot = (): SupplierSnapshot | null =>
    entity.state.status === 'unregistered' ? null : { state: entity.state, revision: entity.revision };
  const registered = (): RegisteredSupplier | undefined =>
    entity.state.status === 'unregistered' ? undefined : entity.state;

  const followUp = (state: SupplierState, event: SupplierEvent): void => {
    if (state.status === 'unregistered') return;
    const notification = notificationOf(state, event);
    if (notification) followUps.notify(notification);
  };
  const record = async (
    request: SupplierRequest,
    type: SupplierCommand['type'],
    cause: Cause | undefined,
  ): Promise<number> => {
    const recorded = await entity.record(request, type, cause, followUp);
    const supplier = registered();
    if (recorded > 0 && supplier) entity.showInVisibility(supplierSearchAttributeValues(supplier));
    return recorded;
  };

  /** A caller gives a manual start only its reason: it is measured on the records when it is scored, as any evaluation. */
  const asManualStart = (request: SupplierRequest, measures?: PerformanceMeasures): SupplierRequest =>
    request.command.type === 'StartEvaluation'
      ? {
          ...request,
          command: {
            type: 'StartEvaluation',
            data: { reason: request.command.data?.reason, trigger: 'manual', ...(measures ? { measures } : {}) },
          },
        }
      : request;

  const handle = async (request: SupplierRequest, type: SupplierUpdateType): Promise<SupplierSnapshot> => {
    const measures =
      type === 'StartEvaluation' && registered() ? await measuresFrozenAtOpening(input.supplierId) : undefined;
    await record(asManualStart(request, measures), type, updateCause());
    const current = snapshot();
    if (!current) throw refuse('supplier-not-registered', 'No such supplier');
    return answerTo(request, current);
  };

  for (const type of supplierUpdateTypes) {
    setHandler(supplierUpdates[type], (request) => entity.serial.run(() => handle(request, type)), {
      validator: (request) => void entity.validate(asManualStart(request), type),
    });
  }
  setHandler(complaintAttributedSignal, (attribution) => {
    const attributed = entity.serial.run(() =>
      record(
        { command: { type: 'AttributeComplaint', data: attribution }, actor: complaintsActor },
        'AttributeComplaint',
        causedBy.complaintSignal(attribution.complaintId),
      ),
    );
    // A signal cannot be refused: an attribution that does not hold is logged, never a failed workflow.
    followUps.track(
      attributed.catch((error: unknown) => log.warn('Attribution not recorded', { attribution, error: String(error) })),
    );
  });
  setHandler(supplierSnapshotQuery, snapshot);

  if (!(await entity.registration((state) => state.status !== 'unregistered'))) return;

  const cycleDone = (): boolean => {
    const supplier = registered()!;
    return supplier.evaluations.length > evaluationsAtStart && !supplier.evaluation;
  };

  for (;;) {
    const supplier = registered()!;
    const now = new Date().toISOString();
    const trigger = evaluationTrigger(supplier, now);
    if (trigger) {
      const opened = await entity.serial.run(() =>
        survive('Opening an evaluation', async () => {
          if (evaluationTrigger(registered()!, new Date().toISOString()) !== trigger) return;
          const measures = await measuresFrozenAtOpening(input.supplierId);
          await record(
            {
              command: { type: 'StartEvaluation', data: { trigger, ...(measures ? { measures } : {}) } },
              actor: supplierCycleActor,
            },
            'StartEvaluation',
            causedBy.cycleDecision(trigger),
          );
        }),
      );
      if (opened === failedWork) await pauseAfterFailure();
      continue;
    }
    if (cycleDone() || workflowInfo().continueAsNewSuggested) break;
    const deadline = nextSupplierDeadline(supplier);
    await entity.untilChangeOrDeadline(deadline, async () => {
      const check: SupplierRequest = { command: { type: 'CheckSupplierClocks', data: {} }, actor: supplierCycleActor };
      const recorded = await record(check, 'CheckSupplierClocks', causedBy.cycleTimer(deadline!));
      // A deadline that opens an evaluation records nothing itself: the loop starts the evaluation next.
      return recorded > 0 || evaluationTrigger(registered()!, new Date().toISOString()) !== undefined;
    });
  }

  await followUps.settle();
  await continueAsNew<typeof supplierCycle>({ supplierId: input.supplierId, carried: snapshot()! });
}
