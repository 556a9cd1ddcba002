import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fold, type CommandMetadata } from '../decider.js';
import { deciderSpec } from '../decider.testing.js';
import { FeedbackLinkVoid, NotPermitted, RuleViolated } from '../errors.js';
import type { ComplaintCommand } from './complaint.commands.js';
import { complaintDecider } from './complaint.decider.js';
import { feedbackLinkStateOf, type ComplaintEvent, type RegisteredComplaint } from './complaint.events.js';
import { sampleRegistration } from './complaint.testing.js';

const spec = deciderSpec(complaintDecider);
const at = (minute: number) => new Date(Date.parse('2026-11-20T09:00:00.000Z') + minute * 60_000).toISOString();
const stamp = (by: string, minute = 0) => ({ by, at: at(minute) });
const meta = (actor: string, minute: number, roles: string[] = []): CommandMetadata => ({
  actor,
  now: at(minute),
  roles,
  team: [],
});
const customer = 'customer:CUST-7';

/** A case at feedback, owned by li.wei. */
const atFeedback: ComplaintEvent[] = [
  { type: 'ComplaintRegistered', data: { ...sampleRegistration, ...stamp('desk') } },
  {
    type: 'ComplaintIdentified',
    data: {
      owner: 'li.wei',
      acknowledgement: 'Received',
      category: 'product-quality',
      severity: 'normal',
      evidence: [],
      ...stamp('li.wei'),
    },
  },
  {
    type: 'ComplaintAnalysed',
    data: {
      rootCause: 'Porous casting',
      causeCategory: 'material',
      responsibleParty: { type: 'internal', department: 'Casting' },
      ...stamp('li.wei'),
    },
  },
  {
    type: 'ResolutionImplemented',
    data: {
      summary: 'Replaced',
      actions: [{ kind: 'corrective', description: 'Test', owner: 'qa', dueDate: '2026-12-01' }],
      ...stamp('li.wei'),
    },
  },
  { type: 'ResolutionVerified', data: { effective: true, notes: 'Holds', ...stamp('zhang.qa') } },
];
const link = { linkId: 'link-1', tokenHash: 'a'.repeat(64), expiresAt: at(60), summary: 'We replaced the 3 valves.' };
const issued: ComplaintEvent = { type: 'FeedbackLinkIssued', data: { ...link, ...stamp('li.wei', 1) } };
const answer = (resolved: boolean, minute = 5, linkId = 'link-1'): ComplaintCommand => ({
  type: 'AnswerFeedbackLink',
  data: { linkId, resolved, score: resolved ? 5 : 2, comment: resolved ? 'Fine now' : 'Still leaks' },
  metadata: meta(customer, minute),
});
const stateAfter = (events: ComplaintEvent[]) => fold(complaintDecider, events) as RegisteredComplaint;

describe('the feedback link: the customer answers for themselves', () => {
  it('is made at feedback by whoever works the case, with its hash, never its token', () => {
    spec
      .given(atFeedback)
      .when({ type: 'IssueFeedbackLink', data: link, metadata: meta('li.wei', 1, ['owner']) })
      .then([issued]);
    spec
      .given(atFeedback)
      .when({ type: 'IssueFeedbackLink', data: link, metadata: meta('chen.jie', 1, ['owner']) })
      .thenThrows(NotPermitted);
    spec
      .given(atFeedback.slice(0, 3))
      .when({ type: 'IssueFeedbackLink', data: link, metadata: meta('li.wei', 1, ['owner']) })
      .thenThrows(Error, /not 'feedback'/);
    spec
      .given(atFeedback)
      .when({ type: 'IssueFeedbackLink', data: { ...link, expiresAt: at(0) }, metadata: meta('li.wei', 1, ['owner']) })
      .thenThrows(RuleViolated);
  });

  it('records the opening once', () => {
    const open: ComplaintCommand = {
      type: 'OpenFeedbackLink',
      data: { linkId: 'link-1' },
      metadata: meta(customer, 2),
    };
    const opened: ComplaintEvent = { type: 'FeedbackLinkOpened', data: { linkId: 'link-1', ...stamp(customer, 2) } };
    spec
      .given([...atFeedback, issued])
      .when(open)
      .then([opened]);
    spec
      .given([...atFeedback, issued, opened])
      .when(open)
      .then([]);
    assert.equal(feedbackLinkStateOf(stateAfter([...atFeedback, issued, opened]).feedbackLink!, at(3)), 'opened');
  });

  it('"resolved" completes feedback with the customer as its actor and their score', () => {
    spec
      .given([...atFeedback, issued])
      .when(answer(true))
      .then([
        {
          type: 'CustomerFeedbackRecorded',
          data: {
            satisfied: true,
            satisfactionScore: 5,
            customerResponse: 'Fine now',
            contactChannel: 'web',
            linkId: 'link-1',
            ...stamp(customer, 5),
          },
        },
      ]);
  });

  it('"not resolved" sends the case back to analyse, the loop the sources describe', () => {
    const events = complaintDecider.decide(answer(false), fold(complaintDecider, [...atFeedback, issued]));
    assert.deepEqual(
      events.map((event) => event.type),
      ['CustomerFeedbackRecorded', 'ComplaintReopened'],
    );
    const after = stateAfter([...atFeedback, issued, ...events]);
    assert.equal(after.status === 'open' && after.step, 'analyse');
    assert.equal(feedbackLinkStateOf(after.feedbackLink!, at(6)), 'answered');
  });

  it('refuses alike a link used, replaced, expired, of a case that moved on, or unknown', () => {
    const used = complaintDecider.decide(answer(true), fold(complaintDecider, [...atFeedback, issued]));
    spec
      .given([...atFeedback, issued, ...used])
      .when(answer(true, 6))
      .thenThrows(FeedbackLinkVoid);
    const replaced: ComplaintEvent = {
      type: 'FeedbackLinkIssued',
      data: { ...link, linkId: 'link-2', tokenHash: 'b'.repeat(64), ...stamp('li.wei', 3) },
    };
    spec
      .given([...atFeedback, issued, replaced])
      .when(answer(true))
      .thenThrows(FeedbackLinkVoid);
    spec
      .given([...atFeedback, issued])
      .when(answer(true, 61))
      .thenThrows(FeedbackLinkVoid);
    spec
      .given([...atFeedback, issued])
      .when(answer(true, 5, 'nope'))
      .thenThrows(FeedbackLinkVoid);
    const byPhone: ComplaintEvent = {
      type: 'CustomerFeedbackRecorded',
      data: {
        satisfied: true,
        satisfactionScore: 4,
        customerResponse: 'OK',
        contactChannel: 'phone',
        ...stamp('li.wei', 4),
      },
    };
    spec
      .given([...atFeedback, issued, byPhone])
      .when(answer(true))
      .thenThrows(FeedbackLinkVoid);
    assert.equal(feedbackLinkStateOf(stateAfter([...atFeedback, issued, byPhone]).feedbackLink!, at(5)), 'void');
    assert.equal(feedbackLinkStateOf(stateAfter([...atFeedback, issued]).feedbackLink!, at(61)), 'expired');
  });

  it('holds the customer to the scale', () => {
    spec
      .given([...atFeedback, issued])
      .when({ ...answer(true), data: { ...answer(true).data, score: 9 } } as ComplaintCommand)
      .thenThrows(RuleViolated);
  });
});
