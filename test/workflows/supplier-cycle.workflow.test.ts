import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import {
  supplierEntity,
  supplierStreamId,
  supplierWorkflowId,
  type SupplierRequest,
  type SupplierSnapshot,
  type EntityAnswer,
} from '../../libs/contracts/index.js';
import {
  defaultEvaluationPolicyDocument,
  parseEvaluationPolicy,
  scoredCriteria,
  type EvaluationPolicyDocument,
} from '../../libs/domain/index.js';
import { verifyChain, type StoredEvent } from '../../libs/event-store/index.js';
import { waitFor } from '../support/app-process.js';
import { registerCase, registration, send, steps } from '../support/complaint-requests.js';
import { workerSuite } from '../support/worker-suite.js';

/** The default criteria and bands, with every period in seconds. */
const policyInSeconds = (overrides: Partial<EvaluationPolicyDocument> = {}) =>
  parseEvaluationPolicy({
    ...defaultEvaluationPolicyDocument,
    grades: [
      { grade: 'A', minScore: 85, outcome: 'approved', interval: 'PT3S' },
      { grade: 'B', minScore: 70, outcome: 'approved-with-conditions', interval: 'PT1H', correctiveAction: true },
      { grade: 'C', minScore: 50, outcome: 'probation', interval: 'PT1H', correctiveAction: true },
      { grade: 'D', minScore: 0, outcome: 'disqualified' },
    ],
    scoring: { deadline: 'PT1H', reminderRatio: 0.5, escalateTo: 'supplier-quality-manager' },
    correctiveAction: { response: 'PT1H', escalateTo: 'supplier-quality-manager' },
    ...overrides,
  });

const scores = (value: number): SupplierRequest => ({
  command: {
    type: 'SubmitScores',
    data: { scores: Object.fromEntries(scoredCriteria.map((criterion) => [criterion, value])) },
  },
  actor: 'zhao.sqe',
});

describe('supplier re-evaluation cycle (real Temporal dev server, periods in seconds)', () => {
  const suite = workerSuite();

  const register = async (supplierId: string, policy = policyInSeconds()) => {
    const request: SupplierRequest = {
      command: {
        type: 'RegisterSupplier',
        data: {
          supplierId,
          name: 'Ningbo Castings',
          category: 'castings',
          supplies: ['valve body'],
          criticality: 'high',
          policy,
        },
      },
      actor: 'zhao.sqe',
    };
    const answer = await suite.worker.client.workflow.executeUpdateWithStart(supplierEntity.updates.RegisterSupplier, {
      args: [request],
      startWorkflowOperation: new WithStartWorkflowOperation(supplierEntity.workflowType, {
        workflowId: supplierWorkflowId(supplierId),
        taskQueue: suite.worker.taskQueue,
        args: [{ supplierId }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    const handle = suite.worker.client.workflow.getHandle(supplierWorkflowId(supplierId));
    return { snapshot: await snapshotAfter(handle, answer), handle };
  };
  /** The supplier as its cycle holds it once an Update has answered (the answer carries only the revision). */
  const snapshotAfter = async (handle: WorkflowHandle, answer: EntityAnswer): Promise<SupplierSnapshot> => {
    const snapshot = await handle.query(supplierEntity.snapshotQuery);
    assert.ok(snapshot && snapshot.revision >= answer.revision, 'the cycle holds what the Update answered');
    return snapshot;
  };
  const update = async (supplierId: string, request: SupplierRequest): Promise<SupplierSnapshot> => {
    const handle = suite.worker.client.workflow.getHandle(supplierWorkflowId(supplierId));
    return snapshotAfter(
      handle,
      await handle.executeUpdate(supplierEntity.updates[request.command.type as 'SubmitScores'], { args: [request] }),
    );
  };
  const eventsOf = (supplierId: string): Promise<StoredEvent[]> => suite.store.readStream(supplierStreamId(supplierId));
  const untilEvent = (supplierId: string, what: (e: StoredEvent) => boolean, label: string) =>
    waitFor(label, async () => (await eventsOf(supplierId)).some(what), 20_000);
  const started = (e: StoredEvent) => e.type === 'EvaluationStarted';

  it.concurrent(
    'evaluates at registration, grades, continues as new, and re-evaluates when the grade interval has passed',
    async () => {
      const supplierId = `sup-${randomUUID()}`;
      const { handle } = await register(supplierId);
      await untilEvent(supplierId, started, 'the first evaluation');
      const firstRun = (await handle.describe()).runId;
      const graded = await update(supplierId, scores(95));
      assert.equal(graded.state.grade, 'A');
      assert.equal(graded.state.outcome, 'approved');

      await waitFor('the next run', async () => (await handle.describe()).runId !== firstRun);
      const carried = await handle.query(supplierEntity.snapshotQuery);
      assert.equal(carried?.state.grade, 'A', 'continue-as-new kept the state');
      assert.equal(carried?.revision, graded.revision);

      await untilEvent(
        supplierId,
        (e) => started(e) && (e.data as { evaluationId: string }).evaluationId === 'EV-2',
        'the periodic re-evaluation',
      );
      const events = await eventsOf(supplierId);
      const second = events.find((e) => started(e) && (e.data as { evaluationId: string }).evaluationId === 'EV-2')!;
      assert.equal((second.data as { trigger: string }).trigger, 'scheduled');
      const gradedAt = events.find((e) => e.type === 'SupplierEvaluated')!.data as {
        at: string;
        nextEvaluationDue: string;
      };
      assert.ok(
        Date.parse((second.data as { at: string }).at) >= Date.parse(gradedAt.nextEvaluationDue),
        'not before it was due',
      );
      assert.deepEqual(verifyChain(events), { intact: true, events: events.length });
    },
  );

  it.concurrent(
    'brings an evaluation forward when complaints are attributed to the supplier, recording each on both sides',
    async () => {
      const supplierId = `sup-${randomUUID()}`;
      await register(
        supplierId,
        policyInSeconds({
          earlyTrigger: { complaints: 2, window: 'PT1H', onCriticalComplaint: true },
          grades: [{ grade: 'A', minScore: 0, outcome: 'approved', interval: 'P365D' }],
        }),
      );
      await untilEvent(supplierId, started, 'the first evaluation');
      await update(supplierId, scores(90));

      const analysedAgainst = async () => {
        const complaintId = randomUUID();
        const { handle } = await registerCase(suite.worker, complaintId, registration(complaintId));
        await send(handle, steps.identify);
        const analysis = {
          ...steps.analyse,
          command: {
            ...steps.analyse.command,
            data: { ...steps.analyse.command.data, responsibleParty: { type: 'supplier' as const, supplierId } },
          },
        };
        await send(handle, analysis);
        return complaintId;
      };
      const first = await analysedAgainst();
      await untilEvent(supplierId, (e) => e.type === 'ComplaintAttributed', 'the first attribution');
      assert.equal((await eventsOf(supplierId)).filter(started).length, 1, 'one complaint is not enough');
      const second = await analysedAgainst();

      await untilEvent(
        supplierId,
        (e) => started(e) && (e.data as { trigger: string }).trigger === 'attributed-complaints',
        'the early evaluation',
      );
      const events = await eventsOf(supplierId);
      assert.deepEqual(
        events
          .filter((e) => e.type === 'ComplaintAttributed')
          .map((e) => (e.data as { complaintId: string }).complaintId),
        [first, second],
      );
      const graded = await update(supplierId, scores(90));
      assert.equal(graded.state.evaluations.at(-1)?.trigger, 'attributed-complaints');
      const evaluated = (await eventsOf(supplierId)).filter((e) => e.type === 'SupplierEvaluated').at(-1)!.data as {
        measures: Record<string, number>;
        measuredOver: { complaints: string[] };
      };
      assert.equal(evaluated.measures['attributed-complaints'], 2);
      assert.deepEqual([...evaluated.measuredOver.complaints], [first, second]);
    },
  );

  it.concurrent('reminds and then escalates an evaluation nobody scores, notifying each', async () => {
    const supplierId = `sup-${randomUUID()}`;
    await register(
      supplierId,
      policyInSeconds({ scoring: { deadline: 'PT2S', reminderRatio: 0.5, escalateTo: 'supplier-quality-manager' } }),
    );
    await untilEvent(supplierId, (e) => e.type === 'EvaluationEscalated', 'the escalation');
    const events = await eventsOf(supplierId);
    assert.deepEqual(
      events.map((e) => e.type),
      ['SupplierRegistered', 'EvaluationStarted', 'EvaluationReminderSent', 'EvaluationEscalated'],
    );
    assert.ok(events.slice(2).every((e) => e.metadata.actor === 'system:supplier-cycle'));
    await waitFor(
      'the escalation notice',
      () =>
        suite.webhook.received.some(
          (n) =>
            'supplierId' in n &&
            n.supplierId === supplierId &&
            n.event === 'EvaluationEscalated' &&
            n.recipient.role === 'supplier-quality-manager',
        ),
      10_000,
    );
    // Scoring late still closes the evaluation.
    assert.equal((await update(supplierId, scores(90))).state.grade, 'A');
  });

  it.concurrent('asks a weak supplier for corrective action and escalates when the answer is late', async () => {
    const supplierId = `sup-${randomUUID()}`;
    await register(
      supplierId,
      policyInSeconds({ correctiveAction: { response: 'PT2S', escalateTo: 'supplier-quality-manager' } }),
    );
    await untilEvent(supplierId, started, 'the first evaluation');
    const graded = await update(supplierId, scores(55));
    assert.equal(graded.state.grade, 'C');
    assert.equal(graded.state.correctiveActions[0]!.id, 'CAR-1');
    await untilEvent(supplierId, (e) => e.type === 'CorrectiveActionOverdue', 'the overdue SCAR');
    const answered = await update(supplierId, {
      command: { type: 'RespondToCorrectiveAction', data: { actionId: 'CAR-1', response: 'Degassing restored' } },
      actor: 'supplier.rep',
    });
    assert.equal(answered.state.correctiveActions[0]!.onTime, false);
    await waitFor(
      'the SCAR notices',
      () =>
        ['CorrectiveActionRequested', 'CorrectiveActionOverdue'].every((event) =>
          suite.webhook.received.some((n) => 'supplierId' in n && n.supplierId === supplierId && n.event === event),
        ),
      10_000,
    );
  });
});
