import { readDuration } from './sla/duration.js';
import { problemCollector, type FieldProblem } from './validation.js';

/** The rules a policy document (SLA, supplier evaluation, teams) can break: each a sentence of the catalogues. */
export const policyRuleKeys = [
  'required',
  'severities-required',
  'unknown-severity',
  'step-targets-object',
  'escalation-list',
  'unknown-step',
  'feedback-target',
  'duration',
  'duration-too-long',
  'ratio',
  'ladder-too-tall',
  'rung-before-previous',
  'time-zone',
  'working-days',
  'working-hours',
  'holiday-list',
  'date',
  'holiday-and-working-day',
  'calendar-include',
  'beyond-calendar',
  'unknown-criterion',
  'weight',
  'weights-all-zero',
  'scored-weight-missing',
  'scale',
  'not-measured-criterion',
  'too-many-grades',
  'short-name',
  'min-score',
  'outcome',
  'interval-required',
  'grades-empty',
  'grades-descending',
  'last-grade-zero',
  'whole-number-range',
  'escalate-to',
  'teams-map',
  'subject-list',
  'people-list',
  'person-id',
  'person-repeated',
  'person-email',
  'person-language',
  'pause-reason-list',
  'pause-reason',
  'pause-reason-code',
  'pause-reason-repeated',
  'pause-reason-reserved',
  'pause-reason-label',
] as const;
export type PolicyRuleKey = (typeof policyRuleKeys)[number];

export type PolicyProblem = FieldProblem<PolicyRuleKey>;

/**
 * A policy document that does not hold: every problem, each named by the path
 * of its field. The message lists the rules' keys, for logs; readers get the
 * catalogues' sentences.
 */
export class InvalidPolicy extends Error {
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`Invalid policy:\n${problems.map(({ path, key }) => `  - ${path}: ${key}`).join('\n')}`);
    this.name = 'InvalidPolicy';
  }
}

/** Collects a policy document's problems while it is read; durations are read in place. */
export const policyProblems = () => {
  const collector = problemCollector(InvalidPolicy);
  return {
    ...collector,
    /** The duration at `path` in milliseconds, or 0 after recording why it is not one. */
    duration: (path: string, value: unknown): number => {
      const reading = readDuration(value);
      if (typeof reading === 'number') return reading;
      collector.add(path, reading.key, reading.params);
      return 0;
    },
  };
};
