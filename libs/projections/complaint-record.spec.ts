import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { complaintDecider, type ComplaintCommand, type ComplaintEvent } from '../domain/index.js';
import { sampleRegistration } from '../domain/complaint/complaint.testing.js';
import { foldCase, type RevisionedEvent } from './complaint-record.js';

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
