import { problemCollector } from '../policy.js';
import { parseDuration } from '../sla/duration.js';
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

/** Checks a policy document and converts it; every problem is reported, each by the path of its field. */
const textOr = (value: unknown): string => (typeof value === 'string' ? value : '');

/** More grade bands than people can tell apart is a mistake in the document. */
export const maxGradeBands = 10;

export const parseEvaluationPolicy = (document: unknown): EvaluationPolicy => {
  const { add, attempt, throwIfAny } = problemCollector();
  const doc = (document ?? {}) as Partial<EvaluationPolicyDocument>;
  const defaults = defaultEvaluationPolicyDocument;

  const weights: Partial<Record<Criterion, number>> = {};
  for (const [criterion, weight] of Object.entries(doc.weights ?? {})) {
    if (!criteria.includes(criterion)) add(`weights.${criterion}: unknown criterion (known: ${criteria.join(', ')})`);
    else if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight))
      add(`weights.${criterion}: a weight is a number ≥ 0, got ${JSON.stringify(weight)}`);
    else weights[criterion as Criterion] = weight;
  }
  if (!Object.values(weights).some((weight) => weight > 0))
    add('weights: at least one criterion needs a weight above 0');
  if (
    !Object.keys(weights).some(
      (criterion) =>
        (scoredCriteria as readonly string[]).includes(criterion) && weights[criterion as ScoredCriterion]! > 0,
    )
  ) {
    add(
      `weights: at least one scored criterion (${scoredCriteria.join(', ')}) needs a weight, or an engineer would have nothing to score`,
    );
  }

  const scales = {} as Record<MeasuredCriterion, MeasuredScale>;
  for (const criterion of measuredCriteria) {
    const scale = doc.scales?.[criterion] ?? defaults.scales![criterion]!;
    if (!Number.isFinite(scale?.best) || !Number.isFinite(scale?.worst) || scale.best === scale.worst) {
      add(`scales.${criterion}: needs finite numbers best and worst, not equal`);
    }
    scales[criterion] = { best: scale?.best, worst: scale?.worst };
  }
  for (const criterion of Object.keys(doc.scales ?? {})) {
    if (!(measuredCriteria as readonly string[]).includes(criterion))
      add(`scales.${criterion}: not a measured criterion (${measuredCriteria.join(', ')})`);
  }

  if (Array.isArray(doc.grades) && doc.grades.length > maxGradeBands)
    add(`grades: at most ${maxGradeBands} bands, got ${doc.grades.length}`);
  const grades = (Array.isArray(doc.grades) ? doc.grades : []).slice(0, maxGradeBands).map((band, i): GradeBand => {
    const path = `grades[${i}]`;
    // A grade is shown everywhere and kept in search attributes, which hold short values only.
    if (typeof band?.grade !== 'string' || band.grade === '' || band.grade.length > 40)
      add(`${path}.grade: required, at most 40 characters`);
    if (typeof band?.minScore !== 'number' || band.minScore < 0 || band.minScore > 100)
      add(`${path}.minScore: a number from 0 to 100`);
    if (!(outcomes as readonly string[]).includes(band?.outcome)) add(`${path}.outcome: one of ${outcomes.join(', ')}`);
    const intervalMs =
      band?.interval === undefined ? undefined : attempt(`${path}.interval`, () => parseDuration(band.interval!), 0);
    if (intervalMs === undefined && band?.outcome !== 'disqualified')
      add(`${path}.interval: required unless the outcome is disqualified`);
    return {
      grade: band?.grade,
      minScore: band?.minScore,
      outcome: band?.outcome as Outcome,
      intervalMs,
      correctiveAction: band?.correctiveAction === true,
    };
  });
  if (grades.length === 0) add('grades: at least one band');
  grades.forEach((band, i) => {
    // Only numbers are compared: a band whose minScore is not one is reported above, and must not throw here.
    if (
      i > 0 &&
      typeof band.minScore === 'number' &&
      typeof grades[i - 1]!.minScore === 'number' &&
      !(band.minScore < grades[i - 1]!.minScore)
    )
      add(`grades[${i}].minScore: bands go from the best grade down, each lower than the one before`);
  });
  if (grades.length > 0 && grades.at(-1)!.minScore !== 0)
    add(`grades[${grades.length - 1}].minScore: the last band starts at 0, so every score has a grade`);

  const trigger = { ...defaults.earlyTrigger, ...doc.earlyTrigger };
  if (!Number.isInteger(trigger.complaints) || trigger.complaints! < 1 || trigger.complaints! > 10_000)
    add('earlyTrigger.complaints: a whole number from 1 to 10000');
  const scoring = { ...defaults.scoring, ...doc.scoring };
  if (typeof scoring.reminderRatio !== 'number' || !(scoring.reminderRatio > 0 && scoring.reminderRatio < 1))
    add('scoring.reminderRatio: a number between 0 and 1');
  const correctiveAction = { ...defaults.correctiveAction, ...doc.correctiveAction };
  for (const [path, role] of [
    ['scoring.escalateTo', scoring.escalateTo],
    ['correctiveAction.escalateTo', correctiveAction.escalateTo],
  ] as const) {
    if (typeof role !== 'string' || role === '') add(`${path}: the role to escalate to, a name`);
  }

  const policy: EvaluationPolicy = {
    weights,
    scales,
    grades,
    earlyTrigger: {
      complaints: trigger.complaints!,
      windowMs: attempt('earlyTrigger.window', () => parseDuration(trigger.window!), 0),
      onCriticalComplaint: trigger.onCriticalComplaint !== false,
    },
    scoring: {
      deadlineMs: attempt('scoring.deadline', () => parseDuration(scoring.deadline!), 0),
      reminderRatio: scoring.reminderRatio!,
      escalateTo: textOr(scoring.escalateTo),
    },
    correctiveAction: {
      responseMs: attempt('correctiveAction.response', () => parseDuration(correctiveAction.response!), 0),
      escalateTo: textOr(correctiveAction.escalateTo),
    },
  };
  throwIfAny();
  return policy;
};

export const defaultEvaluationPolicy: EvaluationPolicy = parseEvaluationPolicy(defaultEvaluationPolicyDocument);
