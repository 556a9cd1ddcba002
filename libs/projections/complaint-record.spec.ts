import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { complaintDecider, type ComplaintCommand, type ComplaintEvent } from '../domain/index.js';
import { sampleRegistration } from '../domain/complaint/complaint.testing.js';
import { caseRowOf, foldCase, type RevisionedEvent } from './complaint-record.js';

const registeredAt = '2026-12-01T03:20:00.000Z';
const identifiedAt = '2026-12-01T04:00:00.000Z';

/** The events of a case registered at 11:20 and identified at 12:00 (Beijing), received when `receivedAt` says. */
const identifiedCase = (receivedAt?: string): RevisionedEvent[] => {
  const commands: ComplaintCommand[] = [
    {
      type: 'RegisterComplaint',
      data: { ...sampleRegistration, ...(receivedAt ? { receivedAt } : {}) },
      metadata: { now: registeredAt, actor: 'desk' },
    },
    {
      type: 'CompleteIdentification',
      data: { owner: 'li.wei', acknowledgement: 'Received, we are on it' },
      metadata: { now: identifiedAt, actor: 'li.wei' },
    },
  ];
  let state = complaintDecider.initialState();
  const events: ComplaintEvent[] = [];
  for (const command of commands) {
    const decided = complaintDecider.decide(command, state);
    events.push(...decided);
    state = decided.reduce(complaintDecider.evolve, state);
  }
  return events.map((event, i) => ({ ...event, revision: i }));
};

describe("a case's facts for the reports", () => {
  it('times acknowledgement from when the complaint was received, not from when it was typed in', () => {
    const { intervals } = foldCase(undefined, identifiedCase('2026-12-01T02:05:00.000Z'));
    assert.deepEqual(
      intervals.map(({ step, enteredAt, leftAt }) => ({ step, enteredAt, leftAt })),
      [{ step: 'identify', enteredAt: '2026-12-01T02:05:00.000Z', leftAt: identifiedAt }],
    );
  });

  it('times it from registration where the receipt was not given', () => {
    const { intervals } = foldCase(undefined, identifiedCase());
    assert.equal(intervals[0]!.enteredAt, registeredAt);
  });
});

describe('the waits on the customer a case records for the reports', () => {
  const waitedCase = (): RevisionedEvent[] => {
    const [registered] = identifiedCase().slice(0, 1);
    const stamp = (at: string) => ({ at, by: 'li.wei' });
    return [
      registered!,
      {
        type: 'CustomerWaitStarted',
        data: {
          reason: 'Valves on their way',
          reasonCode: 'awaiting-returned-part',
          ...stamp('2026-12-01T05:00:00.000Z'),
        },
        revision: 1,
      },
      { type: 'CommentAdded', data: { text: 'Courier booked', ...stamp('2026-12-01T06:00:00.000Z') }, revision: 2 },
      { type: 'CustomerWaitEnded', data: { note: 'Arrived', ...stamp('2026-12-02T05:00:00.000Z') }, revision: 3 },
    ] as RevisionedEvent[];
  };

  it('keeps each wait once it ends, with its reason, and the open wait on the case row', () => {
    const events = waitedCase();
    const whileWaiting = foldCase(undefined, events.slice(0, 3));
    assert.deepEqual(whileWaiting.waits, [], 'a wait counts once it has ended');
    assert.equal(caseRowOf(whileWaiting.record!).waitReason, 'awaiting-returned-part');
    const ended = foldCase(whileWaiting.record, events.slice(3));
    assert.deepEqual(ended.waits, [
      {
        caseId: 'c-1',
        revision: 3,
        reasonCode: 'awaiting-returned-part',
        startedAt: '2026-12-01T05:00:00.000Z',
        endedAt: '2026-12-02T05:00:00.000Z',
      },
    ]);
    assert.equal(caseRowOf(ended.record!).waitReason, null);
  });

  it('counts a wait once when the case closed while waiting and was reopened: to the close, then from the reopening', () => {
    const [registered, started] = waitedCase();
    const stamp = (at: string, by = 'sup.wang') => ({ at, by });
    const events = [
      registered!,
      started!,
      {
        type: 'ComplaintWithdrawn',
        data: { reason: 'invalid', explanation: 'Not ours', ...stamp('2026-12-01T06:00:00.000Z') },
        revision: 2,
      },
      {
        type: 'ComplaintReopened',
        data: {
          returnTo: 'analyse',
          reason: 'It was ours',
          trigger: 'supervisor',
          ...stamp('2026-12-04T06:00:00.000Z'),
        },
        revision: 3,
      },
      { type: 'CustomerWaitEnded', data: { note: 'Arrived', ...stamp('2026-12-04T07:00:00.000Z') }, revision: 4 },
    ] as RevisionedEvent[];
    const first = foldCase(undefined, events.slice(0, 4));
    const second = foldCase(first.record, events.slice(4));
    assert.deepEqual(
      [...first.waits, ...second.waits].map(({ startedAt, endedAt }) => `${startedAt} → ${endedAt}`),
      ['2026-12-01T05:00:00.000Z → 2026-12-01T06:00:00.000Z', '2026-12-04T06:00:00.000Z → 2026-12-04T07:00:00.000Z'],
    );
  });
});
