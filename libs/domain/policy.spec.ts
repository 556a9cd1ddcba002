import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidPolicy } from './policy.js';
import { complaintDecider } from './complaint/complaint.decider.js';
import { fold } from './decider.js';
import { nextMarkAt } from './sla/sla-clocks.js';
import { defaultSlaPolicyDocument, parseSlaPolicy, type SlaPolicy, type SlaPolicyDocument } from './sla/sla-policy.js';
import { defaultEvaluationPolicyDocument, parseEvaluationPolicy } from './supplier/evaluation-policy.js';

/** The document with one value, somewhere down to four levels deep, replaced by anything at all. */
const mutated = (document: object) =>
  fc.tuple(fc.anything(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([value, choices]) => {
    const copy = structuredClone(document) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const [depth, choice] of choices.entries()) {
      const keys = Object.keys(at);
      if (keys.length === 0) break;
      const key = keys[choice % keys.length]!;
      const next = at[key];
      if (depth === choices.length - 1 || typeof next !== 'object' || next === null) {
        at[key] = value;
        break;
      }
      at = next as Record<string, unknown>;
    }
    return copy;
  });

/** Registers a case under `policy` at `at`, then checks its clocks at every mark as it falls due: none may throw. */
const planEveryMark = (policy: SlaPolicy, at: Date): void => {
  let history = complaintDecider.decide(
    {
      type: 'RegisterComplaint',
      data: {
        complaintId: 'c-1',
        customer: { name: 'A' },
        channel: 'phone',
        category: 'product-quality',
        severity: 'normal',
        title: 't',
        description: 'd',
        slaPolicy: policy,
      },
      metadata: { actor: 'desk', now: at.toISOString() },
    },
    complaintDecider.initialState(),
  );
  // Warnings, breaches, each rung of the ladder.
  for (let marks = 0; marks < 8; marks++) {
    const state = fold(complaintDecider, history);
    assert.equal(state.status, 'open');
    if (state.status !== 'open') return;
    const due = nextMarkAt(state.sla, state.severity);
    if (due === undefined) return;
    assert.ok(!Number.isNaN(Date.parse(due)), `a mark due at ${due}`);
    history = [
      ...history,
      ...complaintDecider.decide(
        { type: 'CheckSlaClocks', data: {}, metadata: { actor: 'system:sla', now: due } },
        state,
      ),
    ];
  }
};

/** Policies come from files and, now, from request bodies: whatever arrives, the answer is a list of problems, never a crash. */
describe('policy documents of any shape', () => {
  for (const [name, parse, document] of [
    ['SLA', parseSlaPolicy, defaultSlaPolicyDocument],
    ['supplier evaluation', parseEvaluationPolicy, defaultEvaluationPolicyDocument],
  ] as const) {
    it(`${name}: parses or names its problems, and nothing else`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), mutated(document)), (candidate) => {
          try {
            (parse as (d: unknown) => unknown)(candidate);
          } catch (error) {
            assert.ok(error instanceof InvalidPolicy, `${JSON.stringify(candidate)}: ${String(error)}`);
            assert.ok(error.problems.length > 0);
          }
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('supplier evaluation: a grade band whose minScore cannot even be compared is a named problem (a case the property once found)', () => {
    const document = structuredClone(defaultEvaluationPolicyDocument) as unknown as { grades: { minScore: unknown }[] };
    document.grades[0]!.minScore = { toString: false };
    assert.throws(
      () => parseEvaluationPolicy(document),
      (error: unknown) =>
        error instanceof InvalidPolicy &&
        error.problems.some(({ path, key }) => path === 'grades[0].minScore' && key === 'min-score'),
    );
  });

  it('SLA: a duration past ten years, or a ladder taller than ten rungs, is a named problem', () => {
    const document = structuredClone(defaultSlaPolicyDocument) as SlaPolicyDocument;
    document.severities.normal!.case = 'P99999999W';
    document.severities.high!.escalation = Array.from({ length: 11 }, () => ({ role: 'team-lead', after: 'PT1H' }));
    assert.throws(
      () => parseSlaPolicy(document),
      (error: unknown) =>
        error instanceof InvalidPolicy &&
        error.problems.some(({ path, key }) => path === 'severities.normal.case' && key === 'duration-too-long') &&
        error.problems.some(
          ({ path, key, params }) =>
            path === 'severities.high.escalation' && key === 'ladder-too-tall' && params?.got === 11,
        ),
    );
    document.severities.normal!.case = 'P520W';
    document.severities.high!.escalation = [{ role: 'team-lead', after: 'P520W' }];
    assert.doesNotThrow(() => parseSlaPolicy(document));
  });

  it('SLA: every policy that parses can register a case and plan its clocks (a policy once broke every fold)', () => {
    const duration = fc.oneof(
      fc.constantFrom(
        'PT0S',
        'PT1S',
        'PT260H',
        'PT200H',
        'PT20800H',
        'P520W',
        'P3660D',
        'PT87840H',
        'P99999999W',
        'PT1.5S',
      ),
      fc.nat({ max: 3660 }).map((days) => `P${days}D`),
    );
    const targets = fc.record({
      acknowledge: duration,
      case: duration,
      steps: fc.record({ analyse: duration, resolve: duration }),
      escalation: fc.array(fc.record({ role: fc.constant('team-lead'), after: duration }), { maxLength: 12 }),
      warningRatio: fc.constantFrom(0.5, 0.8),
    });
    const calendar = fc.option(
      fc.record({
        timeZone: fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Australia/Lord_Howe'),
        workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        hours: fc.constantFrom(
          { start: '09:00', end: '17:00' },
          { start: '00:00', end: '00:01' },
          { start: '08:30', end: '23:59' },
          { start: '02:00', end: '02:30' },
        ),
        holidays: fc.constantFrom([], ['2026-10-01', '2026-10-02']),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        targets,
        calendar,
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (t, cal, at) => {
          let policy;
          try {
            policy = parseSlaPolicy({
              severities: { low: t, normal: t, high: t, critical: t },
              ...(cal ? { calendar: cal } : {}),
            });
          } catch (error) {
            assert.ok(error instanceof InvalidPolicy);
            return;
          }
          planEveryMark(policy, at);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('SLA: calendars that once broke a case weeks after registration plan every mark, or are refused', () => {
    const weekdays = {
      timeZone: 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
      holidays: [],
    };
    const lordHowe = {
      timeZone: 'Australia/Lord_Howe',
      workingDays: [7],
      hours: { start: '02:00', end: '02:30' },
      holidays: [],
    };
    const longLadder = { acknowledge: 'PT1H', case: 'PT200H', escalation: [{ role: 'team-lead', after: 'PT20800H' }] };
    const halfHourSundays = { acknowledge: 'PT1H', case: 'PT260H' };
    let planned = 0;
    for (const [calendar, targets] of [
      [weekdays, longLadder],
      [lordHowe, halfHourSundays],
    ] as const) {
      let policy: SlaPolicy;
      try {
        policy = parseSlaPolicy({
          severities: { low: targets, normal: targets, high: targets, critical: targets },
          calendar,
        });
      } catch (error) {
        assert.ok(error instanceof InvalidPolicy);
        continue;
      }
      planEveryMark(policy, new Date('2026-12-06T00:00:00.000Z'));
      planned++;
    }
    assert.ok(planned >= 1, 'a calendar whose working time only DST shortens is taken, and plans');
  });
});
