import type { EvaluationPolicy, GradeBand, MeasuredScale } from './evaluation-policy.js';
import {
  measuredCriteria,
  scoredCriteria,
  type Criterion,
  type MeasuredCriterion,
  type ScoredCriterion,
} from './vocabulary.js';

/** What the records say about a supplier since its last evaluation; a measure without data is left out. */
export type PerformanceMeasures = Readonly<{
  'rejection-rate'?: number;
  'on-time-delivery'?: number;
  'attributed-complaints': number;
  'corrective-action-responsiveness'?: number;
}>;

/**
 * The records an evaluation is measured on: performance recorded, complaints
 * attributed and the last evaluation's corrective actions settled after
 * `from` (the last evaluation graded, or the registration) up to `to` (when
 * the scores were submitted), with the totals the measures come from.
 */
export type MeasurementWindow = Readonly<{
  from: string;
  to: string;
  deliveries: number;
  onTimeDeliveries: number;
  receivedUnits: number;
  rejectedUnits: number;
  complaints: readonly string[];
  correctiveActions: readonly string[];
}>;

export type CriterionScore = Readonly<{ criterion: Criterion; weight: number; value?: number; score: number }>;

export type EvaluationResult = Readonly<{
  /** Weighted score, 0 to 100, one decimal. */
  score: number;
  grade: string;
  band: GradeBand;
  breakdown: readonly CriterionScore[];
}>;

/** 100 at `best` or better, 0 at `worst` or worse, a straight line between (either direction). */
export const measuredScore = ({ best, worst }: MeasuredScale, value: number): number =>
  Math.min(100, Math.max(0, (100 * (value - worst)) / (best - worst)));

export const gradeFor = (policy: EvaluationPolicy, score: number): GradeBand =>
  policy.grades.find((band) => score >= band.minScore) ?? policy.grades.at(-1)!;

/** The scored criteria the policy weighs: the ones an engineer must score. */
export const requiredScores = (policy: EvaluationPolicy): ScoredCriterion[] =>
  scoredCriteria.filter((criterion) => (policy.weights[criterion] ?? 0) > 0);

/**
 * The weighted score and grade. Criteria without a weight, or measured ones
 * without data, are left out and the remaining weights share the whole, so a
 * supplier is neither punished nor favoured for what was not recorded.
 */
export const evaluate = (
  policy: EvaluationPolicy,
  scores: Readonly<Partial<Record<ScoredCriterion, number>>>,
  measures: PerformanceMeasures,
): EvaluationResult => {
  const parts: CriterionScore[] = [];
  for (const criterion of scoredCriteria) {
    const weight = policy.weights[criterion] ?? 0;
    const value = scores[criterion];
    if (weight > 0 && value !== undefined)
      parts.push({ criterion, weight, value, score: Math.min(100, Math.max(0, value)) });
  }
  for (const criterion of measuredCriteria) {
    const weight = policy.weights[criterion] ?? 0;
    const value = measures[criterion as MeasuredCriterion];
    if (weight > 0 && value !== undefined)
      parts.push({ criterion, weight, value, score: measuredScore(policy.scales[criterion], value) });
  }
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  const weighted = totalWeight === 0 ? 0 : parts.reduce((sum, part) => sum + part.weight * part.score, 0) / totalWeight;
  const score = Math.round(weighted * 10) / 10;
  const band = gradeFor(policy, score);
  return { score, grade: band.grade, band, breakdown: parts };
};
