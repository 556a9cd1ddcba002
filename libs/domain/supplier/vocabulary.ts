/** The words of supplier evaluation, from the domain brief. */

/** How much a supplier's parts affect the final product (ISO 9001 7.4.1: the degree of control follows it). */
export const criticalities = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof criticalities)[number];

/** The qualitative criteria an engineer scores (供应商分级标准). */
export const scoredCriteria = [
  'quality-awareness',
  'technical-capability',
  'reproducibility',
  'problem-solving',
  'system-stability',
] as const;
export type ScoredCriterion = (typeof scoredCriteria)[number];

/** The quantitative criteria computed from recorded data. */
export const measuredCriteria = [
  'rejection-rate',
  'on-time-delivery',
  'attributed-complaints',
  'corrective-action-responsiveness',
] as const;
export type MeasuredCriterion = (typeof measuredCriteria)[number];

export type Criterion = ScoredCriterion | MeasuredCriterion;

export const outcomes = ['approved', 'approved-with-conditions', 'probation', 'disqualified'] as const;
export type Outcome = (typeof outcomes)[number];

/** What opened an evaluation. */
export const evaluationTriggers = [
  'scheduled',
  'attributed-complaints',
  'critical-complaint',
  'manual',
  'requalification',
] as const;
export type EvaluationTrigger = (typeof evaluationTriggers)[number];

/** Engineers score each qualitative criterion on this scale. */
export const scoreScale = { min: 0, max: 100 } as const;
