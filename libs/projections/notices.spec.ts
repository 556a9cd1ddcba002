import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  complaintDecider,
  fold,
  type ComplaintEvent,
  type ComplaintState,
  type RegisteredComplaint,
} from '../domain/index.js';
import { sampleRegistration } from '../domain/complaint/complaint.testing.js';
import { noticeOf } from './notices.js';

const stamp = (by: string, at = '2026-11-20T09:00:00.000Z') => ({ by, at });
const registered: ComplaintEvent = { type: 'ComplaintRegistered', data: { ...sampleRegistration, ...stamp('desk') } };
const identified = (by: string, owner: string): ComplaintEvent => ({
  type: 'ComplaintIdentified',
  data: {
    owner,
    acknowledgement: 'Called',
    category: 'product-quality',
    severity: 'normal',
    evidence: [],
    ...stamp(by),
  },
});

/** The notice the last event gives, folded after the ones before it. */
const noticeAfter = (events: ComplaintEvent[]) => {
  const before: ComplaintState = fold(complaintDecider, events.slice(0, -1));
  const after = fold(complaintDecider, events) as RegisteredComplaint;
  return noticeOf(before, after, { ...events.at(-1)!, revision: events.length - 1, position: 40 + events.length });
};

describe("the bell's notices", () => {
  it('tells an owner a case became theirs by someone else’s hand, not by their own', () => {
    assert.deepEqual(noticeAfter([registered, identified('sup.wang', 'li.wei')]), {
      caseId: 'c-1',
      revision: 1,
      position: 42,
      kind: 'assigned',
      person: 'li.wei',
      role: null,
      level: null,
      at: '2026-11-20T09:00:00.000Z',
    });
    assert.equal(noticeAfter([registered, identified('li.wei', 'li.wei')]), undefined);
  });

  it('tells the rung of an escalation: its person when it names one, else whoever holds its role', () => {
    const escalated = (person?: string): ComplaintEvent => ({
      type: 'ComplaintEscalated',
      data: {
        level: 1,
        role: 'team-lead',
        ...(person ? { person } : {}),
        reason: 'Line stopped',
        trigger: 'manual',
        ...stamp('sup.wang'),
      },
    });
    const toRole = noticeAfter([registered, identified('sup.wang', 'li.wei'), escalated()]);
    assert.deepEqual([toRole?.kind, toRole?.person, toRole?.role, toRole?.level], ['escalated', null, 'team-lead', 1]);
    const toPerson = noticeAfter([registered, identified('sup.wang', 'li.wei'), escalated('zhao.min')]);
    assert.deepEqual([toPerson?.person, toPerson?.role], ['zhao.min', 'team-lead']);
  });

  it('says nothing of a clock on a case nobody owns, nor of a comment', () => {
    const warned: ComplaintEvent = {
      type: 'SlaWarningIssued',
      data: { clock: 'acknowledge', targetMs: 1000, dueAt: '2026-11-20T10:00:00.000Z', ...stamp('system:sla') },
    };
    assert.equal(noticeAfter([registered, warned]), undefined);
    const noted: ComplaintEvent = { type: 'CommentAdded', data: { text: 'Called back', ...stamp('li.wei') } };
    assert.equal(noticeAfter([registered, identified('sup.wang', 'li.wei'), noted]), undefined);
  });

  it('tells the owner when an e-mail about their case came in, verified or not', () => {
    const wrote = (verified: boolean): ComplaintEvent => ({
      type: 'CustomerMessageReceived',
      data: {
        channel: 'email',
        messageId: 'r@x',
        from: 'a@x.example',
        subject: 'Re',
        text: 'Hi',
        verified,
        receivedAt: '2026-11-20T09:00:00.000Z',
        ...stamp('customer:email'),
      },
    });
    for (const verified of [true, false]) {
      const notice = noticeAfter([registered, identified('sup.wang', 'li.wei'), wrote(verified)]);
      assert.deepEqual([notice?.kind, notice?.person], ['customer-wrote', 'li.wei']);
    }
    assert.equal(noticeAfter([registered, wrote(true)]), undefined, 'nobody owns it yet: it is in the inbox');
  });
});
