import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fold, type CommandMetadata } from '../decider.js';
import { deciderSpec } from '../decider.testing.js';
import { evidenceOf, maxEvidencePerEntity } from '../evidence.js';
import {
  CaseAlreadyRegistered,
  CaseClosed,
  CaseNotRegistered,
  CaseOpen,
  NotPermitted,
  RuleViolated,
  StepNotCurrent,
} from '../errors.js';
import type { ComplaintCommand } from './complaint.commands.js';
import { complaintDecider } from './complaint.decider.js';
import type { ComplaintEvent } from './complaint.events.js';
import { defaultSlaPolicy } from '../sla/sla-policy.js';
import { sampleRegistration } from './complaint.testing.js';

const spec = deciderSpec(complaintDecider);
const by = (actor: string, now = '2026-11-20T09:00:00.000Z'): CommandMetadata => ({ actor, now });
const stamp = (actor: string, at = '2026-11-20T09:00:00.000Z') => ({ by: actor, at });

const registration = {
  ...sampleRegistration,
  customer: { name: 'Hangzhou Valve Co.', id: 'CUST-7' },
  supplierId: 'sup-9',
} as const;

const registered: ComplaintEvent = { type: 'ComplaintRegistered', data: { ...registration, ...stamp('desk') } };
const identified: ComplaintEvent = {
  type: 'ComplaintIdentified',
  data: {
    owner: 'li.wei',
    acknowledgement: 'Received, we call back today',
    category: 'product-quality',
    severity: 'high',
    evidence: [],
    ...stamp('li.wei'),
  },
};
const analysed: ComplaintEvent = {
  type: 'ComplaintAnalysed',
  data: {
    rootCause: 'Porous casting',
    causeCategory: 'material',
    responsibleParty: { type: 'supplier', supplierId: 'sup-9' },
    ...stamp('li.wei'),
  },
};
const implemented: ComplaintEvent = {
  type: 'ResolutionImplemented',
  data: {
    summary: 'Replace lot, add pressure test',
    actions: [{ kind: 'corrective', description: 'Pressure-test every valve', owner: 'qa', dueDate: '2026-12-01' }],
    ...stamp('li.wei'),
  },
};
const verified: ComplaintEvent = {
  type: 'ResolutionVerified',
  data: { effective: true, notes: 'No leaks in 200 units', ...stamp('zhang.qa') },
};
const satisfied: ComplaintEvent = {
  type: 'CustomerFeedbackRecorded',
  data: {
    satisfied: true,
    satisfactionScore: 5,
    customerResponse: 'Thanks',
    contactChannel: 'email',
    ...stamp('li.wei'),
  },
};

const analyseCommand: ComplaintCommand = {
  type: 'CompleteAnalysis',
  data: {
    rootCause: 'Porous casting',
    causeCategory: 'material',
    responsibleParty: { type: 'supplier', supplierId: 'sup-9' },
  },
  metadata: by('li.wei'),
};

describe('complaint decider', () => {
  it('registers a complaint at the identify step', () => {
    spec
      .given([])
      .when({ type: 'RegisterComplaint', data: registration, metadata: by('desk') })
      .then([registered]);
    const state = fold(complaintDecider, [registered]);
    assert.equal(state.status, 'open');
    assert.equal(state.status === 'open' && state.step, 'identify');
  });

  it('refuses to register the same complaint twice', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterComplaint', data: registration, metadata: by('desk') })
      .thenThrows(CaseAlreadyRegistered);
  });

  it('refuses a step on a complaint that was never registered', () => {
    spec.given([]).when(analyseCommand).thenThrows(CaseNotRegistered);
  });

  it('identification assigns an owner and may reclassify severity', () => {
    spec
      .given([registered])
      .when({
        type: 'CompleteIdentification',
        data: { owner: 'li.wei', acknowledgement: 'Received, we call back today', severity: 'high' },
        metadata: by('li.wei'),
      })
      .then([identified]);
    const state = fold(complaintDecider, [registered, identified]);
    assert.ok(state.status === 'open');
    assert.equal(state.owner, 'li.wei');
    assert.equal(state.severity, 'high');
    assert.equal(state.step, 'analyse');
  });

  it('refuses to complete a step that is not the current one', () => {
    spec
      .given([registered])
      .when(analyseCommand)
      .thenThrows(StepNotCurrent, /at step 'identify', not 'analyse'/);
  });

  it('refuses a resolution without actions', () => {
    spec
      .given([registered, identified, analysed])
      .when({ type: 'CompleteResolution', data: { summary: 'Nothing', actions: [] }, metadata: by('li.wei') })
      .thenThrows(RuleViolated);
  });

  it('refuses verification by the person who implemented the resolution', () => {
    spec
      .given([registered, identified, analysed, implemented])
      .when({ type: 'CompleteVerification', data: { effective: true, notes: 'Looks fine' }, metadata: by('li.wei') })
      .thenThrows(RuleViolated, /someone other than the implementer/);
  });

  it('a failed verification sends the case back to analyse by default', () => {
    const command: ComplaintCommand = {
      type: 'CompleteVerification',
      data: { effective: false, notes: 'Still leaking' },
      metadata: by('zhang.qa'),
    };
    spec
      .given([registered, identified, analysed, implemented])
      .when(command)
      .then([
        { type: 'ResolutionVerified', data: { effective: false, notes: 'Still leaking', ...stamp('zhang.qa') } },
        {
          type: 'ComplaintReopened',
          data: { returnTo: 'analyse', reason: 'Still leaking', trigger: 'verification-failed', ...stamp('zhang.qa') },
        },
      ]);
    const events = complaintDecider.decide(
      command,
      fold(complaintDecider, [registered, identified, analysed, implemented]),
    );
    const state = fold(complaintDecider, [registered, identified, analysed, implemented, ...events]);
    assert.ok(state.status === 'open');
    assert.equal(state.step, 'analyse');
    assert.equal(state.failedVerifications, 1);
    // Sent back by its own loop, not reopened: only a person reopening a closed case counts as a reopening.
    assert.equal(state.reopenCount, 0);
  });

  it('the verifier may send the case back to resolve instead', () => {
    const history = [registered, identified, analysed, implemented];
    const events = complaintDecider.decide(
      {
        type: 'CompleteVerification',
        data: { effective: false, notes: 'Action incomplete', returnTo: 'resolve' },
        metadata: by('zhang.qa'),
      },
      fold(complaintDecider, history),
    );
    const state = fold(complaintDecider, [...history, ...events]);
    assert.ok(state.status === 'open');
    assert.equal(state.step, 'resolve');
  });

  it('a state folded between a failed verification and its reopening is still at verify', () => {
    const failed: ComplaintEvent = {
      type: 'ResolutionVerified',
      data: { effective: false, notes: 'Still leaking', ...stamp('zhang.qa') },
    };
    const state = fold(complaintDecider, [registered, identified, analysed, implemented, failed]);
    assert.ok(state.status === 'open');
    assert.equal(state.step, 'verify');
  });

  it('an unsatisfied customer reopens the case at analyse', () => {
    spec
      .given([registered, identified, analysed, implemented, verified])
      .when({
        type: 'CompleteFeedback',
        data: {
          satisfied: false,
          satisfactionScore: 2,
          customerResponse: 'Replacement leaks too',
          contactChannel: 'phone',
        },
        metadata: by('li.wei'),
      })
      .then([
        {
          type: 'CustomerFeedbackRecorded',
          data: {
            satisfied: false,
            satisfactionScore: 2,
            customerResponse: 'Replacement leaks too',
            contactChannel: 'phone',
            ...stamp('li.wei'),
          },
        },
        {
          type: 'ComplaintReopened',
          data: {
            returnTo: 'analyse',
            reason: 'Replacement leaks too',
            trigger: 'customer-unsatisfied',
            ...stamp('li.wei'),
          },
        },
      ]);
  });

  it('refuses a satisfaction score outside the scale', () => {
    spec
      .given([registered, identified, analysed, implemented, verified])
      .when({
        type: 'CompleteFeedback',
        data: { satisfied: true, satisfactionScore: 6, customerResponse: 'Great', contactChannel: 'email' },
        metadata: by('li.wei'),
      })
      .thenThrows(RuleViolated);
  });

  it('archives a satisfied case and then refuses any further step', () => {
    const archived: ComplaintEvent = {
      type: 'ComplaintArchived',
      data: { lessonsLearned: 'Test castings at intake', ...stamp('li.wei') },
    };
    spec
      .given([registered, identified, analysed, implemented, verified, satisfied])
      .when({ type: 'ArchiveComplaint', data: { lessonsLearned: 'Test castings at intake' }, metadata: by('li.wei') })
      .then([archived]);
    const history = [registered, identified, analysed, implemented, verified, satisfied, archived];
    assert.equal(fold(complaintDecider, history).status, 'archived');
    spec.given(history).when(analyseCommand).thenThrows(CaseClosed);
  });

  describe('around the steps', () => {
    const archived: ComplaintEvent = {
      type: 'ComplaintArchived',
      data: { lessonsLearned: 'Test castings at intake', ...stamp('li.wei') },
    };
    const closedHistory = [registered, identified, analysed, implemented, verified, satisfied, archived];

    it('refuses a registration whose SLA policy lacks a severity', () => {
      const { critical: _, ...partial } = defaultSlaPolicy.severities;
      spec
        .given([])
        .when({
          type: 'RegisterComplaint',
          data: { ...registration, slaPolicy: { severities: partial } as never },
          metadata: by('desk'),
        })
        .thenThrows(RuleViolated, /no targets for critical/);
    });

    it('reassigns to a new owner, and refuses the owner it already has', () => {
      spec
        .given([registered, identified])
        .when({ type: 'ReassignComplaint', data: { owner: 'chen.jing', reason: 'Leave' }, metadata: by('sup.wang') })
        .then([
          {
            type: 'ComplaintReassigned',
            data: { from: 'li.wei', to: 'chen.jing', reason: 'Leave', ...stamp('sup.wang') },
          },
        ]);
      spec
        .given([registered, identified])
        .when({ type: 'ReassignComplaint', data: { owner: 'li.wei' }, metadata: by('sup.wang') })
        .thenThrows(RuleViolated);
    });

    it('adds comments to an open case and refuses them on a closed one', () => {
      const note: ComplaintEvent = { type: 'CommentAdded', data: { text: 'Photos received', ...stamp('li.wei') } };
      spec
        .given([registered])
        .when({ type: 'AddComment', data: { text: 'Photos received' }, metadata: by('li.wei') })
        .then([note]);
      const commented = fold(complaintDecider, [registered, note, note]);
      assert.equal(commented.status === 'open' && commented.commentCount, 2);
      spec
        .given(closedHistory)
        .when({ type: 'AddComment', data: { text: 'late' }, metadata: by('li.wei') })
        .thenThrows(CaseClosed);
    });

    it('waits on the customer once at a time, never at feedback, and ends only a wait that exists', () => {
      const waiting: ComplaintEvent = {
        type: 'CustomerWaitStarted',
        data: { reason: 'Need the failed part', ...stamp('li.wei') },
      };
      spec
        .given([registered])
        .when({ type: 'StartWaitingOnCustomer', data: { reason: 'Need the failed part' }, metadata: by('li.wei') })
        .then([waiting]);
      spec
        .given([registered, waiting])
        .when({ type: 'StartWaitingOnCustomer', data: { reason: 'again' }, metadata: by('li.wei') })
        .thenThrows(RuleViolated, /already waits/);
      spec
        .given([registered])
        .when({ type: 'StopWaitingOnCustomer', data: {}, metadata: by('li.wei') })
        .thenThrows(RuleViolated, /not waiting/);
      spec
        .given([registered, identified, analysed, implemented, verified])
        .when({ type: 'StartWaitingOnCustomer', data: { reason: 'x' }, metadata: by('li.wei') })
        .thenThrows(RuleViolated, /feedback/);
    });

    it('withdraws a duplicate only with a link to another case', () => {
      spec
        .given([registered])
        .when({
          type: 'WithdrawComplaint',
          data: { reason: 'duplicate', explanation: 'Reported twice', duplicateOf: 'c-0' },
          metadata: by('sup.wang'),
        })
        .then([
          {
            type: 'ComplaintWithdrawn',
            data: { reason: 'duplicate', explanation: 'Reported twice', duplicateOf: 'c-0', ...stamp('sup.wang') },
          },
        ]);
      spec
        .given([registered])
        .when({ type: 'WithdrawComplaint', data: { reason: 'duplicate', explanation: 'x' }, metadata: by('s') })
        .thenThrows(RuleViolated, /names the case/);
      spec
        .given([registered])
        .when({
          type: 'WithdrawComplaint',
          data: { reason: 'duplicate', explanation: 'x', duplicateOf: 'c-1' },
          metadata: by('s'),
        })
        .thenThrows(RuleViolated, /itself/);
      spec
        .given([registered])
        .when({
          type: 'WithdrawComplaint',
          data: { reason: 'invalid', explanation: 'x', duplicateOf: 'c-0' },
          metadata: by('s'),
        })
        .thenThrows(RuleViolated);
      const withdrawn = fold(complaintDecider, [
        registered,
        { type: 'ComplaintWithdrawn', data: { reason: 'invalid', explanation: 'Not ours', ...stamp('s') } },
      ]);
      assert.equal(withdrawn.status, 'withdrawn');
    });

    it('reopens a closed case only for a supervisor, and never an open one', () => {
      const reopen = (roles: string[]) => ({
        type: 'ReopenComplaint' as const,
        data: { returnTo: 'analyse' as const, reason: 'Leak is back' },
        metadata: { ...by('sup.wang'), roles },
      });
      spec
        .given(closedHistory)
        .when(reopen(['owner']))
        .thenThrows(NotPermitted, /supervisor/);
      spec
        .given([registered])
        .when(reopen(['supervisor']))
        .thenThrows(CaseOpen);
      spec
        .given(closedHistory)
        .when(reopen(['supervisor']))
        .then([
          {
            type: 'ComplaintReopened',
            data: { returnTo: 'analyse', reason: 'Leak is back', trigger: 'supervisor', ...stamp('sup.wang') },
          },
        ]);
      const reopened = fold(complaintDecider, [
        ...closedHistory,
        {
          type: 'ComplaintReopened',
          data: { returnTo: 'analyse', reason: 'Leak is back', trigger: 'supervisor', ...stamp('sup.wang') },
        },
      ]);
      assert.equal(reopened.status === 'open' && reopened.step, 'analyse');
      assert.equal(reopened.status === 'open' && reopened.archive, undefined);
    });
  });

  describe('who may work a case', () => {
    const as = (actor: string, roles: string[], team: string[] = []): CommandMetadata => ({
      ...by(actor),
      roles,
      team,
    });
    const comment = (metadata: CommandMetadata): ComplaintCommand => ({
      type: 'AddComment',
      data: { text: 'Called the customer' },
      metadata,
    });

    it('lets any owner take up a case nobody owns yet', () => {
      spec
        .given([registered])
        .when(comment(as('zhou.min', ['owner'])))
        .then([{ type: 'CommentAdded', data: { text: 'Called the customer', ...stamp('zhou.min') } }]);
    });

    it("refuses an owner another owner's case, unless they are teammates", () => {
      spec
        .given([registered, identified])
        .when({ ...analyseCommand, metadata: as('zhou.min', ['owner']) })
        .thenThrows(NotPermitted, /li\.wei's/);
      spec
        .given([registered, identified])
        .when(comment(as('zhou.min', ['owner'], ['chen.bo'])))
        .thenThrows(NotPermitted);
      spec
        .given([registered, identified])
        .when({ ...analyseCommand, metadata: as('zhou.min', ['owner'], ['li.wei']) })
        .then([{ ...analysed, data: { ...analysed.data, by: 'zhou.min' } } as ComplaintEvent]);
      spec
        .given([registered, identified])
        .when({ ...analyseCommand, metadata: as('li.wei', ['owner']) })
        .then([analysed]);
    });

    it('lets a supervisor work every case, and follows a reassignment', () => {
      spec
        .given([registered, identified])
        .when(comment(as('sup.wang', ['supervisor'])))
        .then([{ type: 'CommentAdded', data: { text: 'Called the customer', ...stamp('sup.wang') } }]);
      const reassigned: ComplaintEvent = {
        type: 'ComplaintReassigned',
        data: { from: 'li.wei', to: 'zhou.min', ...stamp('sup.wang') },
      };
      spec
        .given([registered, identified, reassigned])
        .when(comment(as('zhou.min', ['owner'])))
        .then([{ type: 'CommentAdded', data: { text: 'Called the customer', ...stamp('zhou.min') } }]);
      spec
        .given([registered, identified, reassigned])
        .when({ ...analyseCommand, metadata: as('li.wei', ['owner']) })
        .thenThrows(NotPermitted, /zhou\.min's/);
    });
  });
});

describe('waiting on the customer, for a reason of the policy', () => {
  const wait = (reasonCode?: string): ComplaintCommand => ({
    type: 'StartWaitingOnCustomer',
    data: { reason: 'Three valves are on their way back', ...(reasonCode === undefined ? {} : { reasonCode }) },
    metadata: by('li.wei'),
  });
  const ownReasons = {
    ...defaultSlaPolicy,
    pauseReasons: [{ code: 'awaiting-site-visit', label: { en: 'Awaiting the site visit', 'zh-CN': '等待现场访问' } }],
  };

  it('records why, as a code of the built-in reasons and in words', () =>
    spec
      .given([registered])
      .when(wait('awaiting-returned-part'))
      .then([
        {
          type: 'CustomerWaitStarted',
          data: {
            reason: 'Three valves are on their way back',
            reasonCode: 'awaiting-returned-part',
            ...stamp('li.wei'),
          },
        },
      ]));

  it("refuses a reason the case's policy does not name, and the policy's own reasons replace the built-in ones", () => {
    spec
      .given([registered])
      .when(wait('awaiting-godot'))
      .thenThrows(RuleViolated, /awaiting-godot is not a reason/);
    const underOwn: ComplaintEvent = {
      type: 'ComplaintRegistered',
      data: { ...registration, slaPolicy: ownReasons, ...stamp('desk') },
    };
    spec
      .given([underOwn])
      .when(wait('awaiting-returned-part'))
      .thenThrows(RuleViolated, /awaiting-site-visit/);
    const [started] = complaintDecider.decide(wait('awaiting-site-visit'), fold(complaintDecider, [underOwn]));
    assert.equal(started?.type === 'CustomerWaitStarted' && started.data.reasonCode, 'awaiting-site-visit');
  });

  it('names the field it refuses', () => {
    try {
      complaintDecider.decide(wait('nope'), fold(complaintDecider, [registered]));
      assert.fail('refused');
    } catch (error) {
      assert.equal((error as RuleViolated).details.field, 'reasonCode');
    }
  });

  it('still takes a wait without a code, as runs recorded before codes decide theirs again on replay', () =>
    spec
      .given([registered])
      .when(wait())
      .then([
        { type: 'CustomerWaitStarted', data: { reason: 'Three valves are on their way back', ...stamp('li.wei') } },
      ]));
});

describe('evidence on the record', () => {
  const photo = {
    evidenceId: 'ev-1',
    sha256: 'a'.repeat(64),
    size: 48_213,
    mediaType: 'image/jpeg',
    fileName: '阀体泄漏.jpg',
    caption: 'Flange, valve 3 of 40',
  };
  const attach = (data: object = photo, actor = 'li.wei'): ComplaintCommand => ({
    type: 'AttachEvidence',
    data: { ...photo, ...data },
    metadata: by(actor),
  });
  const attached: ComplaintEvent = { type: 'EvidenceAttached', data: { ...photo, ...stamp('li.wei') } };
  const retract: ComplaintCommand = {
    type: 'RetractEvidence',
    data: { evidenceId: 'ev-1', reason: 'Wrong case' },
    metadata: by('li.wei'),
  };

  it('keeps at most a thousand files on a case', () => {
    const many = Array.from({ length: maxEvidencePerEntity }, (_, index): ComplaintEvent => ({
      type: 'EvidenceAttached',
      data: { ...photo, evidenceId: `ev-${index}`, ...stamp('li.wei') },
    }));
    spec
      .given([registered, identified, ...many])
      .when(attach({ evidenceId: 'ev-one-more' }))
      .thenThrows(RuleViolated, /At most 1000 files/);
  });

  it('records a file the blob store keeps, once even when the upload is retried', () => {
    spec.given([registered, identified]).when(attach()).then([attached]);
    spec.given([registered, identified, attached]).when(attach()).then([]);
    spec
      .given([registered, identified, attached])
      .when(attach({ sha256: 'b'.repeat(64) }))
      .thenThrows(RuleViolated, /another file/);
  });

  it('retracts a mistaken file with a reason, keeping it on the record, once', () => {
    spec
      .given([registered, identified, attached])
      .when(retract)
      .then([
        {
          type: 'EvidenceRetracted',
          data: { evidenceId: 'ev-1', reason: 'Wrong case', fileName: '阀体泄漏.jpg', ...stamp('li.wei') },
        },
      ]);
    const retracted: ComplaintEvent = {
      type: 'EvidenceRetracted',
      data: { evidenceId: 'ev-1', reason: 'Wrong case', fileName: '阀体泄漏.jpg', ...stamp('li.wei') },
    };
    const state = fold(complaintDecider, [registered, identified, attached, retracted]);
    // The state keeps what decisions need; the list, folded from the events, keeps everything they recorded.
    assert.deepEqual(state.status !== 'unregistered' && state.evidence, [
      { id: 'ev-1', sha256: 'a'.repeat(64), fileName: '阀体泄漏.jpg', retracted: { at: stamp('li.wei').at } },
    ]);
    assert.deepEqual(evidenceOf([registered, identified, attached, retracted]), [
      {
        id: 'ev-1',
        sha256: 'a'.repeat(64),
        size: 48_213,
        mediaType: 'image/jpeg',
        fileName: '阀体泄漏.jpg',
        caption: 'Flange, valve 3 of 40',
        ...stamp('li.wei'),
        retracted: { reason: 'Wrong case', ...stamp('li.wei') },
      },
    ]);
    spec
      .given([registered, identified, attached, retracted])
      .when(retract)
      .thenThrows(RuleViolated, /was retracted/);
    spec
      .given([registered, identified])
      .when(retract)
      .thenThrows(RuleViolated, /No evidence ev-1/);
  });

  it('purges a file of a closed case once: listed as retracted and purged, its name not repeated', () => {
    const withdrawn: ComplaintEvent = {
      type: 'ComplaintWithdrawn',
      data: { reason: 'invalid', explanation: 'Not a complaint', ...stamp('sup.wang') },
    };
    const purge: ComplaintCommand = {
      type: 'PurgeEvidence',
      data: { evidenceId: 'ev-1', reason: 'Customer erased (PIPL art. 47)' },
      metadata: { ...by('root'), roles: ['admin'] },
    };
    const purged: ComplaintEvent = {
      type: 'EvidencePurged',
      data: { evidenceId: 'ev-1', sha256: 'a'.repeat(64), reason: 'Customer erased (PIPL art. 47)', ...stamp('root') },
    };
    spec.given([registered, identified, attached, withdrawn]).when(purge).then([purged]);
    spec
      .given([registered, identified, attached, withdrawn, purged])
      .when(purge)
      .thenThrows(RuleViolated, /was purged/);
    spec
      .given([registered, identified])
      .when(purge)
      .thenThrows(RuleViolated, /No evidence ev-1/);
    // A purged file is retracted too: nobody can retract it again.
    spec
      .given([registered, identified, attached, purged])
      .when(retract)
      .thenThrows(RuleViolated, /was retracted/);
    const state = fold(complaintDecider, [registered, identified, attached, withdrawn, purged]);
    assert.equal(state.status, 'withdrawn');
    const [file] = evidenceOf([registered, identified, attached, withdrawn, purged]);
    assert.deepEqual(file!.purged, { reason: 'Customer erased (PIPL art. 47)', ...stamp('root') });
    assert.deepEqual(file!.retracted, { reason: 'Customer erased (PIPL art. 47)', ...stamp('root') });
    assert.ok(!JSON.stringify(purged.data).includes('阀体泄漏'));
  });

  it('takes no evidence on a closed case, nor from an owner who may not work it', () => {
    const withdrawn: ComplaintEvent = {
      type: 'ComplaintWithdrawn',
      data: { reason: 'invalid', explanation: 'Not a complaint', ...stamp('sup.wang') },
    };
    spec.given([registered, identified, withdrawn]).when(attach()).thenThrows(CaseClosed);
    spec
      .given([registered, identified])
      .when({ ...attach(), metadata: { ...by('chen.jie'), roles: ['owner'] } })
      .thenThrows(NotPermitted);
  });
});

describe('e-mail on the record', () => {
  const sent = {
    messageId: '5e1b9a7c-0d2e-4f3a-8b4c-6d7e8f9a0b1c',
    channel: 'email',
    template: 'acknowledgement',
    recipient: 'customer',
    address: 'buyer@hzvalve.example',
    language: 'zh-CN',
    transport: 'smtp',
    causeId: 'ev-registered',
  } as const;
  const failed = {
    channel: 'email',
    template: 'closed',
    recipient: 'customer',
    reason: '550 mailbox unavailable',
    causeId: 'ev-archived',
  } as const;
  const record = (data: { sent?: object[]; failed?: object[] }): ComplaintCommand =>
    ({
      type: 'RecordNotifications',
      data: { sent: [], failed: [], ...data },
      metadata: by('system:notify'),
    }) as ComplaintCommand;
  const archived: ComplaintEvent = {
    type: 'ComplaintArchived',
    data: { lessonsLearned: 'Check the flange torque', ...stamp('li.wei') },
  };

  it('records each message sent and each that could not be, in order', () => {
    spec
      .given([registered])
      .when(record({ sent: [sent], failed: [failed] }))
      .then([
        { type: 'NotificationSent', data: { ...sent, ...stamp('system:notify') } },
        { type: 'NotificationFailed', data: { ...failed, ...stamp('system:notify') } },
      ]);
    spec.given([registered]).when(record({})).then([]);
  });

  it('records on a closed case too (the closing note goes once it is archived), never on one not registered', () => {
    const closed = [registered, identified, analysed, implemented, verified, satisfied, archived];
    spec
      .given(closed)
      .when(record({ sent: [sent] }))
      .then([{ type: 'NotificationSent', data: { ...sent, ...stamp('system:notify') } }]);
    spec
      .given([])
      .when(record({ sent: [sent] }))
      .thenThrows(CaseNotRegistered);
  });

  it('leaves the case as it was: a message sent is no change to it', () => {
    const before = fold(complaintDecider, [registered, identified]);
    const after = fold(complaintDecider, [
      registered,
      identified,
      { type: 'NotificationSent', data: { ...sent, ...stamp('system:notify', '2026-11-21T09:00:00.000Z') } },
    ]);
    assert.deepEqual(after, before);
  });
});

describe('the customer writing in, by e-mail', () => {
  const message = (verified: boolean) =>
    ({
      channel: 'email',
      messageId: 'reply-1@customer.example',
      from: 'buyer@hzvalve.example',
      subject: 'Re: CMP-2026-000001',
      text: 'The valves are on their way back.',
      verified,
      receivedAt: '2026-11-21T08:00:00.000Z',
    }) as const;
  const wrote = (verified: boolean): ComplaintCommand => ({
    type: 'RecordCustomerMessage',
    data: message(verified),
    metadata: by('customer:email', '2026-11-21T09:00:00.000Z'),
  });
  const received = (verified: boolean): ComplaintEvent => ({
    type: 'CustomerMessageReceived',
    data: { ...message(verified), ...stamp('customer:email', '2026-11-21T09:00:00.000Z') },
  });
  const waiting: ComplaintEvent = {
    type: 'CustomerWaitStarted',
    data: { reason: 'Need the failed part', reasonCode: 'awaiting-returned-part', ...stamp('li.wei') },
  };

  it("ends a wait on the customer when it is the customer's own answer, never when the sender is not verified", () => {
    spec
      .given([registered, identified, waiting])
      .when(wrote(true))
      .then([
        received(true),
        {
          type: 'CustomerWaitEnded',
          data: { note: 'Ended by the customer’s message', ...stamp('customer:email', '2026-11-21T09:00:00.000Z') },
        },
      ]);
    spec
      .given([registered, identified, waiting])
      .when(wrote(false))
      .then([received(false)]);
    const after = fold(complaintDecider, [registered, identified, waiting, received(false)]);
    assert.ok(after.status === 'open' && after.waitingOnCustomer, 'still waiting');
  });

  it('records on a closed case too, for its people to read; never on a case not registered', () => {
    const archived: ComplaintEvent = {
      type: 'ComplaintArchived',
      data: { lessonsLearned: 'Check the flange torque', ...stamp('li.wei') },
    };
    spec
      .given([registered, identified, analysed, implemented, verified, satisfied, archived])
      .when(wrote(true))
      .then([received(true)]);
    spec.given([]).when(wrote(true)).thenThrows(CaseNotRegistered);
  });
});

describe('a customer message read twice', () => {
  it('is recorded once, whoever reads it again', () => {
    const data = {
      channel: 'email',
      messageId: 'reply-1@customer.example',
      from: 'buyer@hzvalve.example',
      subject: 'Re',
      text: 'Again',
      verified: false,
      receivedAt: '2026-11-21T08:00:00.000Z',
    } as const;
    const received: ComplaintEvent = { type: 'CustomerMessageReceived', data: { ...data, ...stamp('customer:email') } };
    spec
      .given([registered, received])
      .when({ type: 'RecordCustomerMessage', data, metadata: by('customer:email') })
      .then([]);
  });
});
