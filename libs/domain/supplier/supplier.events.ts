import {
  withAttached,
  withRetracted,
  type EvidenceFile,
  type EvidenceRef,
  type EvidenceRetraction,
} from '../evidence.js';
import { assertNever, type Event, type Stamp } from '../decider.js';
import type { Severity } from '../complaint/vocabulary.js';
import type { NotificationEvent } from '../notification.js';
import type { EvaluationPolicy } from './evaluation-policy.js';
import type { CriterionScore, MeasurementWindow, PerformanceMeasures } from './scoring.js';
import type { Criticality, EvaluationTrigger, Outcome, ScoredCriterion } from './vocabulary.js';

export type SupplierDetails = Readonly<{
  name: string;
  category: string;
  /** What it supplies: part numbers, materials or services. */
  supplies: readonly string[];
  criticality: Criticality;
}>;

export type PerformanceRecord = Readonly<{
  deliveries: number;
  onTimeDeliveries: number;
  receivedUnits: number;
  rejectedUnits: number;
  periodStart?: string;
  periodEnd?: string;
  note?: string;
}>;

/** Registration records the evaluation policy in force; the supplier keeps it, as a case keeps its SLA policy. */
export type SupplierRegistered = Event<
  'SupplierRegistered',
  Stamp & SupplierDetails & { supplierId: string; policy: EvaluationPolicy }
>;
export type PerformanceRecorded = Event<'PerformanceRecorded', Stamp & PerformanceRecord>;
/** A complaint's analysis named this supplier as the responsible party. */
export type ComplaintAttributed = Event<'ComplaintAttributed', Stamp & { complaintId: string; severity: Severity }>;
/**
 * An evaluation waiting for scores. It is measured when the scores are
 * submitted; `measures` is there only on evaluations opened before that,
 * which froze the records at opening and are scored on them.
 */
export type EvaluationStarted = Event<
  'EvaluationStarted',
  Stamp & {
    evaluationId: string;
    trigger: EvaluationTrigger;
    reason?: string;
    measures?: PerformanceMeasures;
    dueBy: string;
  }
>;
export type EvaluationReminderSent = Event<'EvaluationReminderSent', Stamp & { evaluationId: string; dueBy: string }>;
export type EvaluationEscalated = Event<
  'EvaluationEscalated',
  Stamp & { evaluationId: string; dueBy: string; role: string }
>;
export type SupplierEvaluated = Event<
  'SupplierEvaluated',
  Stamp & {
    evaluationId: string;
    scores: Readonly<Partial<Record<ScoredCriterion, number>>>;
    notes?: string;
    score: number;
    grade: string;
    outcome: Outcome;
    breakdown: readonly CriterionScore[];
    nextEvaluationDue?: string;
    /** What the measured criteria were scored on; absent on evaluations graded before it was recorded. */
    measures?: PerformanceMeasures;
    /** The records those measures come from; absent where they were frozen when the evaluation opened. */
    measuredOver?: MeasurementWindow;
  }
>;
/** A corrective action request (SCAR) to the supplier, with a deadline for its response. */
export type CorrectiveActionRequested = Event<
  'CorrectiveActionRequested',
  Stamp & { actionId: string; evaluationId: string; grade: string; description: string; responseDue: string }
>;
export type CorrectiveActionResponded = Event<
  'CorrectiveActionResponded',
  Stamp & { actionId: string; response: string; onTime: boolean }
>;
export type CorrectiveActionOverdue = Event<
  'CorrectiveActionOverdue',
  Stamp & { actionId: string; responseDue: string; role: string }
>;
export type SupplierRequalified = Event<'SupplierRequalified', Stamp & { reason: string }>;

/** What a supplier's file may answer: a corrective action (its 8D) or an evaluation. */
export type SupplierEvidenceLinks = Readonly<{ correctiveActionId?: string; evaluationId?: string }>;
/** A file on the supplier's record, as on a case's; it may answer a corrective action or an evaluation. */
export type SupplierEvidenceAttached = Event<'EvidenceAttached', Stamp & EvidenceFile & SupplierEvidenceLinks>;
export type SupplierEvidenceRetracted = Event<'EvidenceRetracted', Stamp & EvidenceRetraction>;

export type SupplierEvent =
  | SupplierRegistered
  | PerformanceRecorded
  | ComplaintAttributed
  | EvaluationStarted
  | EvaluationReminderSent
  | EvaluationEscalated
  | SupplierEvaluated
  | CorrectiveActionRequested
  | CorrectiveActionResponded
  | CorrectiveActionOverdue
  | SupplierRequalified
  | SupplierEvidenceAttached
  | SupplierEvidenceRetracted
  | NotificationEvent;

export type OpenEvaluation = Readonly<{
  id: string;
  trigger: EvaluationTrigger;
  reason?: string;
  startedAt: string;
  dueBy: string;
  /** Frozen at opening, on evaluations opened before measures were taken at submission. */
  measures?: PerformanceMeasures;
  reminded: boolean;
  escalated: boolean;
}>;

export type CorrectiveAction = Readonly<{
  id: string;
  evaluationId: string;
  grade: string;
  description: string;
  requestedAt: string;
  responseDue: string;
  respondedAt?: string;
  response?: string;
  onTime?: boolean;
  overdue: boolean;
}>;

export type EvaluationRecord = Readonly<{
  id: string;
  trigger: EvaluationTrigger;
  startedAt: string;
  evaluatedAt: string;
  evaluatedBy: string;
  score: number;
  grade: string;
  outcome: Outcome;
}>;

/** What a registered supplier holds whatever its phase. */
type SupplierRecord = SupplierDetails &
  Readonly<{
    id: string;
    registeredAt: string;
    updatedAt: string;
    policy: EvaluationPolicy;
    grade?: string;
    score?: number;
    outcome?: Outcome;
    /** Since when performance and complaints count towards the next evaluation: the last one graded, or the registration. */
    cycleStartedAt: string;
    requalifiedAt?: string;
    performance: Readonly<{
      deliveries: number;
      onTimeDeliveries: number;
      receivedUnits: number;
      rejectedUnits: number;
    }>;
    /**
     * Every complaint attributed, so one analysed again (after a reopening,
     * in any later cycle) still counts once: the one list the supplier keeps
     * whole, a few bytes a complaint.
     */
    attributedComplaints: readonly Readonly<{ complaintId: string; severity: Severity; at: string }>[];
    /** The open ones, those the last evaluation asked for, and the last few before. */
    correctiveActions: readonly CorrectiveAction[];
    /** The last few evaluations; `evaluationCount` counts them all. */
    evaluations: readonly EvaluationRecord[];
    /** How many evaluations and corrective actions there have been (absent on records folded before they were counted). */
    evaluationCount?: number;
    correctiveActionCount?: number;
    /** Every file attached, retracted ones marked (absent on records folded before evidence: none). */
    evidence?: readonly EvidenceRef[];
  }>;

/** Qualified, and no evaluation open: the cycle waits for the next one to fall due. */
export type IdleSupplier = SupplierRecord &
  Readonly<{ status: 'active'; evaluation?: undefined; nextEvaluationDue?: string }>;
/** An evaluation is open and waits for its scores. */
export type EvaluatingSupplier = SupplierRecord &
  Readonly<{ status: 'active'; evaluation: OpenEvaluation; nextEvaluationDue?: string }>;
/** Out of the cycle: no evaluation opens and none falls due until a person requalifies it. */
export type DisqualifiedSupplier = SupplierRecord &
  Readonly<{ status: 'disqualified'; evaluation?: undefined; nextEvaluationDue?: undefined }>;

export type RegisteredSupplier = IdleSupplier | EvaluatingSupplier | DisqualifiedSupplier;

/** Where a supplier stands in its cycle: what it can be asked to do next. */
export const supplierPhases = ['idle', 'evaluating', 'disqualified'] as const;
export type SupplierPhase = (typeof supplierPhases)[number];
export const phaseOf = (supplier: RegisteredSupplier): SupplierPhase =>
  supplier.status === 'disqualified' ? 'disqualified' : supplier.evaluation ? 'evaluating' : 'idle';

export type SupplierState = Readonly<{ status: 'unregistered' }> | RegisteredSupplier;

export const initialSupplierState = (): SupplierState => ({ status: 'unregistered' });

const noPerformance = { deliveries: 0, onTimeDeliveries: 0, receivedUnits: 0, rejectedUnits: 0 };

/** How many records of the past, beside the current cycle's, a supplier keeps of each kind. */
export const keptHistory = 20;

/** All of `items` that `current` holds, and the last `keptHistory` of the others, in their order. */
const bounded = <T>(items: readonly T[], current: (item: T) => boolean): T[] => {
  const past = items.filter((item) => !current(item));
  const dropped = new Set(past.slice(0, Math.max(0, past.length - keptHistory)));
  return items.filter((item) => !dropped.has(item));
};

/** Evaluations there have been, also on a record folded before they were counted. */
export const evaluationCountOf = (supplier: RegisteredSupplier): number =>
  supplier.evaluationCount ?? supplier.evaluations.length;
export const correctiveActionCountOf = (supplier: RegisteredSupplier): number =>
  supplier.correctiveActionCount ?? supplier.correctiveActions.length;

const updateAction = (
  state: RegisteredSupplier,
  actionId: string,
  change: Partial<CorrectiveAction>,
): RegisteredSupplier['correctiveActions'] =>
  state.correctiveActions.map((action) => (action.id === actionId ? { ...action, ...change } : action));

export const evolveSupplier = (state: SupplierState, event: SupplierEvent): SupplierState => {
  if (event.type === 'SupplierRegistered') {
    const { supplierId, policy, at, by: _by, ...details } = event.data;
    // A new supplier is evaluated before it is relied on: its first evaluation is due at once.
    return {
      ...details,
      status: 'active',
      id: supplierId,
      registeredAt: at,
      updatedAt: at,
      policy,
      nextEvaluationDue: at,
      cycleStartedAt: at,
      performance: noPerformance,
      attributedComplaints: [],
      correctiveActions: [],
      evaluations: [],
      evaluationCount: 0,
      correctiveActionCount: 0,
    };
  }
  if (state.status === 'unregistered') return state;
  const touched = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'PerformanceRecorded': {
      const { deliveries, onTimeDeliveries, receivedUnits, rejectedUnits } = event.data;
      const p = state.performance;
      return {
        ...touched,
        performance: {
          deliveries: p.deliveries + deliveries,
          onTimeDeliveries: p.onTimeDeliveries + onTimeDeliveries,
          receivedUnits: p.receivedUnits + receivedUnits,
          rejectedUnits: p.rejectedUnits + rejectedUnits,
        },
      };
    }
    case 'ComplaintAttributed': {
      const { complaintId, severity, at } = event.data;
      return { ...touched, attributedComplaints: [...state.attributedComplaints, { complaintId, severity, at }] };
    }
    case 'EvaluationStarted': {
      const { evaluationId, trigger, reason, measures, dueBy, at } = event.data;
      const evaluation: OpenEvaluation = {
        id: evaluationId,
        trigger,
        reason,
        startedAt: at,
        dueBy,
        ...(measures ? { measures } : {}),
        reminded: false,
        escalated: false,
      };
      // Evaluating is a qualified supplier's phase: the cycle opens one only once a disqualified supplier is requalified.
      const evaluating: EvaluatingSupplier = { ...touched, status: 'active', evaluation };
      // An evaluation that froze its measures at opening used the records up: the next one counted from here.
      return measures ? { ...evaluating, cycleStartedAt: at, performance: noPerformance } : evaluating;
    }
    case 'EvaluationReminderSent':
      return touched.evaluation ? { ...touched, evaluation: { ...touched.evaluation, reminded: true } } : touched;
    case 'EvaluationEscalated':
      return touched.evaluation
        ? { ...touched, evaluation: { ...touched.evaluation, reminded: true, escalated: true } }
        : touched;
    case 'SupplierEvaluated': {
      const { evaluationId, score, grade, outcome, nextEvaluationDue, at, by } = event.data;
      const { evaluation: _closed, nextEvaluationDue: _previousDue, ...rest } = touched;
      // Measured at submission, the evaluation used the records up to now: the next one counts from here.
      const measuredNow = state.evaluation !== undefined && state.evaluation.measures === undefined;
      const record: EvaluationRecord = {
        id: evaluationId,
        trigger: state.evaluation?.trigger ?? 'manual',
        startedAt: state.evaluation?.startedAt ?? at,
        evaluatedAt: at,
        evaluatedBy: by,
        score,
        grade,
        outcome,
      };
      const graded = {
        ...rest,
        score,
        grade,
        outcome,
        ...(measuredNow ? { cycleStartedAt: at, performance: noPerformance } : {}),
        evaluations: [...state.evaluations, record].slice(-keptHistory),
        evaluationCount: evaluationCountOf(state) + 1,
      };
      // A disqualified supplier has no next evaluation, whatever interval its grade band names.
      return outcome === 'disqualified'
        ? { ...graded, status: 'disqualified' }
        : { ...graded, status: 'active', ...(nextEvaluationDue ? { nextEvaluationDue } : {}) };
    }
    case 'CorrectiveActionRequested': {
      const { actionId, evaluationId, grade, description, responseDue, at } = event.data;
      return {
        ...touched,
        correctiveActions: bounded(
          [
            ...state.correctiveActions,
            { id: actionId, evaluationId, grade, description, requestedAt: at, responseDue, overdue: false },
          ],
          (action) => !action.respondedAt || action.evaluationId === evaluationId,
        ),
        correctiveActionCount: correctiveActionCountOf(state) + 1,
      };
    }
    case 'CorrectiveActionResponded': {
      const { actionId, response, onTime, at } = event.data;
      return { ...touched, correctiveActions: updateAction(state, actionId, { response, onTime, respondedAt: at }) };
    }
    case 'CorrectiveActionOverdue':
      return { ...touched, correctiveActions: updateAction(state, event.data.actionId, { overdue: true }) };
    case 'SupplierRequalified':
      // Requalification is an explicit act, and it is proven by an evaluation at once.
      return { ...touched, status: 'active', requalifiedAt: event.data.at, nextEvaluationDue: event.data.at };
    case 'EvidenceAttached':
      return { ...touched, evidence: withAttached(state.evidence, event.data) };
    case 'EvidenceRetracted':
      return { ...touched, evidence: withRetracted(state.evidence, event.data) };
    case 'NotificationSent':
    case 'NotificationFailed':
      return state;
    default:
      return assertNever(event);
  }
};
