import { continueAsNew, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  complaintAttributedSignal,
  causedBy,
  supplierEntity,
  supplierSearchAttributeValues,
  type SupplierActivities,
  type SupplierCycleInput,
  type SupplierNotification,
  type SupplierRequest,
} from '../libs/contracts/index.js';
import {
  evaluationCountOf,
  evaluationTrigger,
  nextSupplierDeadline,
  supplierCycleActor,
  type PerformanceMeasures,
  type RegisteredSupplier,
  type SupplierEvent,
} from '../libs/domain/index.js';
import { EntityWorkflow } from './entity-workflow.js';
import { failedWork, pauseAfterFailure, survive, type FollowUps } from './event-sourced-entity.js';

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
    case 'EvaluationStarted': {
      const { evaluationId, trigger, dueBy } = event.data;
      return {
        ...base,
        event: event.type,
        recipient: engineer,
        reason: `Evaluation ${evaluationId} (${trigger}) to be scored by ${dueBy}`,
        evaluationId,
        trigger,
        dueBy,
      };
    }
    case 'EvaluationReminderSent': {
      const { evaluationId, dueBy } = event.data;
      return {
        ...base,
        event: event.type,
        recipient: engineer,
        reason: `Evaluation ${evaluationId} is due by ${dueBy}`,
        evaluationId,
        dueBy,
      };
    }
    case 'EvaluationEscalated': {
      const { evaluationId, dueBy, role } = event.data;
      return {
        ...base,
        event: event.type,
        recipient: { role },
        reason: `Evaluation ${evaluationId} was not scored by ${dueBy}`,
        evaluationId,
        dueBy,
      };
    }
    case 'CorrectiveActionRequested': {
      const { actionId, description, responseDue } = event.data;
      return {
        ...base,
        event: event.type,
        recipient: { role: 'supplier', person: state.name },
        reason: `${actionId}: ${description}; answer by ${responseDue}`,
        actionId,
        description,
        responseDue,
      };
    }
    case 'CorrectiveActionOverdue': {
      const { actionId, responseDue, role } = event.data;
      return {
        ...base,
        event: event.type,
        recipient: { role },
        reason: `${actionId} was not answered by ${responseDue}`,
        actionId,
        responseDue,
      };
    }
    default:
      return undefined;
  }
};

const followUp = (state: RegisteredSupplier, event: SupplierEvent, followUps: FollowUps, eventId: string): void => {
  const notification = notificationOf(state, event);
  if (notification) followUps.notify(notification);
  // Cycles recorded before e-mail sent none; their histories must replay as they ran.
  if (event.type === 'CorrectiveActionOverdue' && patched('mail')) {
    const { actionId, responseDue, role } = event.data;
    followUps.mail({
      causeId: eventId,
      template: 'corrective-action-overdue',
      to: { staff: { role } },
      about: { supplierId: state.id },
      values: { supplierId: state.id, actionId, responseDue },
    });
  }
};

/**
 * Before RequestEvaluation, people asked with the cycle's own StartEvaluation:
 * such a request is taken as a manual start with only its reason, as then.
 */
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

/**
 * One supplier's re-evaluation cycle, for as long as it is a supplier: wait
 * until an evaluation is due (by date, or early on attributed complaints),
 * open it, wait for the engineer's scores (reminding, then escalating), grade
 * them with the records up to then, ask weak grades for corrective action
 * and track it, then continue as new for the next cycle.
 */
export async function supplierCycle(input: SupplierCycleInput): Promise<void> {
  const shell = new EntityWorkflow(supplierEntity, input.supplierId, input.carried, {
    notRegistered: 'supplier-not-registered',
    followUp,
    searchAttributes: supplierSearchAttributeValues,
    complete: async (request, type): Promise<SupplierRequest> =>
      asManualStart(
        request,
        type === 'StartEvaluation' && shell.registered() ? await measuresFrozenAtOpening(input.supplierId) : undefined,
      ),
    asValidated: (request) => asManualStart(request),
  });
  const { entity } = shell;
  const registered = () => shell.registered();
  const evaluationsAtStart = input.carried ? evaluationCountOf(input.carried.state) : 0;

  shell.serve();
  setHandler(complaintAttributedSignal, (attribution) => {
    const attributed = entity.serial.run(() =>
      shell.record(
        { command: { type: 'AttributeComplaint', data: attribution }, actor: complaintsActor },
        'AttributeComplaint',
        causedBy.complaintSignal(attribution.complaintId),
      ),
    );
    // A signal cannot be refused: an attribution that does not hold is logged, never a failed workflow.
    shell.followUps.track(
      attributed.catch((error: unknown) => log.warn('Attribution not recorded', { attribution, error: String(error) })),
    );
  });

  if (!(await shell.registration())) return;

  const cycleDone = (): boolean => {
    const supplier = registered()!;
    return evaluationCountOf(supplier) > evaluationsAtStart && !supplier.evaluation;
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
          await shell.record(
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
      const recorded = await shell.record(check, 'CheckSupplierClocks', causedBy.cycleTimer(deadline!));
      // A deadline that opens an evaluation records nothing itself: the loop starts the evaluation next.
      return recorded > 0 || evaluationTrigger(registered()!, new Date().toISOString()) !== undefined;
    });
  }

  await shell.followUps.settle();
  await continueAsNew<typeof supplierCycle>({ supplierId: input.supplierId, carried: shell.snapshot()! });
}
