import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidPolicy } from '../policy.js';
import {
  defaultEvaluationPolicy,
  defaultEvaluationPolicyDocument,
  parseEvaluationPolicy,
} from './evaluation-policy.js';
import { evaluate, gradeFor, measuredScore, type PerformanceMeasures } from './scoring.js';
import { scoredCriteria, type ScoredCriterion } from './vocabulary.js';

const policy = defaultEvaluationPolicy;
const allScores = (value: number) =>
  Object.fromEntries(scoredCriteria.map((criterion) => [criterion, value])) as Record<ScoredCriterion, number>;
const perfect: PerformanceMeasures = {
  'rejection-rate': 0,
  'on-time-delivery': 1,
  'attributed-complaints': 0,
  'corrective-action-responsiveness': 1,
};

const scoresArb = fc.record(
  Object.fromEntries(scoredCriteria.map((criterion) => [criterion, fc.integer({ min: 0, max: 100 })])) as Record<
    ScoredCriterion,
    fc.Arbitrary<number>
  >,
);
const measuresArb: fc.Arbitrary<PerformanceMeasures> = fc.record(
  {
    'rejection-rate': fc.double({ min: 0, max: 1, noNaN: true }),
    'on-time-delivery': fc.double({ min: 0, max: 1, noNaN: true }),
    'attributed-complaints': fc.integer({ min: 0, max: 50 }),
    'corrective-action-responsiveness': fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['attributed-complaints'] },
);
const gradeRank = (grade: string) => policy.grades.findIndex((band) => band.grade === grade);

describe('supplier scoring', () => {
  it('maps a measure onto 0-100 between its worst and best values, either way round', () => {
    assert.equal(measuredScore({ best: 0, worst: 0.05 }, 0.025), 50);
    assert.equal(measuredScore({ best: 0, worst: 0.05 }, 0.2), 0);
    assert.ok(Math.abs(measuredScore({ best: 1, worst: 0.8 }, 0.95) - 75) < 1e-9);
    assert.equal(measuredScore({ best: 1, worst: 0.8 }, 1.2), 100);
  });

  it('grades by the bands: A ≥ 85, B ≥ 70, C ≥ 50, D below', () => {
    assert.deepEqual(
      [90, 85, 84.9, 70, 50, 49.9, 0].map((score) => gradeFor(policy, score).grade),
      ['A', 'A', 'B', 'B', 'C', 'D', 'D'],
    );
    assert.equal(gradeFor(policy, 60).outcome, 'probation');
    assert.equal(gradeFor(policy, 60).correctiveAction, true);
    assert.equal(gradeFor(policy, 10).intervalMs, undefined);
  });

  it('weighs every criterion: perfect everywhere is 100 and A', () => {
    const result = evaluate(policy, allScores(100), perfect);
    assert.equal(result.score, 100);
    assert.equal(result.grade, 'A');
    assert.equal(result.breakdown.length, 9);
  });

  it('leaves out measures without data and shares their weight among the rest', () => {
    const result = evaluate(policy, allScores(80), { 'attributed-complaints': 0 });
    // Scored criteria (50 weight) at 80 and complaints (10 weight) at 100: (50·80 + 10·100) / 60.
    assert.equal(result.score, 83.3);
    assert.deepEqual(
      result.breakdown.map((part) => part.criterion).sort(),
      [...scoredCriteria, 'attributed-complaints'].sort(),
    );
  });

  it('keeps every score within 0-100 (property)', () => {
    fc.assert(
      fc.property(scoresArb, measuresArb, (scores, measures) => {
        const { score } = evaluate(policy, scores, measures);
        assert.ok(score >= 0 && score <= 100, String(score));
      }),
      { numRuns: 500 },
    );
  });

  it('never lowers the grade when any criterion gets better (property)', () => {
    fc.assert(
      fc.property(
        scoresArb,
        measuresArb,
        fc.constantFrom(...scoredCriteria),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scores, measures, criterion, raise, better) => {
          const before = evaluate(policy, scores, measures);
          const raisedScore = evaluate(
            policy,
            { ...scores, [criterion]: Math.min(100, scores[criterion] + raise) },
            measures,
          );
          const improved: PerformanceMeasures = {
            ...measures,
            ...(measures['rejection-rate'] !== undefined
              ? { 'rejection-rate': measures['rejection-rate'] * better }
              : {}),
            ...(measures['on-time-delivery'] !== undefined
              ? { 'on-time-delivery': measures['on-time-delivery'] + (1 - measures['on-time-delivery']) * better }
              : {}),
            'attributed-complaints': Math.floor(measures['attributed-complaints'] * better),
          };
          const betterRecords = evaluate(policy, scores, improved);
          assert.ok(raisedScore.score >= before.score && gradeRank(raisedScore.grade) <= gradeRank(before.grade));
          assert.ok(betterRecords.score >= before.score && gradeRank(betterRecords.grade) <= gradeRank(before.grade));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a bad policy, naming every bad field', () => {
    const bad = structuredClone(defaultEvaluationPolicyDocument);
    bad.weights = { ...bad.weights, charisma: 5, 'rejection-rate': -1 };
    bad.grades = [
      { grade: 'A', minScore: 70, outcome: 'approved', interval: 'P1Y' },
      { grade: 'B', minScore: 80, outcome: 'maybe', interval: 'P30D' },
      { grade: 'C', minScore: 10, outcome: 'probation' },
    ];
    bad.scoring = { reminderRatio: 2 };
    try {
      parseEvaluationPolicy(bad);
      assert.fail('expected InvalidPolicy');
    } catch (error) {
      assert.ok(error instanceof InvalidPolicy);
      assert.deepEqual(error.problems.map(({ path }) => path).sort(), [
        'grades[0].interval',
        'grades[1].minScore',
        'grades[1].outcome',
        'grades[2].interval',
        'grades[2].minScore',
        'scoring.reminderRatio',
        'weights.charisma',
        'weights.rejection-rate',
      ]);
    }
  });
});
