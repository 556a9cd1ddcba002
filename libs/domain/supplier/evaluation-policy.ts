import { policyProblems } from '../policy.js';
import { shown } from '../validation.js';
import {
  measuredCriteria,
  outcomes,
  scoredCriteria,
  type Criterion,
  type MeasuredCriterion,
  type Outcome,
  type ScoredCriterion,
} from './vocabulary.js';

/** A measured criterion scores 100 at `best` or better, 0 at `worst` or worse, in a straight line between. */
export type MeasuredScale = Readonly<{ best: number; worst: number }>;

export type GradeBand = Readonly<{
  grade: string;
  /** The lowest weighted score (0-100) that earns this grade. */
  minScore: number;
  outcome: Outcome;
  /** Until the next periodic re-evaluation; absent for an outcome that ends supply. */
  intervalMs?: number;
  /** Whether this grade comes with a corrective action request. */
  correctiveAction: boolean;
}>;

export type EvaluationPolicy = Readonly<{
  weights: Readonly<Partial<Record<Criterion, number>>>;
  scales: Readonly<Record<MeasuredCriterion, MeasuredScale>>;
  /** Best grade first, each `minScore` lower than the one before; the last starts at 0. */
  grades: readonly GradeBand[];
  earlyTrigger: Readonly<{ complaints: number; windowMs: number; onCriticalComplaint: boolean }>;
  scoring: Readonly<{ deadlineMs: number; reminderRatio: number; escalateTo: string }>;
  correctiveAction: Readonly<{ responseMs: number; escalateTo: string }>;
}>;

/** The policy as written in a file: durations as ISO-8601 text. */
export type EvaluationPolicyDocument = {
  weights: Record<string, number>;
  scales?: Record<string, { best: number; worst: number }>;
  grades: { grade: string; minScore: number; outcome: string; interval?: string; correctiveAction?: boolean }[];
  earlyTrigger?: { complaints?: number; window?: string; onCriticalComplaint?: boolean };
  scoring?: { deadline?: string; reminderRatio?: number; escalateTo?: string };
  correctiveAction?: { response?: string; escalateTo?: string };
};

/**
 * The built-in policy: the brief's five qualitative criteria and four measured
 * ones, bands A ≥ 85, B ≥ 70, C ≥ 50, D below, re-evaluated sooner the weaker
 * the grade, and an early re-evaluation after three attributed complaints in
 * 90 days or any critical one.
 */
export const defaultEvaluationPolicyDocument: EvaluationPolicyDocument = {
  weights: {
    'quality-awareness': 10,
    'technical-capability': 10,
    reproducibility: 10,
    'problem-solving': 10,
    'system-stability': 10,
    'rejection-rate': 20,
    'on-time-delivery': 15,
    'attributed-complaints': 10,
    'corrective-action-responsiveness': 5,
  },
  scales: {
    'rejection-rate': { best: 0, worst: 0.05 },
    'on-time-delivery': { best: 1, worst: 0.8 },
    'attributed-complaints': { best: 0, worst: 5 },
    'corrective-action-responsiveness': { best: 1, worst: 0 },
  },
  grades: [
    { grade: 'A', minScore: 85, outcome: 'approved', interval: 'P365D' },
    { grade: 'B', minScore: 70, outcome: 'approved-with-conditions', interval: 'P180D', correctiveAction: true },
    { grade: 'C', minScore: 50, outcome: 'probation', interval: 'P90D', correctiveAction: true },
    { grade: 'D', minScore: 0, outcome: 'disqualified' },
  ],
  earlyTrigger: { complaints: 3, window: 'P90D', onCriticalComplaint: true },
  scoring: { deadline: 'P14D', reminderRatio: 0.5, escalateTo: 'supplier-quality-manager' },
  correctiveAction: { response: 'P30D', escalateTo: 'supplier-quality-manager' },
};

const criteria: readonly string[] = [...scoredCriteria, ...measuredCriteria];

const textOr = (value: unknown): string => (typeof value === 'string' ? value : '');

/** More grade bands than people can tell apart is a mistake in the document. */
export const maxGradeBands = 10;

/** A grade is shown everywhere and kept in search attributes, which hold short values only. */
const maxGradeLength = 40;

/** Checks a policy document and converts it; every problem is reported, each by the path of its field. */
export const parseEvaluationPolicy = (document: unknown): EvaluationPolicy => {
  const { add, duration, throwIfAny } = policyProblems();
  const doc = (document ?? {}) as Partial<EvaluationPolicyDocument>;
  const defaults = defaultEvaluationPolicyDocument;

  const weights: Partial<Record<Criterion, number>> = {};
  for (const [criterion, weight] of Object.entries(doc.weights ?? {})) {
    if (!criteria.includes(criterion)) add(`weights.${criterion}`, 'unknown-criterion', { criteria });
    else if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight))
      add(`weights.${criterion}`, 'weight', { got: shown(weight) });
    else weights[criterion as Criterion] = weight;
  }
  if (!Object.values(weights).some((weight) => weight > 0)) add('weights', 'weights-all-zero');
  if (
    !Object.keys(weights).some(
      (criterion) =>
        (scoredCriteria as readonly string[]).includes(criterion) && weights[criterion as ScoredCriterion]! > 0,
    )
  ) {
    add('weights', 'scored-weight-missing', { criteria: scoredCriteria });
  }

  const scales = {} as Record<MeasuredCriterion, MeasuredScale>;
  for (const criterion of measuredCriteria) {
    const scale = doc.scales?.[criterion] ?? defaults.scales![criterion]!;
    if (!Number.isFinite(scale?.best) || !Number.isFinite(scale?.worst) || scale.best === scale.worst) {
      add(`scales.${criterion}`, 'scale');
    }
    scales[criterion] = { best: scale?.best, worst: scale?.worst };
  }
  for (const criterion of Object.keys(doc.scales ?? {})) {
    if (!(measuredCriteria as readonly string[]).includes(criterion))
      add(`scales.${criterion}`, 'not-measured-criterion', { criteria: measuredCriteria });
  }

  if (Array.isArray(doc.grades) && doc.grades.length > maxGradeBands)
    add('grades', 'too-many-grades', { max: maxGradeBands, got: doc.grades.length });
  const grades = (Array.isArray(doc.grades) ? doc.grades : []).slice(0, maxGradeBands).map((band, i): GradeBand => {
    const path = `grades[${i}]`;
    if (typeof band?.grade !== 'string' || band.grade === '' || band.grade.length > maxGradeLength)
      add(`${path}.grade`, 'short-name', { max: maxGradeLength });
    if (typeof band?.minScore !== 'number' || band.minScore < 0 || band.minScore > 100)
      add(`${path}.minScore`, 'min-score');
    if (!(outcomes as readonly string[]).includes(band?.outcome)) add(`${path}.outcome`, 'outcome', { outcomes });
    const intervalMs = band?.interval === undefined ? undefined : duration(`${path}.interval`, band.interval);
    if (intervalMs === undefined && band?.outcome !== 'disqualified') add(`${path}.interval`, 'interval-required');
    return {
      grade: band?.grade,
      minScore: band?.minScore,
      outcome: band?.outcome as Outcome,
      intervalMs,
      correctiveAction: band?.correctiveAction === true,
    };
  });
  if (grades.length === 0) add('grades', 'grades-empty');
  grades.forEach((band, i) => {
    // Only numbers are compared: a band whose minScore is not one is reported above, and must not throw here.
    if (
      i > 0 &&
      typeof band.minScore === 'number' &&
      typeof grades[i - 1]!.minScore === 'number' &&
      !(band.minScore < grades[i - 1]!.minScore)
    )
      add(`grades[${i}].minScore`, 'grades-descending');
  });
  if (grades.length > 0 && grades.at(-1)!.minScore !== 0)
    add(`grades[${grades.length - 1}].minScore`, 'last-grade-zero');

  const trigger = { ...defaults.earlyTrigger, ...doc.earlyTrigger };
  if (!Number.isInteger(trigger.complaints) || trigger.complaints! < 1 || trigger.complaints! > 10_000)
    add('earlyTrigger.complaints', 'whole-number-range', { min: 1, max: 10_000 });
  const scoring = { ...defaults.scoring, ...doc.scoring };
  if (typeof scoring.reminderRatio !== 'number' || !(scoring.reminderRatio > 0 && scoring.reminderRatio < 1))
    add('scoring.reminderRatio', 'ratio', { got: shown(scoring.reminderRatio) });
  const correctiveAction = { ...defaults.correctiveAction, ...doc.correctiveAction };
  for (const [path, role] of [
    ['scoring.escalateTo', scoring.escalateTo],
    ['correctiveAction.escalateTo', correctiveAction.escalateTo],
  ] as const) {
    if (typeof role !== 'string' || role === '') add(path, 'escalate-to');
  }

  const policy: EvaluationPolicy = {
    weights,
    scales,
    grades,
    earlyTrigger: {
      complaints: trigger.complaints!,
      windowMs: duration('earlyTrigger.window', trigger.window),
      onCriticalComplaint: trigger.onCriticalComplaint !== false,
    },
    scoring: {
      deadlineMs: duration('scoring.deadline', scoring.deadline),
      reminderRatio: scoring.reminderRatio!,
      escalateTo: textOr(scoring.escalateTo),
    },
    correctiveAction: {
      responseMs: duration('correctiveAction.response', correctiveAction.response),
      escalateTo: textOr(correctiveAction.escalateTo),
    },
  };
  throwIfAny();
  return policy;
};

export const defaultEvaluationPolicy: EvaluationPolicy = parseEvaluationPolicy(defaultEvaluationPolicyDocument);
