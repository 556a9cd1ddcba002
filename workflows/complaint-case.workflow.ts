import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  complaintSnapshotQuery,
  complaintStreamId,
  complaintUpdates,
  noRevision,
  type ComplaintCaseInput,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type EventStoreActivities,
  type FailureType,
} from '../libs/contracts/index.js';
import {
  complaintCommandTypes,
  complaintDecider,
  DomainError,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintEvent,
  type ComplaintState,
} from '../libs/domain/index.js';
import { Serial } from './serial.js';

const { appendEvents } = proxyActivities<EventStoreActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { nonRetryableErrorTypes: ['revision-conflict', 'invalid-append'] satisfies FailureType[] },
});

/** How long a case whose registration was refused lingers before its workflow ends. */
const registrationGrace = '1 minute';

const refuse = (type: FailureType, message: string, details: Record<string, unknown> = {}): ApplicationFailure =>
  ApplicationFailure.create({ type, message, details: [details], nonRetryable: true });

/** The workflow that owns one complaint: the single writer of its stream. */
export async function complaintCase(input: ComplaintCaseInput): Promise<ComplaintSnapshot | null> {
  const streamId = complaintStreamId(input.complaintId);
  let state: ComplaintState = complaintDecider.initialState();
  let revision = noRevision;
  const serial = new Serial();

  const snapshot = (): ComplaintSnapshot | null => (state.status === 'unregistered' ? null : { state, revision });

  /** The events a request would cause now, or the failure that refuses it. */
  const decide = (request: ComplaintRequest, type: ComplaintCommandType): ComplaintEvent[] => {
    if (request?.command?.type !== type) {
      throw refuse('invalid-command', `Update ${type} carries a ${String(request?.command?.type)} command`);
    }
    if (request.expectedRevision !== undefined && request.expectedRevision !== revision) {
      throw refuse('revision-conflict', `The case is at revision ${revision}, not ${request.expectedRevision}`, {
        expectedRevision: request.expectedRevision,
        actualRevision: revision,
      });
    }
    try {
      // Time comes from the workflow's clock, the same clock its timers run on.
      const command = { ...request.command, metadata: { now: new Date().toISOString(), actor: request.actor } } as ComplaintCommand;
      return complaintDecider.decide(command, state);
    } catch (error) {
      // A plain Error would fail the workflow task and retry forever; a failure fails only this update.
      if (error instanceof DomainError) throw refuse(error.code, error.message, error.details);
      throw refuse('invalid-command', error instanceof Error ? error.message : String(error));
    }
  };

  const handle = async (request: ComplaintRequest, type: ComplaintCommandType): Promise<ComplaintSnapshot> => {
    const events = decide(request, type);
    const { workflowId, runId } = workflowInfo();
    const updateId = currentUpdateInfo()?.id;
    const appended = await appendEvents({
      streamId,
      expectedRevision: revision === noRevision ? 'no-stream' : revision,
      events: events.map((event) => ({
        id: uuid4(),
        type: event.type,
        data: event.data,
        metadata: { actor: request.actor, causationId: updateId, correlationId: updateId, workflowId, runId },
      })),
    });
    state = events.reduce(complaintDecider.evolve, state);
    revision = appended.nextExpectedRevision;
    return snapshot()!;
  };

  for (const type of complaintCommandTypes) {
    setHandler(complaintUpdates[type], (request) => serial.run(() => handle(request, type)), {
      validator: (request) => void decide(request, type),
    });
  }
  setHandler(complaintSnapshotQuery, snapshot);

  if (!(await condition(() => state.status !== 'unregistered', registrationGrace))) return null;
  await condition(() => state.status === 'archived' && allHandlersFinished());
  return snapshot();
}
