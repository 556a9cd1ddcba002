import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  complaintEntity,
  complaintStreamId,
  complaintWorkflowId,
  type ComplaintRequest,
  type ComplaintSnapshot,
} from '../../libs/contracts/index.js';
import { verifyChain, type StoredEvent } from '../../libs/event-store/index.js';
import { waitFor } from '../support/app-process.js';
import {
  policyInSeconds,
  registerCase,
  registration,
  send,
  snapshotAfter,
  steps,
} from '../support/complaint-requests.js';
import { workerSuite } from '../support/worker-suite.js';

const ladder = [
  { role: 'team-lead', after: 'PT0S' },
  { role: 'department-manager', person: 'wang.dm', after: 'PT1S' },
];
/** Acknowledge within 2 s (warning at 1 s), the whole case within 4 s. */
const fast = policyInSeconds({ acknowledge: 'PT2S', case: 'PT4S', warningRatio: 0.5, escalation: ladder });
const slow = { acknowledge: 'PT1H', case: 'PT1H', warningRatio: 0.5, escalation: ladder };

const failureType = (error: unknown): string | undefined =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
    ? (error.cause.type ?? undefined)
    : undefined;

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

describe('SLA clocks in the complaint workflow (real Temporal dev server, policy in seconds)', () => {
  const suite = workerSuite();

  const eventsOf = (complaintId: string): Promise<StoredEvent[]> =>
    suite.store.readStream(complaintStreamId(complaintId));
  const slaEvents = async (complaintId: string) =>
    (await eventsOf(complaintId))
      .filter((e) => ['SlaWarningIssued', 'SlaBreached', 'ComplaintEscalated'].includes(e.type))
      .map((e) => ({
        type: e.type,
        ...(e.data as { clock?: string; level?: number; at: string; role?: string }),
        actor: e.metadata.actor,
      }));
  const untilEvent = (complaintId: string, what: (e: StoredEvent) => boolean, label: string) =>
    waitFor(label, async () => (await eventsOf(complaintId)).some(what), 20_000);

  it.concurrent(
    'warns, breaches and escalates level by level, recording who, why and which clock, and notifies each',
    async () => {
      const complaintId = randomUUID();
      const { snapshot } = await registerCase(suite.worker, complaintId, registration(complaintId, fast));
      const registeredAt = snapshot.state.registeredAt;
      await untilEvent(
        complaintId,
        (e) =>
          e.type === 'ComplaintEscalated' &&
          (e.data as { level: number }).level === 2 &&
          (e.data as { clock: string }).clock === 'acknowledge',
        'level 2',
      );

      const marks = (await slaEvents(complaintId)).filter((e) => e.clock === 'acknowledge');
      assert.deepEqual(
        marks.map((e) => [e.type, e.level ?? null]),
        [
          ['SlaWarningIssued', null],
          ['SlaBreached', null],
          ['ComplaintEscalated', 1],
          ['ComplaintEscalated', 2],
        ],
      );
      assert.ok(marks.every((e) => e.actor === 'system:sla'));
      const [warning, breach, level1, level2] = marks.map((e) => seconds(registeredAt, e.at));
      assert.ok(warning! >= 1 && warning! < 2, `warning at ${warning} s`);
      assert.ok(breach! >= 2 && level1! >= 2, `breach at ${breach} s`);
      assert.ok(level2! >= 3, `level 2 at ${level2} s`);

      await waitFor(
        'four notifications',
        () => suite.webhook.aboutComplaint(complaintId).filter((n) => n.clock === 'acknowledge').length >= 4,
        10_000,
      );
      const notified = suite.webhook.aboutComplaint(complaintId).filter((n) => n.clock === 'acknowledge');
      assert.deepEqual(notified.map((n) => [n.event, n.recipient.role, n.recipient.person ?? null]).sort(), [
        ['ComplaintEscalated', 'department-manager', 'wang.dm'],
        ['ComplaintEscalated', 'team-lead', null],
        ['SlaBreached', 'owner', null],
        ['SlaWarningIssued', 'owner', null],
      ]);
    },
  );

  it.concurrent('stops a step clock and its escalation when the step is completed', async () => {
    const complaintId = randomUUID();
    const { handle } = await registerCase(suite.worker, complaintId, registration(complaintId, fast));
    await untilEvent(complaintId, (e) => e.type === 'SlaWarningIssued', 'the acknowledgement warning');
    await send(handle, steps.identify);
    // The case clock (4 s) breaching proves time went past the acknowledgement's 2 s and 3 s marks.
    await untilEvent(
      complaintId,
      (e) => e.type === 'SlaBreached' && (e.data as { clock: string }).clock === 'case',
      'the case clock breach',
    );
    const acknowledge = (await slaEvents(complaintId)).filter((e) => e.clock === 'acknowledge');
    assert.deepEqual(
      acknowledge.map((e) => e.type),
      ['SlaWarningIssued'],
    );
  });

  it.concurrent('pauses while waiting on the customer and resumes with the time already spent', async () => {
    const waiting = randomUUID();
    const sentinel = randomUUID();
    const { handle } = await registerCase(suite.worker, waiting, registration(waiting, fast));
    await send(handle, {
      command: { type: 'StartWaitingOnCustomer', data: { reason: 'Waiting for the failed seals' } },
      actor: 'li.wei',
    });
    await registerCase(suite.worker, sentinel, registration(sentinel, fast));
    // When a case registered after it has breached twice over, the waiting case has not moved.
    await untilEvent(
      sentinel,
      (e) => e.type === 'SlaBreached' && (e.data as { clock: string }).clock === 'case',
      'the sentinel case breach',
    );
    assert.deepEqual(await slaEvents(waiting), []);

    const resumed = await send(handle, {
      command: { type: 'StopWaitingOnCustomer', data: { note: 'Seals arrived' } },
      actor: 'li.wei',
    });
    const resumedAt = resumed.state.updatedAt;
    await untilEvent(waiting, (e) => e.type === 'SlaBreached', 'the breach after resuming');
    const breach = (await slaEvents(waiting)).find((e) => e.type === 'SlaBreached')!;
    assert.equal(breach.clock, 'acknowledge');
    const spentBeforeWaiting = seconds(
      resumed.state.registeredAt,
      resumed.state.sla.clocks.find((c) => c.id === 'acknowledge')!.startedAt,
    );
    assert.ok(
      seconds(resumedAt, breach.at) >= 2 - spentBeforeWaiting - 0.5,
      `breached ${seconds(resumedAt, breach.at)} s after resuming`,
    );
    assert.ok(seconds(resumed.state.registeredAt, breach.at) >= 4, 'the paused time did not count');
  });

  it.concurrent('re-plans the clocks when the severity changes, keeping the time spent', async () => {
    const complaintId = randomUUID();
    const policy = policyInSeconds(slow, {
      critical: { acknowledge: 'PT3S', case: 'PT1H', warningRatio: 0.5, escalation: ladder },
    });
    const { handle, snapshot } = await registerCase(suite.worker, complaintId, registration(complaintId, policy));
    assert.equal(snapshot.state.sla.clocks.find((c) => c.id === 'acknowledge')!.targetMs, 3_600_000);
    const changed = await send(handle, {
      command: { type: 'ChangeSeverity', data: { severity: 'critical', reason: 'Gas line' } },
      actor: 'sup.wang',
    });
    assert.equal(changed.state.sla.clocks.find((c) => c.id === 'acknowledge')!.targetMs, 3_000);
    await untilEvent(complaintId, (e) => e.type === 'SlaBreached', 'the breach under the new target');
    const breach = (await slaEvents(complaintId)).find((e) => e.type === 'SlaBreached')!;
    const sinceRegistration = seconds(snapshot.state.registeredAt, breach.at);
    assert.ok(
      sinceRegistration >= 3 && sinceRegistration < 10,
      `breached ${sinceRegistration} s after registration, by the critical 3 s target`,
    );
  });

  it.concurrent(
    'escalates by hand and shows step, owner, severity, supplier, due time and level to Temporal visibility',
    async () => {
      const complaintId = randomUUID();
      const { handle } = await registerCase(
        suite.worker,
        complaintId,
        registration(complaintId, policyInSeconds(slow)),
      );
      await send(handle, steps.identify);
      await send(handle, steps.analyse);
      const escalated = await send(handle, {
        command: { type: 'EscalateComplaint', data: { reason: 'Customer threatens to leave' } },
        actor: 'li.wei',
      });
      assert.equal(escalated.state.sla.manualLevel, 1);
      const query = `WorkflowId = '${complaintWorkflowId(complaintId)}' AND ComplaintStep = 'resolve' AND ComplaintOwner = 'li.wei' AND ComplaintSeverity = 'normal' AND SupplierId = 'sup-1' AND EscalationLevel = 1 AND SlaDueAt > '2000-01-01T00:00:00Z'`;
      await waitFor('the case in visibility', async () => {
        for await (const _ of suite.worker.client.workflow.list({ query })) return true;
        return false;
      });
      await waitFor(
        'the notification',
        () =>
          suite.webhook
            .aboutComplaint(complaintId)
            .some((n) => n.event === 'ComplaintEscalated' && n.recipient.role === 'team-lead'),
        10_000,
      );
    },
  );

  it.concurrent('reopens an archived case in a new run, for a supervisor only, and closes the loop again', async () => {
    const complaintId = randomUUID();
    const { handle } = await registerCase(suite.worker, complaintId, registration(complaintId, policyInSeconds(slow)));
    for (const step of [
      steps.identify,
      steps.analyse,
      steps.resolve,
      steps.verifyPasses,
      steps.satisfied,
      steps.archive,
    ])
      await send(handle, step);
    const firstRun = (await handle.result()) as ComplaintSnapshot;
    assert.equal(firstRun.state.status, 'archived');

    const reopen = async (roles: string[]): Promise<ComplaintSnapshot> =>
      snapshotAfter(
        suite.worker.client.workflow.getHandle(complaintWorkflowId(complaintId)),
        await suite.worker.client.workflow.executeUpdateWithStart(complaintEntity.updates.ReopenComplaint, {
          args: [
            {
              command: { type: 'ReopenComplaint', data: { returnTo: 'resolve', reason: 'Leak is back' } },
              actor: 'sup.wang',
              roles,
            } satisfies ComplaintRequest,
          ],
          startWorkflowOperation: new WithStartWorkflowOperation(complaintEntity.workflowType, {
            workflowId: complaintWorkflowId(complaintId),
            taskQueue: suite.worker.taskQueue,
            args: [{ complaintId, restore: true }],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          }),
        }),
      );
    await assert.rejects(reopen(['owner']), (error) => failureType(error) === 'not-permitted');
    const reopened = await reopen(['supervisor']);
    assert.equal(reopened.state.status === 'open' && reopened.state.step, 'resolve');
    assert.equal(reopened.revision, firstRun.revision + 1);

    const again = suite.worker.client.workflow.getHandle(complaintWorkflowId(complaintId));
    for (const step of [steps.resolve, steps.verifyPasses, steps.satisfied, steps.archive]) await send(again, step);
    const events = await eventsOf(complaintId);
    assert.deepEqual(
      events.filter((e) => e.type === 'ComplaintReopened').map((e) => (e.data as { trigger: string }).trigger),
      ['supervisor'],
    );
    assert.deepEqual(verifyChain(events), { intact: true, events: events.length });
    assert.equal(new Set(events.map((e) => e.metadata.runId)).size, 2);
  });

  it.concurrent('continues as new when the history grows long, keeping state and revision', async () => {
    const complaintId = randomUUID();
    const { handle } = await registerCase(suite.worker, complaintId, registration(complaintId, policyInSeconds(slow)), {
      maxHistoryLength: 40,
    });
    const firstRunId = (await handle.describe()).runId;
    for (let i = 0; i < 12; i++)
      await send(handle, { command: { type: 'AddComment', data: { text: `Note ${i}` } }, actor: 'li.wei' });
    await waitFor('a new run', async () => (await handle.describe()).runId !== firstRunId);
    const after = await send(handle, steps.identify);
    assert.equal(after.state.commentCount, 12, 'the count carried over into the new run');
    assert.equal(after.revision, 13);
    const events = await eventsOf(complaintId);
    assert.deepEqual(
      events.map((e) => e.revision),
      events.map((_, i) => i),
    );
    assert.ok(new Set(events.map((e) => e.metadata.runId)).size >= 2);
  });
});
