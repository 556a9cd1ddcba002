import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { replayUnderPolicy, whatIf } from '../../libs/audit/index.js';
import {
  defaultSlaPolicyDocument,
  parseSlaPolicy,
  type ComplaintEvent,
  type SlaPolicyDocument,
} from '../../libs/domain/index.js';
import { loadConfig } from '../../libs/platform/config.js';
import { generateComplaintHistories } from '../support/generated-history.js';
import { fileURLToPath } from 'node:url';
import { complaintDecider, type ComplaintCommand, type SlaPolicy } from '../../libs/domain/index.js';

/** The default policy with every target multiplied by `factor`, up to the ten years a policy may set. */
const scaled = (factor: number) => {
  const hours = (iso: string) =>
    `PT${Math.min(87_600 * 60, Math.max(1, Math.round(Number(/PT(\d+)H/.exec(iso)?.[1] ?? 1) * factor * 60)))}M`;
  const severities = Object.fromEntries(
    Object.entries(defaultSlaPolicyDocument.severities).map(([severity, targets]) => [
      severity,
      {
        ...targets,
        acknowledge: hours(targets.acknowledge),
        case: hours(targets.case),
        steps: Object.fromEntries(
          Object.entries(targets.steps ?? {}).map(([step, target]) => [step, hours(target as string)]),
        ),
      },
    ]),
  ) as SlaPolicyDocument['severities'];
  return parseSlaPolicy({ ...defaultSlaPolicyDocument, severities });
};

const lastInstant = (events: readonly ComplaintEvent[]) => events.at(-1)!.data.at;

describe('what-if: past cases under another SLA policy', () => {
  const cases = generateComplaintHistories(300, 11);

  it('reproduces every recorded timer event when replayed under the policy the case ran under', () => {
    for (const { events } of cases) {
      const registered = events[0]!;
      assert.equal(registered.type, 'ComplaintRegistered');
      const policy = registered.type === 'ComplaintRegistered' ? registered.data.slaPolicy : undefined;
      assert.deepEqual(replayUnderPolicy(events, policy!, lastInstant(events)), events);
    }
  });

  it('finds more breaches under tighter targets and none under very loose ones', () => {
    const now = '2026-06-01T00:00:00.000Z';
    const asRun = whatIf(cases, scaled(1), now);
    const tight = whatIf(cases, scaled(0.25), now);
    const loose = whatIf(cases, scaled(100_000), now);
    assert.equal(asRun.summary.cases, cases.length);
    assert.equal(
      asRun.summary.newlyBreached + asRun.summary.noLongerBreached,
      0,
      'the default policy is what the cases ran under',
    );
    assert.ok(asRun.summary.breachedActual > 0 && asRun.summary.breachedActual < cases.length);
    assert.ok(tight.summary.newlyBreached > 0);
    assert.equal(tight.summary.noLongerBreached, 0, 'tighter targets never lift a breach');
    assert.equal(loose.summary.breachedHypothetical, 0);
    assert.equal(loose.summary.noLongerBreached, asRun.summary.breachedActual);
    const changed = tight.cases.find((c) => c.changed && !c.actual.breached)!;
    assert.ok(changed.hypothetical.firstBreachAt && changed.hypothetical.breachedClocks.length > 0);
  });

  it('names each case by its number, as people (and the policy editor’s links) do', () => {
    const [{ complaintId, events }] = cases;
    const [registered, ...rest] = events;
    const numbered = { ...registered!, data: { ...registered!.data, number: 'CMP-2026-000042' } } as ComplaintEvent;
    const [report] = whatIf([{ complaintId, events: [numbered, ...rest] }], scaled(1)).cases;
    assert.equal(report!.number, 'CMP-2026-000042');
  });
});

describe('what-if: a calendar change moves due times', () => {
  const examplePolicy = fileURLToPath(new URL('../../../config/sla-policy.example.yaml', import.meta.url));
  // The shipped example: the State Council's 2026 schedule, make-up working days included.
  const with2026 = loadConfig({ SLA_POLICY_PATH: examplePolicy }).slaPolicy;
  const { extraWorkingDays: _, ...holidaysOnly } = with2026.calendar!;
  const withoutMakeUpDays: SlaPolicy = { ...with2026, calendar: holidaysOnly };

  /** A normal complaint registered at `at` under `policy`, then nothing: it waits for someone to identify it. */
  const registeredAt = (complaintId: string, at: string, policy: SlaPolicy) => {
    const register: ComplaintCommand = {
      type: 'RegisterComplaint',
      data: {
        complaintId,
        customer: { name: 'Zhang San' },
        channel: 'phone',
        category: 'product-quality',
        severity: 'normal',
        title: 'Flange leaks',
        description: 'Leaks at 3 bar',
        slaPolicy: policy,
      },
      metadata: { actor: 'desk', now: at },
    };
    return { complaintId, events: complaintDecider.decide(register, complaintDecider.initialState()) };
  };

  it('lists, per case, the clocks a make-up working day moves, though no breach or escalation changes', () => {
    const cases = [
      // Friday 13 February 16:00 in Shanghai: the four hours to acknowledge end on the make-up Saturday.
      registeredAt('c-spring', '2026-02-13T08:00:00.000Z', withoutMakeUpDays),
      // Tuesday 10 March 09:00: no make-up day within reach of its clocks.
      registeredAt('c-march', '2026-03-10T01:00:00.000Z', withoutMakeUpDays),
    ];
    const report = whatIf(cases, with2026, '2026-04-30T00:00:00.000Z');
    const spring = report.cases.find((c) => c.complaintId === 'c-spring')!;
    assert.deepEqual([spring.actual.breached, spring.hypothetical.breached], [true, true]);
    assert.equal(spring.actual.maxEscalationLevel, spring.hypothetical.maxEscalationLevel);
    assert.deepEqual(spring.dueTimes[0], {
      clock: 'acknowledge',
      actual: '2026-02-24T03:00:00.000Z', // Tuesday 24 February 11:00, after the festival
      hypothetical: '2026-02-14T03:00:00.000Z', // Saturday 14 February 11:00, the make-up day
    });
    assert.deepEqual(
      spring.dueTimes.map(({ clock }) => clock),
      ['acknowledge', 'case', 'containment'],
    );
    assert.equal(spring.changed, true);
    const march = report.cases.find((c) => c.complaintId === 'c-march')!;
    assert.deepEqual([march.dueTimes, march.changed], [[], false]);
    assert.equal(report.summary.dueTimesMoved, 1);
  });

  it('moves nothing under the policy the cases ran under', () => {
    const cases = [registeredAt('c-spring', '2026-02-13T08:00:00.000Z', with2026)];
    const [same] = whatIf(cases, with2026, '2026-04-30T00:00:00.000Z').cases;
    assert.deepEqual([same!.dueTimes, same!.changed], [[], false]);
  });
});
