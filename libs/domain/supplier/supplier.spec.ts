import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Command, CommandMetadata } from '../decider.js';
import { deciderSpec } from '../decider.testing.js';
import {
  CorrectiveActionAnswered,
  EvaluationOpen,
  NoEvaluationOpen,
  RuleViolated,
  SupplierAlreadyRegistered,
  SupplierNotDisqualified,
  SupplierNotRegistered,
} from '../errors.js';
import { parseEvaluationPolicy, defaultEvaluationPolicyDocument } from './evaluation-policy.js';
import { supplierCycleActor, type SupplierCommand } from './supplier.commands.js';
import { supplierDecider } from './supplier.decider.js';
import { evaluationTrigger, measuresOf, nextSupplierDeadline } from './supplier-cycle.js';
import {
  keptHistory,
  phaseOf,
  type RegisteredSupplier,
  type SupplierEvent,
  type SupplierEvaluated,
  type SupplierState,
} from './supplier.events.js';
import { scoredCriteria } from './vocabulary.js';

/** Days instead of months, so the instants read easily: scoring within 10 days, SCAR answers within 20. */
const policy = parseEvaluationPolicy({
  ...defaultEvaluationPolicyDocument,
  grades: [
    { grade: 'A', minScore: 85, outcome: 'approved', interval: 'P100D' },
    { grade: 'B', minScore: 70, outcome: 'approved-with-conditions', interval: 'P50D', correctiveAction: true },
    { grade: 'C', minScore: 50, outcome: 'probation', interval: 'P20D', correctiveAction: true },
    { grade: 'D', minScore: 0, outcome: 'disqualified' },
  ],
  earlyTrigger: { complaints: 2, window: 'P30D', onCriticalComplaint: true },
  scoring: { deadline: 'P10D', reminderRatio: 0.5, escalateTo: 'sq-manager' },
  correctiveAction: { response: 'P20D', escalateTo: 'sq-manager' },
});

const t0 = Date.parse('2026-01-05T08:00:00.000Z');
const day = (n: number): string => new Date(t0 + n * 86_400_000).toISOString();
type Step = readonly [day: number, command: Omit<SupplierCommand, 'metadata'>];

const run = (steps: readonly Step[], from?: SupplierState) => {
  let state = from ?? supplierDecider.initialState();
  const events: SupplierEvent[] = [];
  for (const [at, command] of steps) {
    const metadata: CommandMetadata = {
      now: day(at),
      actor: command.type === 'CheckSupplierClocks' ? supplierCycleActor : 'zhao.sqe',
    };
    const decided = supplierDecider.decide({ ...command, metadata } as SupplierCommand, state);
    events.push(...decided);
    state = decided.reduce(supplierDecider.evolve, state);
  }
  return { state: state as RegisteredSupplier, events };
};

const register: Step = [
  0,
  {
    type: 'RegisterSupplier',
    data: {
      supplierId: 'sup-casting-01',
      name: 'Ningbo Castings',
      category: 'castings',
      supplies: ['valve body'],
      criticality: 'high',
      policy,
    },
  },
];
const start = (at: number, trigger: 'scheduled' | 'manual' = 'scheduled'): Step => [
  at,
  { type: 'StartEvaluation', data: { trigger } },
];
const scores = (at: number, value: number): Step => [
  at,
  { type: 'SubmitScores', data: { scores: Object.fromEntries(scoredCriteria.map((c) => [c, value])) } },
];
const attribute = (at: number, complaintId: string, severity: 'normal' | 'critical' = 'normal'): Step => [
  at,
  { type: 'AttributeComplaint', data: { complaintId, severity } },
];
const check = (at: number): Step => [at, { type: 'CheckSupplierClocks', data: {} }];
const perform = (at: number, deliveries: number, onTime: number, received: number, rejected: number): Step => [
  at,
  {
    type: 'RecordPerformance',
    data: { deliveries, onTimeDeliveries: onTime, receivedUnits: received, rejectedUnits: rejected },
  },
];
const types = (events: SupplierEvent[]) => events.map((event) => event.type);
type Evaluated = SupplierEvaluated;
type SupplierEvaluatedData = SupplierEvaluated['data'];
const evaluatedIn = (events: SupplierEvent[]) => events.filter((e): e is Evaluated => e.type === 'SupplierEvaluated');
/** The records the first evaluation is measured on, scored on day 3 after day 1's deliveries and day 2's complaint c-1. */
const firstMeasuredOver = {
  from: day(0),
  to: day(3),
  deliveries: 20,
  onTimeDeliveries: 19,
  receivedUnits: 1000,
  rejectedUnits: 10,
  complaints: ['c-1'],
  correctiveActions: [],
};
const nothingYet = { deliveries: 0, onTimeDeliveries: 0, receivedUnits: 0, rejectedUnits: 0 };

describe('supplier re-evaluation cycle', () => {
  it('opens the first evaluation at registration, before the supplier is relied on', () => {
    const { state } = run([register]);
    assert.equal(state.status, 'active');
    assert.equal(evaluationTrigger(state, day(0)), 'scheduled');
    assert.equal(nextSupplierDeadline(state), day(0));
  });

  it('grades on submitted scores, schedules the next evaluation by grade, and asks weak grades for corrective action', () => {
    const { state, events } = run([register, start(0), scores(3, 60)]);
    assert.deepEqual(types(events), [
      'SupplierRegistered',
      'EvaluationStarted',
      'SupplierEvaluated',
      'CorrectiveActionRequested',
    ]);
    const evaluated = events[2] as Extract<SupplierEvent, { type: 'SupplierEvaluated' }>;
    // Scored criteria (50) at 60 and no complaints (10) at 100: (3000 + 1000) / 60 = 66.7, grade C.
    assert.equal(evaluated.data.score, 66.7);
    assert.equal(evaluated.data.grade, 'C');
    assert.equal(evaluated.data.outcome, 'probation');
    assert.equal(state.nextEvaluationDue, day(23));
    assert.equal(state.correctiveActions[0]!.responseDue, day(23));
    assert.equal(state.evaluation, undefined);
    assert.equal(evaluationTrigger(state, day(22)), undefined);
    assert.equal(evaluationTrigger(state, day(23)), 'scheduled');
  });

  it('measures an evaluation when its scores are submitted, on the performance recorded while it was open, and says which records', () => {
    const { state, events } = run([
      register,
      start(0),
      perform(1, 20, 19, 1000, 10),
      attribute(2, 'c-1'),
      scores(3, 60),
    ]);
    const [evaluated] = evaluatedIn(events);
    assert.deepEqual(evaluated!.data.measures, {
      'rejection-rate': 0.01,
      'on-time-delivery': 0.95,
      'attributed-complaints': 1,
    });
    assert.deepEqual(evaluated!.data.measuredOver, firstMeasuredOver);
    // Scored (50) at 60, rejections (20) at 80, on time (15) at 75, one complaint (10) at 80: 6525 / 95 = 68.7.
    assert.equal(evaluated!.data.score, 68.7);
    assert.deepEqual(
      evaluated!.data.breakdown.filter((part) => part.criterion === 'rejection-rate').map((part) => part.value),
      [0.01],
    );
    assert.deepEqual(
      { since: state.cycleStartedAt, performance: state.performance, measures: measuresOf(state) },
      { since: day(3), performance: nothingYet, measures: { 'attributed-complaints': 0 } },
      'what this evaluation used is used up: the next one counts from its scores',
    );
  });

  it('measures the next evaluation on the records after the last scores, not again on those already scored', () => {
    const { events } = run([
      register,
      start(0),
      perform(1, 20, 19, 1000, 10),
      scores(2, 95),
      perform(30, 10, 10, 500, 0),
      start(100),
      perform(101, 10, 8, 500, 5),
      scores(102, 95),
    ]);
    const [, second] = evaluatedIn(events);
    assert.deepEqual(second!.data.measuredOver, {
      from: day(2),
      to: day(102),
      deliveries: 20,
      onTimeDeliveries: 18,
      receivedUnits: 1000,
      rejectedUnits: 5,
      complaints: [],
      correctiveActions: [],
    });
    assert.equal(second!.data.measures!['on-time-delivery'], 0.9);
  });

  it('still folds and scores an evaluation opened before measures were taken at submission: on what it froze at opening', () => {
    const stamp = (n: number) => ({ at: day(n), by: 'zhao.sqe' });
    const frozen = { 'attributed-complaints': 0, 'on-time-delivery': 1 };
    const recordedBefore: SupplierEvent[] = [
      ...run([register]).events,
      {
        type: 'EvaluationStarted',
        data: { evaluationId: 'EV-1', trigger: 'scheduled', measures: frozen, dueBy: day(10), ...stamp(0) },
      },
      { type: 'PerformanceRecorded', data: { ...nothingYet, deliveries: 4, onTimeDeliveries: 2, ...stamp(1) } },
    ];
    const opened = recordedBefore.reduce(supplierDecider.evolve, supplierDecider.initialState());
    const { state, events } = run([scores(2, 60)], opened);
    const [evaluated] = evaluatedIn(events);
    assert.deepEqual(evaluated!.data.measures, frozen);
    assert.equal(evaluated!.data.measuredOver, undefined, 'its records were counted when it opened');
    assert.deepEqual(
      { since: state.cycleStartedAt, performance: state.performance },
      { since: day(0), performance: { ...nothingYet, deliveries: 4, onTimeDeliveries: 2 } },
      'what was recorded while it was open counts towards the next one, as it did then',
    );
  });

  it('refuses scores without an open evaluation, with a criterion missing, or off the scale', () => {
    const opened = run([register, start(0)]).state;
    assert.throws(() => run([scores(1, 60)], run([register]).state), NoEvaluationOpen);
    assert.throws(
      () => run([[1, { type: 'SubmitScores', data: { scores: { 'quality-awareness': 80 } } }]], opened),
      /missing for technical-capability/,
    );
    assert.throws(() => run([scores(1, 120)], opened), RuleViolated);
    assert.throws(() => run([start(1)], opened), EvaluationOpen);
  });

  it('reminds, then escalates late scoring, once each', () => {
    const { events } = run([register, start(0), check(4), check(5), check(6), check(10), check(11)]);
    assert.deepEqual(
      events.filter((e) => e.data.by === supplierCycleActor).map((e) => `${e.type}@${e.data.at}`),
      [`EvaluationReminderSent@${day(5)}`, `EvaluationEscalated@${day(10)}`],
    );
    assert.equal((events.at(-1) as Extract<SupplierEvent, { type: 'EvaluationEscalated' }>).data.role, 'sq-manager');
  });

  it('tracks a corrective action: an answer in time counts as responsive, a missed deadline escalates', () => {
    const graded = run([register, start(0), scores(1, 60)]).state;
    const onTime = run(
      [[5, { type: 'RespondToCorrectiveAction', data: { actionId: 'CAR-1', response: 'New degassing procedure' } }]],
      graded,
    ).state;
    assert.equal(onTime.correctiveActions[0]!.onTime, true);
    assert.equal(measuresOf(onTime)['corrective-action-responsiveness'], 1);
    const late = run([check(20), check(21), check(22)], graded);
    assert.deepEqual(types(late.events), ['CorrectiveActionOverdue']);
    assert.equal(measuresOf(late.state)['corrective-action-responsiveness'], 0);
  });

  it('counts attributed complaints once each, and brings the evaluation forward on enough of them or on a critical one', () => {
    const graded = run([register, start(0), scores(1, 95)]).state;
    assert.equal(graded.grade, 'A');
    const once = run([attribute(10, 'c-1'), attribute(12, 'c-1')], graded);
    assert.equal(once.events.length, 1, 'the same complaint analysed twice counts once');
    assert.equal(evaluationTrigger(once.state, day(12)), undefined);
    assert.equal(evaluationTrigger(run([attribute(20, 'c-2')], once.state).state, day(20)), 'attributed-complaints');
    assert.equal(
      evaluationTrigger(run([attribute(60, 'c-2')], once.state).state, day(60)),
      undefined,
      'the first one is outside the 30-day window',
    );
    assert.equal(
      evaluationTrigger(run([attribute(11, 'c-9', 'critical')], graded).state, day(11)),
      'critical-complaint',
    );
    assert.equal(measuresOf(once.state)['attributed-complaints'], 1);
  });

  it('keeps a disqualified supplier in the record, still takes attributions, and requalifies only on an explicit act', () => {
    const disqualified = run([register, start(0), scores(1, 0), attribute(2, 'c-1', 'critical')]).state;
    assert.equal(disqualified.status, 'disqualified');
    assert.equal(disqualified.outcome, 'disqualified');
    assert.equal(disqualified.attributedComplaints.length, 1);
    assert.equal(evaluationTrigger(disqualified, day(400)), undefined);
    assert.equal(nextSupplierDeadline(disqualified), undefined);
    assert.throws(() => run([start(3, 'manual')], disqualified), /requalified/);
    const requalified = run(
      [[30, { type: 'RequalifySupplier', data: { reason: 'New foundry line audited' } }]],
      disqualified,
    ).state;
    assert.equal(requalified.status, 'active');
    assert.equal(
      evaluationTrigger(requalified, day(30)),
      'critical-complaint',
      'the critical complaint since the last evaluation still counts',
    );
    assert.throws(
      () => run([[31, { type: 'RequalifySupplier', data: { reason: 'again' } }]], requalified),
      SupplierNotDisqualified,
    );
  });

  it('names each refusal for what it refuses: no such supplier, one already registered, a corrective action already answered', () => {
    assert.throws(() => run([start(0)]), SupplierNotRegistered);
    assert.throws(() => run([register, register]), SupplierAlreadyRegistered);
    const requested = run([register, start(0), scores(1, 60)]).state;
    const actionId = requested.correctiveActions[0]!.id;
    const answer: Step = [2, { type: 'RespondToCorrectiveAction', data: { actionId, response: 'Plan attached' } }];
    const answered = run([answer], requested).state;
    assert.ok(answered.correctiveActions[0]!.respondedAt);
    assert.throws(() => run([answer], answered), CorrectiveActionAnswered);
  });

  it('refuses impossible performance records', () => {
    const registered = run([register]).state;
    const record = (data: object): Step => [
      1,
      {
        type: 'RecordPerformance',
        data: { deliveries: 10, onTimeDeliveries: 9, receivedUnits: 100, rejectedUnits: 2, ...data },
      } as Omit<Command<'RecordPerformance'>, 'metadata'> as Step[1],
    ];
    assert.throws(() => run([record({ onTimeDeliveries: 11 })], registered), /on-time/);
    assert.throws(() => run([record({ rejectedUnits: 101 })], registered), /rejected/);
    assert.throws(() => run([record({ deliveries: -1 })], registered), /whole numbers/);
    const recorded = run([record({})], registered).state;
    assert.deepEqual(measuresOf(recorded), {
      'rejection-rate': 0.02,
      'on-time-delivery': 0.9,
      'attributed-complaints': 0,
    });
  });
});

describe('a person asks for an evaluation', () => {
  const spec = deciderSpec(supplierDecider);
  const [, registration] = register;
  const registered = supplierDecider.decide(
    { ...registration, metadata: { now: day(0), actor: 'zhao.sqe' } } as SupplierCommand,
    supplierDecider.initialState(),
  );
  const graded = run([register, start(0), scores(1, 95)]).events;
  const request = (reason?: string): SupplierCommand => ({
    type: 'RequestEvaluation',
    data: reason === undefined ? {} : { reason },
    metadata: { now: day(2), actor: 'zhao.sqe', roles: ['supplier-quality-engineer'] },
  });

  it('opens it as the cycle would, its trigger manual and its reason kept, measured only when scored', () =>
    spec
      .given(graded)
      .when(request('Line moved to the new plant'))
      .then([
        {
          type: 'EvaluationStarted',
          data: {
            evaluationId: 'EV-2',
            trigger: 'manual',
            reason: 'Line moved to the new plant',
            dueBy: day(12),
            at: day(2),
            by: 'zhao.sqe',
          },
        },
      ]));

  it('is refused while another evaluation is open', () =>
    spec
      .given([...registered, ...run([register, start(0)]).events.slice(1)])
      .when(request())
      .thenThrows(EvaluationOpen));

  it('is refused for a disqualified supplier, who is evaluated again only on requalification', () =>
    spec
      .given(run([register, start(0), scores(1, 10)]).events)
      .when(request('Try again'))
      .thenThrows(RuleViolated, /requalified/));
});

describe("the cycle's deadlines and a supplier's answers, given/when/then", () => {
  const spec = deciderSpec(supplierDecider);
  const as = (actor: string, at: number, command: Step[1]): SupplierCommand =>
    ({ ...command, metadata: { now: day(at), actor } }) as SupplierCommand;
  const byCycle = (at: number) => as(supplierCycleActor, at, check(at)[1]);
  const stamp = (at: number, by = supplierCycleActor) => ({ at: day(at), by });
  const opened = run([register, start(0)]).events;
  const graded = run([register, start(0), scores(1, 60)]).events;

  it('reminds once the reminder ratio of the scoring time has passed', () =>
    spec
      .given(opened)
      .when(byCycle(5))
      .then([{ type: 'EvaluationReminderSent', data: { evaluationId: 'EV-1', dueBy: day(10), ...stamp(5) } }]));

  it('escalates an evaluation still unscored at its deadline, to the role the policy names', () =>
    spec
      .given([
        ...opened,
        { type: 'EvaluationReminderSent', data: { evaluationId: 'EV-1', dueBy: day(10), ...stamp(5) } },
      ])
      .when(byCycle(10))
      .then([
        {
          type: 'EvaluationEscalated',
          data: { evaluationId: 'EV-1', dueBy: day(10), role: 'sq-manager', ...stamp(10) },
        },
      ]));

  it('records nothing before a deadline', () => spec.given(opened).when(byCycle(4)).then([]));

  it('marks a corrective action overdue at its response deadline', () =>
    spec
      .given(graded)
      .when(byCycle(21))
      .then([
        {
          type: 'CorrectiveActionOverdue',
          data: { actionId: 'CAR-1', responseDue: day(21), role: 'sq-manager', ...stamp(21) },
        },
      ]));

  it("records the supplier's answer, in time or not", () =>
    spec
      .given(graded)
      .when(
        as('zhao.sqe', 5, {
          type: 'RespondToCorrectiveAction',
          data: { actionId: 'CAR-1', response: 'New degassing procedure' },
        }),
      )
      .then([
        {
          type: 'CorrectiveActionResponded',
          data: { actionId: 'CAR-1', response: 'New degassing procedure', onTime: true, ...stamp(5, 'zhao.sqe') },
        },
      ]));

  it('counts a complaint analysed again once', () =>
    spec
      .given(run([register, start(0), scores(1, 95), attribute(10, 'c-1')]).events)
      .when(as('system:complaints', 12, attribute(12, 'c-1')[1]))
      .then([]));

  it('requalifies a disqualified supplier on an explicit act, and only then', () => {
    const disqualified = run([register, start(0), scores(1, 0)]).events;
    const requalify = as('zhao.sqe', 30, { type: 'RequalifySupplier', data: { reason: 'New foundry line audited' } });
    spec
      .given(disqualified)
      .when(requalify)
      .then([{ type: 'SupplierRequalified', data: { reason: 'New foundry line audited', ...stamp(30, 'zhao.sqe') } }]);
    spec.given(graded).when(requalify).thenThrows(SupplierNotDisqualified);
  });
});

describe("a supplier's evidence, given/when/then", () => {
  const spec = deciderSpec(supplierDecider);
  const as = (actor: string, at: number, command: Step[1]): SupplierCommand =>
    ({ ...command, metadata: { now: day(at), actor } }) as SupplierCommand;
  const graded = run([register, start(0), scores(1, 60)]).events;
  const report = {
    evidenceId: 'ev-8d',
    sha256: 'c'.repeat(64),
    size: 120_000,
    mediaType: 'application/pdf',
    fileName: '8D-CAR-1.pdf',
  };
  const attach = (links: object) => as('zhao.sqe', 5, { type: 'AttachEvidence', data: { ...report, ...links } });
  const attached = {
    type: 'EvidenceAttached' as const,
    data: { ...report, correctiveActionId: 'CAR-1', at: day(5), by: 'zhao.sqe' },
  };

  it("records the supplier's 8D on the corrective action it answers, once", () => {
    spec
      .given(graded)
      .when(attach({ correctiveActionId: 'CAR-1' }))
      .then([attached]);
    spec
      .given([...graded, attached])
      .when(attach({ correctiveActionId: 'CAR-1' }))
      .then([]);
  });

  it('refuses a file naming a corrective action or an evaluation the supplier does not have', () => {
    spec
      .given(graded)
      .when(attach({ correctiveActionId: 'CAR-9' }))
      .thenThrows(RuleViolated, /CAR-9/);
    spec
      .given(graded)
      .when(attach({ evaluationId: 'EV-9' }))
      .thenThrows(RuleViolated, /EV-9/);
    spec
      .given(graded)
      .when(attach({ evaluationId: 'EV-1' }))
      .then([{ type: 'EvidenceAttached', data: { ...report, evaluationId: 'EV-1', at: day(5), by: 'zhao.sqe' } }]);
  });

  it('retracts a file with a reason; the file stays listed, marked', () => {
    const retract = as('zhao.sqe', 6, {
      type: 'RetractEvidence',
      data: { evidenceId: 'ev-8d', reason: 'Old revision' },
    });
    const retracted = {
      type: 'EvidenceRetracted' as const,
      data: { evidenceId: 'ev-8d', reason: 'Old revision', fileName: '8D-CAR-1.pdf', at: day(6), by: 'zhao.sqe' },
    };
    spec
      .given([...graded, attached])
      .when(retract)
      .then([retracted]);
    spec
      .given([...graded, attached, retracted])
      .when(retract)
      .thenThrows(RuleViolated, /retracted/);
    const state = run([register, start(0), scores(1, 60)]).state;
    const after = supplierDecider.evolve(supplierDecider.evolve(state, attached), retracted);
    assert.equal(after.status === 'unregistered' ? undefined : after.evidence?.[0]?.retracted?.at, day(6));
  });
});

describe('grading, given/when/then: the whole events an evaluation records', () => {
  const spec = deciderSpec(supplierDecider);
  const opened = run([register, start(0), perform(1, 20, 19, 1000, 10), attribute(2, 'c-1')]).events;
  const scoredAll = (value: number) => Object.fromEntries(scoredCriteria.map((criterion) => [criterion, value]));
  const submit = (at: number, value: number): SupplierCommand => ({
    type: 'SubmitScores',
    data: { scores: scoredAll(value), notes: 'Audit on site' },
    metadata: { now: day(at), actor: 'zhao.sqe' },
  });
  const scored = (value: number) => scoredCriteria.map((criterion) => ({ criterion, weight: 10, value, score: value }));
  const measuredOver = firstMeasuredOver;
  const measures = { 'rejection-rate': 0.01, 'on-time-delivery': 0.95, 'attributed-complaints': 1 };
  const measuredParts = [
    { criterion: 'rejection-rate', weight: 20, value: 0.01, score: 80 },
    { criterion: 'on-time-delivery', weight: 15, value: 0.95, score: 74.99999999999997 },
    { criterion: 'attributed-complaints', weight: 10, value: 1, score: 80 },
  ];

  it('grades a weak supplier C, schedules it sooner, and asks for a corrective action on its weakest criteria', () =>
    spec
      .given(opened)
      .when(submit(3, 60))
      .then([
        {
          type: 'SupplierEvaluated',
          data: {
            evaluationId: 'EV-1',
            scores: scoredAll(60),
            notes: 'Audit on site',
            // Scored (50) at 60, rejections (20) at 80, on time (15) at 75, one complaint (10) at 80: 6525 / 95.
            score: 68.7,
            grade: 'C',
            outcome: 'probation',
            breakdown: [...scored(60), ...measuredParts] as SupplierEvaluatedData['breakdown'],
            nextEvaluationDue: day(23),
            measures,
            measuredOver,
            at: day(3),
            by: 'zhao.sqe',
          },
        },
        {
          type: 'CorrectiveActionRequested',
          data: {
            actionId: 'CAR-1',
            evaluationId: 'EV-1',
            grade: 'C',
            description:
              'Grade C (68.7): a corrective action plan is required, first for quality-awareness and technical-capability',
            responseDue: day(23),
            at: day(3),
            by: 'zhao.sqe',
          },
        },
      ]));

  it('grades a strong supplier A with no corrective action, and its next evaluation far off', () =>
    spec
      .given(opened)
      .when(submit(3, 100))
      .then([
        {
          type: 'SupplierEvaluated',
          data: {
            evaluationId: 'EV-1',
            scores: scoredAll(100),
            notes: 'Audit on site',
            // (5000 + 1600 + 1125 + 800) / 95 = 89.7.
            score: 89.7,
            grade: 'A',
            outcome: 'approved',
            breakdown: [...scored(100), ...measuredParts] as SupplierEvaluatedData['breakdown'],
            nextEvaluationDue: day(103),
            measures,
            measuredOver,
            at: day(3),
            by: 'zhao.sqe',
          },
        },
      ]));
});

describe('where a supplier stands in its cycle', () => {
  it('is idle between evaluations, evaluating while one is open, and out of the cycle when disqualified', () => {
    assert.equal(phaseOf(run([register]).state), 'idle');
    assert.equal(phaseOf(run([register, start(0)]).state), 'evaluating');
    assert.equal(phaseOf(run([register, start(0), scores(1, 95)]).state), 'idle');
    const disqualified = run([register, start(0), scores(1, 0)]).state;
    assert.equal(phaseOf(disqualified), 'disqualified');
    assert.equal(
      phaseOf(run([[30, { type: 'RequalifySupplier', data: { reason: 'Audited' } }]], disqualified).state),
      'idle',
    );
  });

  it('has no next evaluation once disqualified, even where its grade band names an interval', () => {
    const lenient = parseEvaluationPolicy({
      ...defaultEvaluationPolicyDocument,
      grades: [
        { grade: 'A', minScore: 50, outcome: 'approved', interval: 'P100D' },
        { grade: 'D', minScore: 0, outcome: 'disqualified', interval: 'P30D' },
      ],
    });
    const [, registration] = register;
    const registeredLeniently: Step = [
      0,
      { ...registration, data: { ...registration.data, policy: lenient } } as Step[1],
    ];
    const { state, events } = run([registeredLeniently, start(0), scores(1, 0)]);
    assert.equal(evaluatedIn(events)[0]!.data.nextEvaluationDue, day(31), 'the event records what the band says');
    assert.equal(state.status, 'disqualified');
    assert.equal(state.nextEvaluationDue, undefined, 'but nothing falls due while it is out of the cycle');
    // Folded before the union, such a supplier kept the date: its cycle must not wake for it.
    const foldedBefore = { ...state, nextEvaluationDue: day(31) } as unknown as RegisteredSupplier;
    assert.equal(nextSupplierDeadline(foldedBefore), undefined);
    assert.equal(evaluationTrigger(foldedBefore, day(40)), undefined);
  });
});

describe('what a supplier carries from run to run', () => {
  it('stays bounded over a long life: the last evaluations and corrective actions, and counts that go on', () => {
    const cycles = 30;
    const steps: Step[] = [register];
    for (let i = 0; i < cycles; i++) {
      const at = i * 10;
      steps.push(start(at), attribute(at + 1, `c-${i}`), scores(at + 2, 60), [
        at + 3,
        { type: 'RespondToCorrectiveAction', data: { actionId: `CAR-${i + 1}`, response: 'Plan attached' } },
      ]);
    }
    const { state } = run(steps);
    assert.equal(state.evaluationCount, cycles);
    assert.equal(state.correctiveActionCount, cycles);
    assert.deepEqual(
      state.evaluations.map((evaluation) => evaluation.id),
      Array.from({ length: keptHistory }, (_, i) => `EV-${cycles - keptHistory + i + 1}`),
    );
    assert.ok(
      state.correctiveActions.length <= keptHistory + 1,
      `${state.correctiveActions.length} corrective actions`,
    );
    assert.equal(state.attributedComplaints.length, cycles, 'every attribution is kept, so each counts once');
    const [opened] = run([start(400)], state).events;
    assert.equal(opened?.type === 'EvaluationStarted' && opened.data.evaluationId, `EV-${cycles + 1}`, 'numbers go on');
    assert.equal(
      run([attribute(401, 'c-0')], state).events.length,
      0,
      'a complaint of the first cycle analysed again, thirty cycles on, still counts once',
    );
  });

  it('folds a record from before the counts as it did: its lists are its counts', () => {
    const { state } = run([register, start(0), scores(1, 60)]);
    const { evaluationCount: _e, correctiveActionCount: _c, ...uncounted } = state;
    const next = run([start(30), scores(31, 60)], uncounted as RegisteredSupplier).events;
    assert.deepEqual(
      next
        .filter((event) => event.type === 'EvaluationStarted' || event.type === 'CorrectiveActionRequested')
        .map((event) => ('actionId' in event.data ? event.data.actionId : event.data.evaluationId)),
      ['EV-2', 'CAR-2'],
    );
  });
});
