import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  complaintStreamId,
  complaintWorkflowId,
  type ComplaintRequest,
  type ComplaintSnapshot,
} from '../../libs/contracts/index.js';
import { PgliteDatabase, SqlEventStore, verifyChain, type EventStore } from '../../libs/event-store/index.js';
import { registerCase, registration, send, steps } from '../support/complaint-requests.js';
import { startTestWorker, type TestWorker } from '../support/temporal.js';

const failureType = (error: unknown): string | undefined =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
    ? (error.cause.type ?? undefined)
    : undefined;

describe('complaint case workflow (real Temporal dev server)', () => {
  let store: EventStore;
  let worker: TestWorker;

  beforeAll(async () => {
    store = await SqlEventStore.open(await PgliteDatabase.open());
    worker = await startTestWorker(store);
  });
  afterAll(async () => {
    await worker?.stop();
    await store?.close();
  });

  const register = (complaintId = randomUUID()) => registerCase(worker, complaintId, registration(complaintId));

  it('registers a case with Update-with-Start and appends the event', async () => {
    const { complaintId, snapshot } = await register();
    assert.equal(snapshot.revision, 0);
    assert.equal(snapshot.state.status === 'open' && snapshot.state.step, 'identify');
    const events = await store.readStream(complaintStreamId(complaintId));
    assert.deepEqual(
      events.map((e) => e.type),
      ['ComplaintRegistered'],
    );
    assert.equal(events[0]!.metadata.workflowId, complaintWorkflowId(complaintId));
    assert.equal(events[0]!.metadata.actor, 'desk');
  });

  it('rejects a step that is not current in the validator: nothing reaches history or the store', async () => {
    const { complaintId, handle } = await register();
    await assert.rejects(
      send(handle, steps.analyse, 'wrong-step'),
      (error) => failureType(error) === 'step-not-current',
    );
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    assert.deepEqual(
      accepted
        .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId)
        .filter((id) => id === 'wrong-step'),
      [],
    );
    assert.equal((await store.readStream(complaintStreamId(complaintId))).length, 1);
  });

  it('refuses a stale expected revision with revision-conflict', async () => {
    const { handle } = await register();
    await assert.rejects(
      send(handle, { ...steps.identify, expectedRevision: 7 }),
      (error) => failureType(error) === 'revision-conflict',
    );
    const snapshot = await send(handle, { ...steps.identify, expectedRevision: 0 });
    assert.equal(snapshot.revision, 1);
  });

  it('runs the whole loop, back through a failed verification and an unsatisfied customer, to archive', async () => {
    const { complaintId, handle } = await register();
    const stepAfter = async (request: ComplaintRequest) => {
      const snapshot = await send(handle, request);
      return snapshot.state.status === 'open' ? snapshot.state.step : snapshot.state.status;
    };
    assert.equal(await stepAfter(steps.identify), 'analyse');
    assert.equal(await stepAfter(steps.analyse), 'resolve');
    assert.equal(await stepAfter(steps.resolve), 'verify');
    assert.equal(await stepAfter(steps.verifyFails), 'analyse');
    assert.equal(await stepAfter(steps.analyse), 'resolve');
    assert.equal(await stepAfter(steps.resolve), 'verify');
    assert.equal(await stepAfter(steps.verifyPasses), 'feedback');
    assert.equal(await stepAfter(steps.unsatisfied), 'analyse');
    assert.equal(await stepAfter(steps.analyse), 'resolve');
    assert.equal(await stepAfter(steps.resolve), 'verify');
    assert.equal(await stepAfter(steps.verifyPasses), 'feedback');
    assert.equal(await stepAfter(steps.satisfied), 'archive');
    assert.equal(await stepAfter(steps.archive), 'archived');

    const result = (await handle.result()) as ComplaintSnapshot;
    assert.equal(result.state.status, 'archived');
    const events = await store.readStream(complaintStreamId(complaintId));
    assert.deepEqual(
      events.map((e) => e.revision),
      events.map((_, i) => i),
    );
    assert.equal(result.revision, events.length - 1);
    assert.equal(events.filter((e) => e.type === 'ComplaintReopened').length, 2);
    assert.deepEqual(verifyChain(events), { intact: true, events: events.length });
  });

  it('does a retried update (same update id) once', async () => {
    const { complaintId, handle } = await register();
    const first = await send(handle, steps.identify, 'identify-once');
    const again = await send(handle, steps.identify, 'identify-once');
    assert.deepEqual(again, first);
    assert.equal((await store.readStream(complaintStreamId(complaintId))).length, 2);
  });

  it('lets only one of two concurrent identical steps through', async () => {
    const { complaintId, handle } = await register();
    const outcomes = await Promise.allSettled([send(handle, steps.identify), send(handle, steps.identify)]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.equal(failureType(refused.reason), 'step-not-current');
    assert.deepEqual(
      (await store.readStream(complaintStreamId(complaintId))).map((e) => e.type),
      ['ComplaintRegistered', 'ComplaintIdentified'],
    );
  });

  it('fails only the request whose text the store cannot hold: the case takes the next one', async () => {
    const { complaintId, handle } = await register();
    const note = (text: string): ComplaintRequest => ({
      command: { type: 'AddComment', data: { text } },
      actor: 'li.wei',
    });
    for (const text of ['nul \u0000 here', 'half a pair \ud800']) {
      await assert.rejects(send(handle, note(text)), (error) => failureType(error) === 'invalid-append');
    }
    const after = await send(handle, steps.identify);
    assert.equal(after.revision, 1);
    assert.deepEqual(
      (await store.readStream(complaintStreamId(complaintId))).map((e) => e.type),
      ['ComplaintRegistered', 'ComplaintIdentified'],
    );
  });

  it('records evidence through its Update, once for a retried upload, and retracts it', async () => {
    const { complaintId, handle } = await register();
    const attach: ComplaintRequest = {
      command: {
        type: 'AttachEvidence',
        data: {
          evidenceId: 'ev-1',
          sha256: 'c'.repeat(64),
          size: 1234,
          mediaType: 'application/pdf',
          fileName: 'test-report.pdf',
        },
      },
      actor: 'li.wei',
    };
    await send(handle, attach);
    const retried = await send(handle, attach);
    assert.equal(retried.revision, 1, 'the same evidence again records nothing');
    await send(handle, {
      command: { type: 'RetractEvidence', data: { evidenceId: 'ev-1', reason: 'Belongs to another case' } },
      actor: 'li.wei',
    });
    assert.deepEqual(
      (await store.readStream(complaintStreamId(complaintId))).map((e) => e.type),
      ['ComplaintRegistered', 'EvidenceAttached', 'EvidenceRetracted'],
    );
  });
});
