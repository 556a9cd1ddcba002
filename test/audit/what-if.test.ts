import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { replayUnderPolicy, whatIf } from '../../libs/audit/index.js';
import {
  defaultSlaPolicyDocument,
  parseSlaPolicy,
  type ComplaintEvent,
  type SlaPolicyDocument,
} from '../../libs/domain/index.js';
import { generateComplaintHistories } from '../support/generated-history.js';

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
