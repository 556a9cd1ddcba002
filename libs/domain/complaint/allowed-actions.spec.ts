import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { complaintActionRoles, complaintActions, holdsOneOf, type CallerIdentity } from '../access/actions.js';
import type { CommandMetadata } from '../decider.js';
import { allowedComplaintActions, complaintActionCommands } from './allowed-actions.js';
import type { ComplaintCommand } from './complaint.commands.js';
import { complaintDecider } from './complaint.decider.js';
import { sampleRegistration } from './complaint.testing.js';
import type { ComplaintState } from './complaint.events.js';

type Payload = Omit<ComplaintCommand, 'metadata'>;
const now = '2026-11-20T09:00:00.000Z';

/** A case after these commands, each given by a supervisor (who may give any of them). */
const caseAfter = (...steps: (readonly [actor: string, command: Payload])[]): ComplaintState =>
  steps.reduce<ComplaintState>((state, [actor, command]) => {
    const metadata: CommandMetadata = { now, actor, roles: ['supervisor'] };
    return complaintDecider
      .decide({ ...command, metadata } as ComplaintCommand, state)
      .reduce(complaintDecider.evolve, state);
  }, complaintDecider.initialState());

const register: Payload = { type: 'RegisterComplaint', data: sampleRegistration };
const identify: Payload = { type: 'CompleteIdentification', data: { owner: 'li.wei', acknowledgement: 'Called back' } };
const analyse: Payload = {
  type: 'CompleteAnalysis',
  data: {
    rootCause: 'Porous casting',
    causeCategory: 'material',
    responsibleParty: { type: 'internal', department: 'QA' },
  },
};
const resolve: Payload = {
  type: 'CompleteResolution',
  data: {
    summary: 'Replace the lot',
    actions: [{ kind: 'corrective', description: 'Pressure-test', owner: 'qa', dueDate: '2026-12-01' }],
  },
};
const verify: Payload = { type: 'CompleteVerification', data: { effective: true, notes: 'No leaks' } };
const feedback: Payload = {
  type: 'CompleteFeedback',
  data: { satisfied: true, satisfactionScore: 5, customerResponse: 'Thanks', contactChannel: 'email' },
};
const archive: Payload = { type: 'ArchiveComplaint', data: { lessonsLearned: 'Test castings' } };
const wait: Payload = { type: 'StartWaitingOnCustomer', data: { reason: 'Photos asked for' } };
const escalate = (level?: number): Payload => ({ type: 'EscalateComplaint', data: { reason: 'Late', level } });
const withdraw: Payload = { type: 'WithdrawComplaint', data: { reason: 'invalid', explanation: 'Not ours' } };
const attach = (evidenceId: string): Payload => ({
  type: 'AttachEvidence',
  data: { evidenceId, sha256: 'a'.repeat(64), size: 12, mediaType: 'image/jpeg', fileName: '阀体泄漏.jpg' },
});

const atVerifyByLi = [
  ['boss', register],
  ['li.wei', identify],
  ['li.wei', analyse],
  ['li.wei', resolve],
] as const;

const states: Record<string, ComplaintState> = {
  unregistered: complaintDecider.initialState(),
  'at identify, nobody owns it': caseAfter(['desk', register]),
  'waiting on the customer': caseAfter(['desk', register], ['desk', wait]),
  "li.wei's, at analyse": caseAfter(['desk', register], ['li.wei', identify]),
  "li.wei's, with a photo": caseAfter(['desk', register], ['li.wei', identify], ['li.wei', attach('photo-1')]),
  "li.wei's, escalated one rung": caseAfter(['desk', register], ['li.wei', identify], ['boss', escalate()]),
  "li.wei's, at the top of the ladder": caseAfter(['desk', register], ['li.wei', identify], ['boss', escalate(3)]),
  'at verify, li.wei implemented it': caseAfter(...atVerifyByLi),
  'at verify, wang.fang implemented it': caseAfter(
    ['boss', register],
    ['li.wei', identify],
    ['li.wei', analyse],
    ['wang.fang', resolve],
  ),
  'at feedback': caseAfter(...atVerifyByLi, ['zhang.qa', verify]),
  'at archive': caseAfter(...atVerifyByLi, ['zhang.qa', verify], ['li.wei', feedback]),
  archived: caseAfter(...atVerifyByLi, ['zhang.qa', verify], ['li.wei', feedback], ['li.wei', archive]),
  withdrawn: caseAfter(['desk', register], ['li.wei', identify], ['li.wei', withdraw]),
  'withdrawn, with a photo': caseAfter(
    ['desk', register],
    ['li.wei', identify],
    ['li.wei', attach('photo-1')],
    ['li.wei', withdraw],
  ),
  'with its photo purged': caseAfter(
    ['desk', register],
    ['li.wei', identify],
    ['li.wei', attach('photo-1')],
    ['root', { type: 'PurgeEvidence', data: { evidenceId: 'photo-1', reason: 'Customer erased' } }],
  ),
};

const callers: Record<string, CallerIdentity> = {
  'the owner': { subject: 'li.wei', roles: ['owner'], team: [] },
  "the owner's teammate": { subject: 'wang.fang', roles: ['owner'], team: ['li.wei'] },
  'another owner': { subject: 'chen.jie', roles: ['owner'], team: [] },
  'a supervisor': { subject: 'boss', roles: ['supervisor'], team: [] },
  'the owner, a supervisor too': { subject: 'li.wei', roles: ['owner', 'supervisor'], team: [] },
  'an auditor': { subject: 'audit.an', roles: ['auditor'], team: [] },
  'a quality engineer': { subject: 'zhao.sqe', roles: ['quality-engineer'], team: [] },
  'an admin': { subject: 'root', roles: ['admin'], team: [] },
};

/** A well-formed request for each action, so that only the rules (never the data) can refuse it. */
const requestFor = (action: (typeof complaintActions)[number], state: ComplaintState): Payload => {
  const registered = state.status === 'unregistered' ? undefined : state;
  const type = complaintActionCommands[action];
  switch (action) {
    case 'identify':
      return { type: 'CompleteIdentification', data: { owner: registered?.owner ?? 'li.wei', acknowledgement: 'Hi' } };
    case 'analyse':
      return analyse;
    case 'resolve':
      return resolve;
    case 'verify':
      return verify;
    case 'feedback':
      return feedback;
    case 'feedback-link':
      return {
        type: 'IssueFeedbackLink',
        data: { linkId: 'link-1', tokenHash: 'a'.repeat(64), expiresAt: '2999-01-01T00:00:00Z', summary: 'Replaced' },
      };
    case 'archive':
      return archive;
    case 'comment':
      return { type, data: { text: 'A note' } } as Payload;
    case 'wait':
      return wait;
    case 'end-wait':
      return { type: 'StopWaitingOnCustomer', data: {} };
    case 'contain':
      return { type: 'RecordContainment', data: { action: 'Customer stock sorted, 3 bad valves quarantined' } };
    case 'severity':
      return {
        type: 'ChangeSeverity',
        data: { severity: registered?.severity === 'low' ? 'high' : 'low', reason: 'r' },
      };
    case 'withdraw':
      return withdraw;
    case 'assign':
      return { type: 'ReassignComplaint', data: { owner: 'someone.else' } };
    case 'escalate':
      return escalate();
    case 'de-escalate':
      return { type: 'DeescalateComplaint', data: { reason: 'In hand' } };
    case 'reopen':
      return { type: 'ReopenComplaint', data: { returnTo: 'analyse', reason: 'Came back' } };
    case 'attach-evidence':
      return attach('photo-new');
    case 'retract-evidence': {
      const kept = registered?.evidence?.find((file) => !file.retracted);
      return { type: 'RetractEvidence', data: { evidenceId: kept?.id ?? 'photo-1', reason: 'Wrong case' } };
    }
    case 'purge-evidence': {
      const kept = registered?.evidence?.find((file) => !file.purged);
      return { type: 'PurgeEvidence', data: { evidenceId: kept?.id ?? 'photo-1', reason: 'Customer erased' } };
    }
  }
};

/** Would the API let the caller ask (the role table), and would the decider accept? */
const accepted = (action: (typeof complaintActions)[number], state: ComplaintState, caller: CallerIdentity) => {
  if (!holdsOneOf(caller, complaintActionRoles[action])) return false;
  const metadata: CommandMetadata = { now, actor: caller.subject, roles: caller.roles, team: caller.team };
  try {
    complaintDecider.decide({ ...requestFor(action, state), metadata } as ComplaintCommand, state);
    return true;
  } catch {
    return false;
  }
};

describe('what a caller may do to a case now', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const [callerName, caller] of Object.entries(callers)) {
      it(`${stateName}, for ${callerName}: offers exactly what the role table and the decider accept`, () => {
        const offered = allowedComplaintActions(state, caller);
        const acceptedOnes = complaintActions.filter((action) => accepted(action, state, caller));
        assert.deepEqual([...offered].sort(), [...acceptedOnes].sort());
      });
    }
  }

  it('offers the implementer of the resolution no verify, and someone else the verify', () => {
    const state = states['at verify, li.wei implemented it']!;
    assert.ok(!allowedComplaintActions(state, callers['the owner']!).includes('verify'));
    assert.ok(!allowedComplaintActions(state, callers['the owner, a supervisor too']!).includes('verify'));
    assert.ok(allowedComplaintActions(state, callers["the owner's teammate"]!).includes('verify'));
    assert.ok(allowedComplaintActions(state, callers['a supervisor']!).includes('verify'));
  });

  it('offers an auditor and a quality engineer nothing, open case or closed', () => {
    for (const state of Object.values(states)) {
      assert.deepEqual(allowedComplaintActions(state, callers['an auditor']!), []);
      assert.deepEqual(allowedComplaintActions(state, callers['a quality engineer']!), []);
    }
  });

  it('offers the owner their case, and a supervisor assign and escalate besides', () => {
    const state = states["li.wei's, at analyse"]!;
    assert.deepEqual(allowedComplaintActions(state, callers['the owner']!), [
      'analyse',
      'comment',
      'wait',
      'contain',
      'attach-evidence',
      'severity',
      'withdraw',
    ]);
    assert.deepEqual(allowedComplaintActions(state, callers['another owner']!), []);
    assert.deepEqual(allowedComplaintActions(state, callers['a supervisor']!), [
      'analyse',
      'comment',
      'wait',
      'contain',
      'attach-evidence',
      'severity',
      'withdraw',
      'assign',
      'escalate',
    ]);
  });

  it('offers containment in identify and analyse until it is recorded', () => {
    const supervisor = callers['a supervisor']!;
    const analysing = states["li.wei's, at analyse"]!;
    assert.ok(allowedComplaintActions(analysing, supervisor).includes('contain'));
    const contained = {
      ...analysing,
      containment: { action: 'Stock sorted', at: '2026-11-20T09:00:00.000Z', by: 'li.wei' },
    };
    assert.ok(!allowedComplaintActions(contained, supervisor).includes('contain'));
    assert.ok(!allowedComplaintActions(states['at feedback']!, supervisor).includes('contain'));
  });

  it('offers end-wait only while waiting, de-escalate only once escalated, escalate only below the top', () => {
    const supervisor = callers['a supervisor']!;
    assert.ok(allowedComplaintActions(states['waiting on the customer']!, supervisor).includes('end-wait'));
    assert.ok(!allowedComplaintActions(states['waiting on the customer']!, supervisor).includes('wait'));
    assert.ok(!allowedComplaintActions(states['at feedback']!, supervisor).includes('wait'));
    assert.ok(allowedComplaintActions(states["li.wei's, escalated one rung"]!, supervisor).includes('de-escalate'));
    assert.ok(!allowedComplaintActions(states["li.wei's, at analyse"]!, supervisor).includes('de-escalate'));
    assert.ok(!allowedComplaintActions(states["li.wei's, at the top of the ladder"]!, supervisor).includes('escalate'));
  });

  it('offers only reopen on a closed case, and only to a supervisor', () => {
    for (const closed of [states.archived!, states.withdrawn!]) {
      assert.deepEqual(allowedComplaintActions(closed, callers['a supervisor']!), ['reopen']);
      assert.deepEqual(allowedComplaintActions(closed, callers['the owner']!), []);
    }
  });
});
