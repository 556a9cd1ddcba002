import type { MeasurementWindow, PerformanceMeasures } from './scoring.js';
import type { EvaluatingSupplier, RegisteredSupplier, SupplierEvent } from './supplier.events.js';
import type { EvaluationTrigger } from './vocabulary.js';

/**
 * When a supplier's cycle next needs attention, as a fold over its events:
 * an evaluation falling due (by date, or early on complaints), a reminder or
 * an escalation of late scores, a corrective action past its deadline.
 */

const ms = (instant: string): number => Date.parse(instant);
const iso = (instant: number): string => new Date(instant).toISOString();

/** The records since the last evaluation: what an evaluation scored now would be measured on (`to` comes with the scores). */
export const recordsSinceLastEvaluation = (supplier: RegisteredSupplier): Omit<MeasurementWindow, 'to'> => {
  const since = ms(supplier.cycleStartedAt);
  const lastEvaluation = supplier.evaluations.at(-1)?.id;
  const { deliveries, onTimeDeliveries, receivedUnits, rejectedUnits } = supplier.performance;
  return {
    from: supplier.cycleStartedAt,
    deliveries,
    onTimeDeliveries,
    receivedUnits,
    rejectedUnits,
    complaints: supplier.attributedComplaints
      .filter((complaint) => ms(complaint.at) >= since)
      .map((complaint) => complaint.complaintId),
    correctiveActions: supplier.correctiveActions
      .filter((action) => action.evaluationId === lastEvaluation && (action.respondedAt || action.overdue))
      .map((action) => action.id),
  };
};

/** The records since the last evaluation, as the criteria measure them; absent where there is no data. */
export const measuresOf = (supplier: RegisteredSupplier): PerformanceMeasures => {
  const records = recordsSinceLastEvaluation(supplier);
  const { deliveries, onTimeDeliveries, receivedUnits, rejectedUnits } = records;
  const settled = supplier.correctiveActions.filter((action) => records.correctiveActions.includes(action.id));
  return {
    ...(receivedUnits > 0 ? { 'rejection-rate': rejectedUnits / receivedUnits } : {}),
    ...(deliveries > 0 ? { 'on-time-delivery': onTimeDeliveries / deliveries } : {}),
    'attributed-complaints': records.complaints.length,
    ...(settled.length > 0
      ? { 'corrective-action-responsiveness': settled.filter((action) => action.onTime).length / settled.length }
      : {}),
  };
};

/** Why an evaluation should open now, if one should. */
export const evaluationTrigger = (supplier: RegisteredSupplier, now: string): EvaluationTrigger | undefined => {
  if (supplier.evaluation || supplier.status === 'disqualified') return undefined;
  const { earlyTrigger } = supplier.policy;
  const since = ms(supplier.cycleStartedAt);
  const recent = supplier.attributedComplaints.filter((complaint) => ms(complaint.at) >= since);
  if (earlyTrigger.onCriticalComplaint && recent.some((complaint) => complaint.severity === 'critical'))
    return 'critical-complaint';
  const inWindow = recent.filter((complaint) => ms(complaint.at) >= ms(now) - earlyTrigger.windowMs);
  if (inWindow.length >= earlyTrigger.complaints) return 'attributed-complaints';
  if (supplier.nextEvaluationDue && ms(supplier.nextEvaluationDue) <= ms(now)) {
    return supplier.requalifiedAt && ms(supplier.requalifiedAt) >= since ? 'requalification' : 'scheduled';
  }
  return undefined;
};

const reminderAt = ({ evaluation, policy }: EvaluatingSupplier): number => {
  const { startedAt, dueBy } = evaluation;
  return ms(startedAt) + Math.round((ms(dueBy) - ms(startedAt)) * policy.scoring.reminderRatio);
};

/** The reminder, escalation and overdue events that `now` calls for and that are not yet recorded, stamped by `by`. */
export const dueSupplierMarks = (supplier: RegisteredSupplier, now: string, by: string): SupplierEvent[] => {
  const stamp = { at: now, by };
  const events: SupplierEvent[] = [];
  if (supplier.evaluation) {
    const evaluation = supplier.evaluation;
    if (!evaluation.escalated && ms(evaluation.dueBy) <= ms(now)) {
      events.push({
        type: 'EvaluationEscalated',
        data: {
          evaluationId: evaluation.id,
          dueBy: evaluation.dueBy,
          role: supplier.policy.scoring.escalateTo,
          ...stamp,
        },
      });
    } else if (!evaluation.reminded && reminderAt(supplier) <= ms(now)) {
      events.push({
        type: 'EvaluationReminderSent',
        data: { evaluationId: evaluation.id, dueBy: evaluation.dueBy, ...stamp },
      });
    }
  }
  for (const action of supplier.correctiveActions) {
    if (!action.respondedAt && !action.overdue && ms(action.responseDue) <= ms(now)) {
      events.push({
        type: 'CorrectiveActionOverdue',
        data: {
          actionId: action.id,
          responseDue: action.responseDue,
          role: supplier.policy.correctiveAction.escalateTo,
          ...stamp,
        },
      });
    }
  }
  return events;
};

/** The next instant at which something falls due: a periodic evaluation, a reminder, an escalation or a SCAR deadline. */
export const nextSupplierDeadline = (supplier: RegisteredSupplier): string | undefined => {
  const instants: number[] = [];
  if (supplier.evaluation) {
    if (!supplier.evaluation.reminded) instants.push(reminderAt(supplier));
    if (!supplier.evaluation.escalated) instants.push(ms(supplier.evaluation.dueBy));
  } else if (supplier.status === 'active' && supplier.nextEvaluationDue) {
    // The status, not only the type: a disqualified supplier carried from before the union may still hold a due date.
    instants.push(ms(supplier.nextEvaluationDue));
  }
  for (const action of supplier.correctiveActions)
    if (!action.respondedAt && !action.overdue) instants.push(ms(action.responseDue));
  return instants.length === 0 ? undefined : iso(Math.min(...instants));
};
