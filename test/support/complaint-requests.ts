import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import {
  complaintEntity,
  complaintWorkflowId,
  type ComplaintCaseInput,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type ComplaintUpdateType,
  type EntityAnswer,
} from '../../libs/contracts/index.js';
import { defaultSlaPolicy, parseSlaPolicy, type SlaPolicy, type SlaPolicyDocument } from '../../libs/domain/index.js';
import type { TestWorker } from './temporal.js';

export const registration = (
  complaintId: string,
  slaPolicy: SlaPolicy = defaultSlaPolicy,
  severity: 'normal' | 'high' = 'normal',
): ComplaintRequest => ({
  command: {
    type: 'RegisterComplaint',
    data: {
      complaintId,
      customer: { name: 'Ningbo Pumps' },
      channel: 'email',
      category: 'product-quality',
      severity,
      title: 'Seal fails after 200 h',
      description: 'Mechanical seal leaks after about 200 hours of operation.',
      slaPolicy,
    },
  },
  actor: 'desk',
});

export const steps = {
  identify: {
    command: { type: 'CompleteIdentification', data: { owner: 'li.wei', acknowledgement: 'Received' } },
    actor: 'li.wei',
  },
  analyse: {
    command: {
      type: 'CompleteAnalysis',
      data: {
        rootCause: 'Wrong elastomer',
        causeCategory: 'material',
        responsibleParty: { type: 'supplier', supplierId: 'sup-1' },
      },
    },
    actor: 'li.wei',
  },
  resolve: {
    command: {
      type: 'CompleteResolution',
      data: {
        summary: 'Change elastomer',
        actions: [{ kind: 'corrective', description: 'Use FKM', owner: 'eng', dueDate: '2026-12-01' }],
      },
    },
    actor: 'li.wei',
  },
  verifyFails: {
    command: { type: 'CompleteVerification', data: { effective: false, notes: 'Still leaks' } },
    actor: 'zhang.qa',
  },
  verifyPasses: {
    command: { type: 'CompleteVerification', data: { effective: true, notes: 'No leak in 500 h' } },
    actor: 'zhang.qa',
  },
  unsatisfied: {
    command: {
      type: 'CompleteFeedback',
      data: { satisfied: false, satisfactionScore: 2, customerResponse: 'Too slow', contactChannel: 'phone' },
    },
    actor: 'li.wei',
  },
  satisfied: {
    command: {
      type: 'CompleteFeedback',
      data: { satisfied: true, satisfactionScore: 5, customerResponse: 'Fixed', contactChannel: 'phone' },
    },
    actor: 'li.wei',
  },
  archive: {
    command: { type: 'ArchiveComplaint', data: { lessonsLearned: 'Check elastomer grade at intake' } },
    actor: 'li.wei',
  },
} satisfies Record<string, ComplaintRequest>;

type Targets = SlaPolicyDocument['severities'][string];

/** A policy in seconds, so tests see clocks run out: `targets` for every severity but those given their own. */
export const policyInSeconds = (
  targets: Targets,
  own: Partial<Record<'low' | 'normal' | 'high' | 'critical', Targets>> = {},
): SlaPolicy =>
  parseSlaPolicy({ severities: { low: targets, normal: targets, high: targets, critical: targets, ...own } });

export type CaseHandle = WorkflowHandle;

/** Registers a case the way the API does: Update-with-Start on the worker's own task queue. */
export const registerCase = async (
  worker: TestWorker,
  complaintId: string,
  request: ComplaintRequest,
  input: Partial<ComplaintCaseInput> = {},
) => {
  const answer = await worker.client.workflow.executeUpdateWithStart(complaintEntity.updates.RegisterComplaint, {
    args: [request],
    startWorkflowOperation: new WithStartWorkflowOperation(complaintEntity.workflowType, {
      workflowId: complaintWorkflowId(complaintId),
      taskQueue: worker.taskQueue,
      args: [{ complaintId, ...input } satisfies ComplaintCaseInput],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  const handle = worker.client.workflow.getHandle(complaintWorkflowId(complaintId));
  return { complaintId, snapshot: await snapshotAfter(handle, answer), handle };
};

/**
 * The case as its workflow holds it once an Update has answered: the answer
 * carries only the revision, as the API reads the case from its record.
 */
export const snapshotAfter = async (handle: CaseHandle, answer: EntityAnswer): Promise<ComplaintSnapshot> => {
  const snapshot = await handle.query(complaintEntity.snapshotQuery);
  if (!snapshot || snapshot.revision < answer.revision)
    throw new Error(`The case's workflow holds revision ${snapshot?.revision}, the Update answered ${answer.revision}`);
  return snapshot;
};

export const send = async (
  handle: CaseHandle,
  request: ComplaintRequest,
  updateId?: string,
): Promise<ComplaintSnapshot> =>
  snapshotAfter(
    handle,
    await handle.executeUpdate(
      complaintEntity.updates[
        request.command.type as ComplaintUpdateType
      ] as typeof complaintEntity.updates.RegisterComplaint,
      { args: [request], updateId },
    ),
  );
