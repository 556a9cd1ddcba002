import { isNewEvidence, retractionOf, type EvidenceFile } from '../evidence.js';
import { assertNever, stampOf, type Command } from '../decider.js';
import { recordNotifications, type RecordNotifications } from '../notification.js';
import {
  CorrectiveActionAnswered,
  EvaluationOpen,
  NoEvaluationOpen,
  RuleViolated,
  SupplierAlreadyRegistered,
  SupplierNotDisqualified,
  SupplierNotRegistered,
} from '../errors.js';
import type { Severity } from '../complaint/vocabulary.js';
import type { EvaluationPolicy } from './evaluation-policy.js';
import { evaluate, requiredScores, type PerformanceMeasures } from './scoring.js';
import { dueSupplierMarks, measuresOf, recordsSinceLastEvaluation } from './supplier-cycle.js';
import {
  correctiveActionCountOf,
  evaluationCountOf,
  type PerformanceRecord,
  type RegisteredSupplier,
  type SupplierDetails,
  type SupplierEvidenceLinks,
  type SupplierEvent,
  type SupplierState,
} from './supplier.events.js';
import { scoredCriteria, scoreScale, type EvaluationTrigger, type ScoredCriterion } from './vocabulary.js';

export type RegisterSupplier = Command<
  'RegisterSupplier',
  SupplierDetails & { supplierId: string; policy: EvaluationPolicy }
>;
export type RecordPerformance = Command<'RecordPerformance', PerformanceRecord>;
export type AttributeComplaint = Command<'AttributeComplaint', { complaintId: string; severity: Severity }>;
/**
 * The cycle opens an evaluation (due by date, early on complaints, after a
 * requalification); it is measured when its scores are submitted. Only a
 * cycle replaying a run from before that passes `measures`, the records it
 * collected at opening, so that it records again what it recorded then.
 */
export type StartEvaluation = Command<
  'StartEvaluation',
  { trigger: EvaluationTrigger; reason?: string; measures?: PerformanceMeasures }
>;
/** A person asks for an evaluation now, saying why: opened as the cycle opens one, with the trigger `manual`. */
export type RequestEvaluation = Command<'RequestEvaluation', { reason?: string }>;
export type SubmitScores = Command<
  'SubmitScores',
  { scores: Readonly<Partial<Record<ScoredCriterion, number>>>; notes?: string }
>;
export type RespondToCorrectiveAction = Command<'RespondToCorrectiveAction', { actionId: string; response: string }>;
export type RequalifySupplier = Command<'RequalifySupplier', { reason: string }>;
/** A file for the supplier's record, which may answer one of its corrective actions or evaluations. */
export type AttachSupplierEvidence = Command<'AttachEvidence', EvidenceFile & SupplierEvidenceLinks>;
export type RetractSupplierEvidence = Command<'RetractEvidence', { evidenceId: string; reason: string }>;
/** Asked by the supplier's own timer: records every reminder, escalation and overdue deadline reached by `now`. */
export type CheckSupplierClocks = Command<'CheckSupplierClocks', Record<string, never>>;

export type SupplierCommand =
  | RegisterSupplier
  | RecordPerformance
  | AttributeComplaint
  | StartEvaluation
  | RequestEvaluation
  | SubmitScores
  | RespondToCorrectiveAction
  | RequalifySupplier
  | AttachSupplierEvidence
  | RetractSupplierEvidence
  | CheckSupplierClocks
  | RecordNotifications;

export type SupplierCommandType = SupplierCommand['type'];

/** The system's own actor, for what the supplier's timers record. */
export const supplierCycleActor = 'system:supplier-cycle';

const requireRegistered = (state: SupplierState): RegisteredSupplier => {
  if (state.status === 'unregistered')
    throw new SupplierNotRegistered('No such supplier', {}, { key: 'supplier-not-registered' });
  return state;
};

const register = ({ data, metadata }: RegisterSupplier, state: SupplierState): SupplierEvent[] => {
  if (state.status !== 'unregistered')
    throw new SupplierAlreadyRegistered(
      `Supplier ${data.supplierId} is already registered`,
      { supplierId: data.supplierId },
      { key: 'supplier-already-registered', params: { id: data.supplierId } },
    );
  if (!data.policy?.grades?.length)
    throw new RuleViolated(
      'The evaluation policy has no grade bands',
      { field: 'policy' },
      { key: 'evaluation-policy-lacks-grades' },
    );
  return [{ type: 'SupplierRegistered', data: { ...data, ...stampOf(metadata) } }];
};

const recordPerformance = ({ data, metadata }: RecordPerformance, state: SupplierState): SupplierEvent[] => {
  requireRegistered(state);
  const counts = [data.deliveries, data.onTimeDeliveries, data.receivedUnits, data.rejectedUnits];
  if (counts.some((count) => !Number.isInteger(count) || count < 0))
    throw new RuleViolated('Counts are whole numbers ≥ 0', {}, { key: 'counts-whole-numbers' });
  if (data.onTimeDeliveries > data.deliveries)
    throw new RuleViolated(
      'More on-time deliveries than deliveries',
      { field: 'onTimeDeliveries' },
      { key: 'on-time-exceeds-deliveries' },
    );
  if (data.rejectedUnits > data.receivedUnits)
    throw new RuleViolated(
      'More rejected units than received',
      { field: 'rejectedUnits' },
      { key: 'rejected-exceeds-received' },
    );
  if (data.periodStart && data.periodEnd && data.periodStart > data.periodEnd)
    throw new RuleViolated(
      'The period ends before it starts',
      { field: 'periodEnd' },
      { key: 'period-ends-before-start' },
    );
  return [{ type: 'PerformanceRecorded', data: { ...data, ...stampOf(metadata) } }];
};

const attribute = ({ data, metadata }: AttributeComplaint, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  // A complaint analysed again after a reopening names the supplier again: it still counts once.
  if (supplier.attributedComplaints.some((complaint) => complaint.complaintId === data.complaintId)) return [];
  return [{ type: 'ComplaintAttributed', data: { ...data, ...stampOf(metadata) } }];
};

const startEvaluation = ({ data, metadata }: StartEvaluation, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  if (supplier.evaluation) {
    throw new EvaluationOpen(
      `Evaluation ${supplier.evaluation.id} is already open`,
      { evaluationId: supplier.evaluation.id },
      { key: 'evaluation-open', params: { id: supplier.evaluation.id } },
    );
  }
  if (supplier.status === 'disqualified' && data.trigger !== 'requalification') {
    throw new RuleViolated(
      'A disqualified supplier is evaluated again only when it is requalified',
      {},
      { key: 'disqualified-needs-requalification' },
    );
  }
  const dueBy = new Date(Date.parse(metadata.now) + supplier.policy.scoring.deadlineMs).toISOString();
  const evaluationId = `EV-${evaluationCountOf(supplier) + 1}`;
  return [
    {
      type: 'EvaluationStarted',
      data: {
        evaluationId,
        trigger: data.trigger,
        reason: data.reason,
        ...(data.measures ? { measures: data.measures } : {}),
        dueBy,
        ...stampOf(metadata),
      },
    },
  ];
};

const submitScores = ({ data, metadata }: SubmitScores, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  const evaluation = supplier.evaluation;
  if (!evaluation) throw new NoEvaluationOpen('No evaluation is open', {}, { key: 'evaluation-not-open' });
  const missing = requiredScores(supplier.policy).filter((criterion) => data.scores[criterion] === undefined);
  if (missing.length > 0)
    throw new RuleViolated(
      `Scores missing for ${missing.join(', ')}`,
      { field: 'scores', missing },
      { key: 'scores-missing', params: { criteria: missing } },
    );
  for (const [criterion, value] of Object.entries(data.scores)) {
    if (!(scoredCriteria as readonly string[]).includes(criterion))
      throw new RuleViolated(
        `${criterion} is not a scored criterion`,
        { field: `scores.${criterion}` },
        { key: 'not-scored-criterion', params: { criterion } },
      );
    if (typeof value !== 'number' || value < scoreScale.min || value > scoreScale.max) {
      throw new RuleViolated(
        `Scores run from ${scoreScale.min} to ${scoreScale.max}`,
        { field: `scores.${criterion}` },
        { key: 'score-range', params: { min: scoreScale.min, max: scoreScale.max } },
      );
    }
  }
  const stamp = stampOf(metadata);
  // Measured now, on every record up to the scores; an evaluation that froze its measures at opening keeps them.
  const measures = evaluation.measures ?? measuresOf(supplier);
  const measuredOver = evaluation.measures ? undefined : { ...recordsSinceLastEvaluation(supplier), to: metadata.now };
  const result = evaluate(supplier.policy, data.scores, measures);
  const now = Date.parse(metadata.now);
  const nextEvaluationDue =
    result.band.intervalMs === undefined ? undefined : new Date(now + result.band.intervalMs).toISOString();
  const events: SupplierEvent[] = [
    {
      type: 'SupplierEvaluated',
      data: {
        evaluationId: evaluation.id,
        scores: data.scores,
        notes: data.notes,
        score: result.score,
        grade: result.grade,
        outcome: result.band.outcome,
        breakdown: result.breakdown,
        nextEvaluationDue,
        measures,
        ...(measuredOver ? { measuredOver } : {}),
        ...stamp,
      },
    },
  ];
  if (result.band.correctiveAction) {
    const weakest = [...result.breakdown]
      .sort((a, b) => a.score - b.score)
      .slice(0, 2)
      .map((part) => part.criterion);
    events.push({
      type: 'CorrectiveActionRequested',
      data: {
        actionId: `CAR-${correctiveActionCountOf(supplier) + 1}`,
        evaluationId: evaluation.id,
        grade: result.grade,
        description: `Grade ${result.grade} (${result.score}): a corrective action plan is required, first for ${weakest.join(' and ')}`,
        responseDue: new Date(now + supplier.policy.correctiveAction.responseMs).toISOString(),
        ...stamp,
      },
    });
  }
  return events;
};

const respond = ({ data, metadata }: RespondToCorrectiveAction, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  const action = supplier.correctiveActions.find((candidate) => candidate.id === data.actionId);
  if (!action)
    throw new RuleViolated(
      `No corrective action ${data.actionId}`,
      { field: 'actionId' },
      { key: 'corrective-action-unknown', params: { id: data.actionId } },
    );
  if (action.respondedAt)
    throw new CorrectiveActionAnswered(
      `Corrective action ${action.id} was answered at ${action.respondedAt}`,
      { actionId: action.id },
      { key: 'corrective-action-answered', params: { id: action.id, at: action.respondedAt } },
    );
  const onTime = Date.parse(metadata.now) <= Date.parse(action.responseDue);
  return [
    {
      type: 'CorrectiveActionResponded',
      data: { actionId: action.id, response: data.response, onTime, ...stampOf(metadata) },
    },
  ];
};

const requalify = ({ data, metadata }: RequalifySupplier, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  if (supplier.status !== 'disqualified')
    throw new SupplierNotDisqualified(
      `Supplier ${supplier.id} is not disqualified`,
      { status: supplier.status },
      { key: 'supplier-not-disqualified', params: { id: supplier.id, supplierStatus: supplier.status } },
    );
  return [{ type: 'SupplierRequalified', data: { reason: data.reason, ...stampOf(metadata) } }];
};

/** A file that says what it answers must name a corrective action or an evaluation this supplier has. */
const attachEvidence = ({ data, metadata }: AttachSupplierEvidence, state: SupplierState): SupplierEvent[] => {
  const supplier = requireRegistered(state);
  const { correctiveActionId, evaluationId } = data;
  if (correctiveActionId && !supplier.correctiveActions.some((action) => action.id === correctiveActionId))
    throw new RuleViolated(
      `No corrective action ${correctiveActionId}`,
      { field: 'correctiveActionId' },
      { key: 'corrective-action-unknown', params: { id: correctiveActionId } },
    );
  const evaluations = [...supplier.evaluations.map((evaluation) => evaluation.id), supplier.evaluation?.id];
  if (evaluationId && !evaluations.includes(evaluationId))
    throw new RuleViolated(
      `No evaluation ${evaluationId}`,
      { field: 'evaluationId' },
      { key: 'evaluation-unknown', params: { id: evaluationId } },
    );
  return isNewEvidence(supplier.evidence, data)
    ? [{ type: 'EvidenceAttached', data: { ...data, ...stampOf(metadata) } }]
    : [];
};

export const decideSupplier = (command: SupplierCommand, state: SupplierState): SupplierEvent[] => {
  switch (command.type) {
    case 'RegisterSupplier':
      return register(command, state);
    case 'RecordPerformance':
      return recordPerformance(command, state);
    case 'AttributeComplaint':
      return attribute(command, state);
    case 'StartEvaluation':
      return startEvaluation(command, state);
    case 'RequestEvaluation':
      return startEvaluation(
        { ...command, type: 'StartEvaluation', data: { trigger: 'manual', reason: command.data.reason } },
        state,
      );
    case 'SubmitScores':
      return submitScores(command, state);
    case 'RespondToCorrectiveAction':
      return respond(command, state);
    case 'RequalifySupplier':
      return requalify(command, state);
    case 'AttachEvidence':
      return attachEvidence(command, state);
    case 'RetractEvidence':
      return [
        {
          type: 'EvidenceRetracted',
          data: { ...retractionOf(requireRegistered(state).evidence, command.data), ...stampOf(command.metadata) },
        },
      ];
    case 'CheckSupplierClocks':
      return state.status === 'unregistered'
        ? []
        : dueSupplierMarks(state, command.metadata.now, command.metadata.actor);
    case 'RecordNotifications':
      requireRegistered(state);
      return recordNotifications(command);
    default:
      return assertNever(command);
  }
};
