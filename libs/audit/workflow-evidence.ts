import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { recordedCauseOf, type CauseKind } from '../contracts/causation.js';
import { canonicalJson, type EventMetadata, type StoredEvent } from '../event-store/index.js';
import type { CrossCheck, Discrepancy } from '../contracts/read-views.js';

/** One event as an `appendEvents` activity carried it. */
export type RecordedEvent = Readonly<{
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  schemaVersion: number;
}>;

/** An append a workflow run asked for, as its Temporal history recorded it. */
export type RecordedAppend = Readonly<{
  /** The history event that scheduled the `appendEvents` activity. */
  scheduledEventId: number;
  /** When it was scheduled, and when it closed (completed, failed or timed out): the store wrote its events in between. */
  scheduledAt: number;
  closedAt?: number;
  completed: boolean;
  streamId: string;
  /** The revision its first event must take: every event's place in the stream is pinned by the append that wrote it. */
  firstRevision: number;
  events: readonly RecordedEvent[];
}>;

/** What one run's Temporal history says happened: the appends it made, the updates it accepted, the timers that fired. */
export type WorkflowEvidence = Readonly<{
  runId: string;
  workflowId: string;
  /** When the run started: runs of one workflow id follow each other, so this orders them. */
  startedAt: number;
  appends: readonly RecordedAppend[];
  acceptedUpdateIds: ReadonlySet<string>;
  /** Event ids of the timers that fired, in order. */
  timersFiredAt: readonly number[];
  /** Event ids of the signals received, in order. */
  signalsAt: readonly number[];
  /** Where each mail activity ended (sent, or failed for good), by the id of the event that called for it. */
  mailsEnded?: ReadonlyMap<string, number>;
}>;

type AppendInput = {
  streamId: string;
  expectedRevision: number | 'no-stream' | 'any';
  events: { id: string; type: string; data: unknown; metadata?: EventMetadata; schemaVersion?: number }[];
};

const millisOf = (time: temporal.api.history.v1.IHistoryEvent['eventTime']): number =>
  time ? Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : 0;

/** Reads a run's history: independent of the event store, written by Temporal as the run went. */
export const workflowEvidenceOf = (
  runId: string,
  history: temporal.api.history.v1.IHistory,
  workflowId = '',
): WorkflowEvidence => {
  const scheduled = new Map<number, Omit<RecordedAppend, 'completed'>>();
  const closed = new Map<number, { at: number; completed: boolean }>();
  const acceptedUpdateIds = new Set<string>();
  const timersFiredAt: number[] = [];
  const signalsAt: number[] = [];
  const mailsScheduled = new Map<number, string>();
  const mailsEnded = new Map<string, number>();
  let startedAt = Number.NaN;
  for (const event of history.events ?? []) {
    const eventId = Number(event.eventId);
    const at = millisOf(event.eventTime);
    if (event.workflowExecutionStartedEventAttributes) startedAt = at;
    const activity = event.activityTaskScheduledEventAttributes;
    if (activity?.activityType?.name === 'mail') {
      const [notice] = (activity.input?.payloads ?? []).map((payload) =>
        defaultPayloadConverter.fromPayload<{ causeId?: string }>(payload),
      );
      if (typeof notice?.causeId === 'string') mailsScheduled.set(eventId, notice.causeId);
    }
    if (activity?.activityType?.name === 'appendEvents') {
      const [input] = (activity.input?.payloads ?? []).map((payload) =>
        defaultPayloadConverter.fromPayload<AppendInput>(payload),
      );
      if (input) {
        scheduled.set(eventId, {
          scheduledEventId: eventId,
          scheduledAt: at,
          streamId: input.streamId,
          firstRevision: typeof input.expectedRevision === 'number' ? input.expectedRevision + 1 : 0,
          events: input.events.map((e) => ({
            id: e.id,
            type: e.type,
            data: e.data,
            metadata: e.metadata ?? {},
            schemaVersion: e.schemaVersion ?? 1,
          })),
        });
      }
    }
    const ended =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes;
    if (ended?.scheduledEventId !== undefined && ended.scheduledEventId !== null) {
      closed.set(Number(ended.scheduledEventId), { at, completed: !!event.activityTaskCompletedEventAttributes });
      const causeId = mailsScheduled.get(Number(ended.scheduledEventId));
      // Each attempt's failure but the last is not in the history: the event that closes it is the end.
      if (causeId !== undefined && !mailsEnded.has(causeId)) mailsEnded.set(causeId, eventId);
    }
    const updateId = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    if (updateId) acceptedUpdateIds.add(updateId);
    if (event.timerFiredEventAttributes) timersFiredAt.push(eventId);
    if (event.workflowExecutionSignaledEventAttributes) signalsAt.push(eventId);
  }
  return {
    runId,
    workflowId,
    startedAt,
    appends: [...scheduled.values()].map((append) => {
      const end = closed.get(append.scheduledEventId);
      return { ...append, closedAt: end?.at, completed: end?.completed ?? false };
    }),
    acceptedUpdateIds,
    timersFiredAt,
    signalsAt,
    mailsEnded,
  };
};

/**
 * How far the store's clock (the worker's, which stamps `recordedAt`) may
 * stand from Temporal's: machines of one deployment keep time by NTP, well
 * within this.
 */
export const clockToleranceMs = 5000;

/** Whether the history shows a cause of this kind before the append that wrote the event. */
const causeSeen = (kind: CauseKind, id: string, evidence: WorkflowEvidence, appendedAt: number): boolean => {
  const before = (eventIds: readonly number[]) => eventIds.some((eventId) => eventId < appendedAt);
  switch (kind) {
    case 'timer':
      return before(evidence.timersFiredAt);
    case 'signal':
      return before(evidence.signalsAt);
    case 'workflow':
      return true; // the workflow's own decision: the append in its history is the trace
    case 'update':
      return evidence.acceptedUpdateIds.has(id);
    case 'activity': {
      // `mail:<id of the event that called for it>`: that very activity ended before the append.
      const ended = id.startsWith('mail:') ? evidence.mailsEnded?.get(id.slice('mail:'.length)) : undefined;
      return ended !== undefined && ended < appendedAt;
    }
  }
};

/** Why the event's cause does not hold, or undefined when it does. */
const causeProblem = (event: StoredEvent, evidence: WorkflowEvidence, appendedAt: number): string | undefined => {
  const cause = recordedCauseOf(event.metadata);
  if (!cause) return 'no cause recorded';
  if (cause.kinds.some((kind) => causeSeen(kind, cause.id, evidence, appendedAt))) return undefined;
  return cause.kinds.length === 1 && cause.kinds[0] === 'update'
    ? `its update ${cause.id} was never accepted by run ${evidence.runId}`
    : `caused by ${cause.kinds.join(' or ')} ${cause.id}, but run ${evidence.runId} shows none before its append`;
};

/** Where an event stands in the order its workflow appended: run by run, append by append, event by event. */
type Placement = Readonly<{ run: number; scheduledEventId: number; index: number }>;
const isAfter = (a: Placement, b: Placement): boolean =>
  a.run !== b.run
    ? a.run > b.run
    : a.scheduledEventId !== b.scheduledEventId
      ? a.scheduledEventId > b.scheduledEventId
      : a.index > b.index;

/**
 * Cross-checks a stream against the histories of every run of its workflow
 * (each verdict is the store's word against Temporal's):
 * - every stored event must be what an `appendEvents` of some run carried:
 *   the same id, stream, type, data and metadata (actor, cause, run), with
 *   its `recordedAt` inside that activity's window and its cause in the
 *   history before the append;
 * - the stream's order must be the order the runs appended in;
 * - an event that no history holds is tampered with when the run that was
 *   going at its time is still kept, and unverifiable only when that run's
 *   history is past retention;
 * - every append a run completed must be in the store.
 */
export const crossCheck = (
  events: readonly StoredEvent[],
  histories: ReadonlyMap<string, WorkflowEvidence>,
  now = Date.now(),
  /** Revisions the store could not read (a damaged page): their events are not missing, they are unreadable. */
  unreadableRevisions: readonly number[] = [],
): CrossCheck => {
  const unreadable = new Set(unreadableRevisions);
  const discrepancies: Discrepancy[] = [];
  const unverifiable: Discrepancy[] = [];
  let traced = 0;
  const runs = [...histories.values()].sort((a, b) => a.startedAt - b.startedAt);
  const found = new Map<string, { evidence: WorkflowEvidence; append: RecordedAppend; run: number; index: number }>();
  runs.forEach((evidence, run) => {
    for (const append of evidence.appends) {
      append.events.forEach((recorded, index) => found.set(recorded.id, { evidence, append, run, index }));
    }
  });
  const stored = new Set(events.map((event) => event.id));
  let previous: { placement: Placement; recordedAt: number } | undefined;
  for (const event of events) {
    const at = { revision: event.revision, eventId: event.id, type: event.type };
    const recordedAt = Date.parse(event.recordedAt);
    const where = found.get(event.id);
    if (!where) {
      // Runs of one workflow id follow each other: the one going at the event's time is the last started before it
      // (given the clocks' benefit of the doubt: the run before a continue-as-new ends a moment before the next starts).
      const going = runs.filter((evidence) => evidence.startedAt <= recordedAt - clockToleranceMs).at(-1);
      if (going)
        discrepancies.push({
          ...at,
          problem: `no run appended this event, yet run ${going.runId}, going at its time, is kept`,
        });
      else if (previous && recordedAt < previous.recordedAt)
        discrepancies.push({ ...at, problem: 'recorded before the event that precedes it' });
      else
        unverifiable.push({
          ...at,
          problem: 'the history of the run that wrote it is past retention, or was never kept',
        });
      continue;
    }
    const { evidence, append, run, index } = where;
    const recorded = append.events[index]!;
    const placement: Placement = { run, scheduledEventId: append.scheduledEventId, index };
    const problems = [
      append.streamId !== event.streamId ||
      recorded.type !== event.type ||
      canonicalJson(recorded.data) !== canonicalJson(event.data)
        ? 'differs from what the workflow appended (type, data or stream)'
        : undefined,
      canonicalJson(recorded.metadata) !== canonicalJson(event.metadata) ||
      event.schemaVersion !== recorded.schemaVersion
        ? `its metadata (actor, cause, run, schema) differs from what run ${evidence.runId} appended`
        : undefined,
      event.revision !== append.firstRevision + index
        ? `stored at revision ${event.revision}, but its append put it at ${append.firstRevision + index}: events were inserted or removed before it`
        : undefined,
      recordedAt < append.scheduledAt - clockToleranceMs || recordedAt > (append.closedAt ?? now) + clockToleranceMs
        ? `recorded at ${event.recordedAt}, outside the append that wrote it (${new Date(append.scheduledAt).toISOString()} to ${append.closedAt === undefined ? 'now' : new Date(append.closedAt).toISOString()})`
        : undefined,
      previous && !isAfter(placement, previous.placement)
        ? 'out of the order in which its workflow appended it'
        : undefined,
      causeProblem(event, evidence, append.scheduledEventId),
    ].filter((problem): problem is string => problem !== undefined);
    previous = { placement, recordedAt };
    if (problems.length > 0) discrepancies.push({ ...at, problem: problems.join('; ') });
    else traced++;
  }
  const streamId = events[0]?.streamId;
  for (const evidence of runs) {
    for (const append of evidence.appends.filter((a) => a.completed && a.streamId === streamId)) {
      const lost = append.events.filter(
        (e, index) => !stored.has(e.id) && !unreadable.has(append.firstRevision + index),
      );
      for (const missing of lost) {
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
