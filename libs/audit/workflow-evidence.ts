import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { causeKindOf } from '../contracts/causation.js';
import { canonicalJson, type StoredEvent } from '../event-store/index.js';
import type { CrossCheck, Discrepancy } from '../contracts/read-views.js';

/** An append a workflow run asked for, as its Temporal history recorded it. */
export type RecordedAppend = Readonly<{
  /** The history event that scheduled the `appendEvents` activity. */
  scheduledEventId: number;
  completed: boolean;
  streamId: string;
  events: readonly Readonly<{ id: string; type: string; data: unknown; causationId?: string }>[];
}>;

/** What one run's Temporal history says happened: the appends it made, the updates it accepted, the timers that fired. */
export type WorkflowEvidence = Readonly<{
  runId: string;
  appends: readonly RecordedAppend[];
  acceptedUpdateIds: ReadonlySet<string>;
  /** Event ids of the timers that fired, in order. */
  timersFiredAt: readonly number[];
  /** Event ids of the signals received, in order. */
  signalsAt: readonly number[];
}>;

type AppendInput = {
  streamId: string;
  events: { id: string; type: string; data: unknown; metadata?: { causationId?: string } }[];
};

/** Reads a run's history: independent of the event store, written by Temporal as the run went. */
export const workflowEvidenceOf = (runId: string, history: temporal.api.history.v1.IHistory): WorkflowEvidence => {
  const scheduled = new Map<number, Omit<RecordedAppend, 'completed'>>();
  const completed = new Set<number>();
  const acceptedUpdateIds = new Set<string>();
  const timersFiredAt: number[] = [];
  const signalsAt: number[] = [];
  for (const event of history.events ?? []) {
    const eventId = Number(event.eventId);
    const activity = event.activityTaskScheduledEventAttributes;
    if (activity?.activityType?.name === 'appendEvents') {
      const [input] = (activity.input?.payloads ?? []).map((payload) =>
        defaultPayloadConverter.fromPayload<AppendInput>(payload),
      );
      if (input) {
        scheduled.set(eventId, {
          scheduledEventId: eventId,
          streamId: input.streamId,
          events: input.events.map((e) => ({
            id: e.id,
            type: e.type,
            data: e.data,
            causationId: e.metadata?.causationId,
          })),
        });
      }
    }
    const done = event.activityTaskCompletedEventAttributes;
    if (done?.scheduledEventId !== undefined && done.scheduledEventId !== null)
      completed.add(Number(done.scheduledEventId));
    const updateId = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    if (updateId) acceptedUpdateIds.add(updateId);
    if (event.timerFiredEventAttributes) timersFiredAt.push(eventId);
    if (event.workflowExecutionSignaledEventAttributes) signalsAt.push(eventId);
  }
  return {
    runId,
    appends: [...scheduled.values()].map((append) => ({
      ...append,
      completed: completed.has(append.scheduledEventId),
    })),
    acceptedUpdateIds,
    timersFiredAt,
    signalsAt,
  };
};

/** One disagreement between the store and the workflow histories. */
/** Whether the history shows the event's cause before the append that wrote it; undefined when it does. */
const causeProblem = (
  cause: string | undefined,
  evidence: WorkflowEvidence,
  appendedAt: number,
): string | undefined => {
  if (!cause) return 'no cause recorded';
  const before = (eventIds: readonly number[]) => eventIds.some((id) => id < appendedAt);
  switch (causeKindOf(cause)) {
    case 'timer':
      return before(evidence.timersFiredAt) ? undefined : 'caused by a timer, but no timer fired before its append';
    case 'signal':
      return before(evidence.signalsAt) ? undefined : 'caused by a signal, but none was received before its append';
    case 'workflow':
      return undefined; // the workflow's own decision: the append in its history is the trace
    case 'update':
      return evidence.acceptedUpdateIds.has(cause)
        ? undefined
        : `its update ${cause} was never accepted by run ${evidence.runId}`;
  }
};

/**
 * Cross-checks a stream against the histories of the runs that wrote it:
 * every stored event must be what an `appendEvents` of its run carried (same
 * id, type and data), caused by an update that run accepted or a timer that
 * fired before it; every append a run completed must be in the store.
 * `histories` maps run ids to their evidence; a run missing from it is unverifiable.
 */
export const crossCheck = (
  events: readonly StoredEvent[],
  histories: ReadonlyMap<string, WorkflowEvidence>,
): CrossCheck => {
  const discrepancies: Discrepancy[] = [];
  const unverifiable: Discrepancy[] = [];
  let traced = 0;
  const stored = new Map(events.map((event) => [event.id, event]));
  for (const event of events) {
    const at = { revision: event.revision, eventId: event.id, type: event.type };
    const runId = event.metadata.runId;
    if (!runId) {
      unverifiable.push({ ...at, problem: 'no workflow run is named in its metadata' });
      continue;
    }
    const evidence = histories.get(runId);
    if (!evidence) {
      unverifiable.push({
        ...at,
        problem: `the history of run ${runId} is not available (past retention, or another namespace)`,
      });
      continue;
    }
    const append = evidence.appends.find((candidate) => candidate.events.some((e) => e.id === event.id));
    const recorded = append?.events.find((e) => e.id === event.id);
    if (!append || !recorded) {
      discrepancies.push({ ...at, problem: `run ${runId} never appended this event` });
      continue;
    }
    if (
      append.streamId !== event.streamId ||
      recorded.type !== event.type ||
      canonicalJson(recorded.data) !== canonicalJson(event.data)
    ) {
      discrepancies.push({ ...at, problem: 'differs from what the workflow appended (type, data or stream)' });
      continue;
    }
    const problem = causeProblem(event.metadata.causationId, evidence, append.scheduledEventId);
    if (problem) {
      discrepancies.push({ ...at, problem });
      continue;
    }
    traced++;
  }
  for (const evidence of histories.values()) {
    for (const append of evidence.appends.filter(
      (a) => a.completed && events.length > 0 && a.streamId === events[0]!.streamId,
    )) {
      for (const missing of append.events.filter((e) => !stored.has(e.id))) {
        discrepancies.push({
          eventId: missing.id,
          type: missing.type,
          problem: `appended by run ${evidence.runId} but missing from the store`,
        });
      }
    }
  }
  return { traced, unverifiable, discrepancies };
};
