import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  complaintSearchAttributeValues,
  complaintSnapshotQuery,
  complaintStreamId,
  complaintUpdates,
  noRevision,
  type ComplaintCaseInput,
  type ComplaintNotification,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type EventStoreActivities,
  type FailureType,
  type NotificationActivities,
} from '../libs/contracts/index.js';
import {
  complaintCommandTypes,
  complaintDecider,
  DomainError,
  fold,
  nextMarkAt,
  slaActor,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintEvent,
  type ComplaintState,
  type RegisteredComplaint,
} from '../libs/domain/index.js';
import { Serial } from './serial.js';

const { appendEvents, readStream } = proxyActivities<EventStoreActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { nonRetryableErrorTypes: ['revision-conflict', 'invalid-append'] satisfies FailureType[] },
});

/** Telling people is best effort: a webhook down for half an hour must not hold the case. */
const { notify } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 10, maximumInterval: '5 minutes' },
});

/** How long a case whose registration was refused lingers before its workflow ends. */
const registrationGrace = '1 minute';

const refuse = (type: FailureType, message: string, details: Record<string, unknown> = {}): ApplicationFailure =>
  ApplicationFailure.create({ type, message, details: [details], nonRetryable: true });

/** The notification an SLA or escalation event calls for, if any. */
const notificationOf = (state: RegisteredComplaint, event: ComplaintEvent): ComplaintNotification | undefined => {
  const base = { complaintId: state.id, severity: state.severity, step: state.status === 'open' ? state.step : undefined, at: event.data.at };
  const owner = { role: 'owner', person: state.owner };
  switch (event.type) {
    case 'SlaWarningIssued':
      return { ...base, event: event.type, recipient: owner, clock: event.data.clock, dueAt: event.data.dueAt, reason: `${event.data.clock} clock due at ${event.data.dueAt}` };
    case 'SlaBreached':
      return { ...base, event: event.type, recipient: owner, clock: event.data.clock, dueAt: event.data.dueAt, reason: `${event.data.clock} clock passed its target at ${event.data.dueAt}` };
    case 'ComplaintEscalated': {
      const { level, role, person, reason } = event.data;
      const clock = event.data.trigger === 'sla' ? { clock: event.data.clock, dueAt: event.data.dueAt } : {};
      return { ...base, event: event.type, recipient: { role, person }, level, reason, ...clock };
    }
    default:
      return undefined;
  }
};

/** The workflow that owns one complaint: the single writer of its stream, and the keeper of its clocks. */
export async function complaintCase(input: ComplaintCaseInput): Promise<ComplaintSnapshot | null> {
  const streamId = complaintStreamId(input.complaintId);
  let state: ComplaintState = input.carried?.state ?? complaintDecider.initialState();
  let revision = input.carried?.revision ?? noRevision;
  /** A restored run knows nothing until it has read the case from the store. */
  let loaded = !input.restore;
  let shownAttributes = '';
  const serial = new Serial();
  const notifications = new Set<Promise<void>>();

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
      const metadata = { now: new Date().toISOString(), actor: request.actor, roles: request.roles ?? [] };
      return complaintDecider.decide({ ...request.command, metadata } as ComplaintCommand, state);
    } catch (error) {
      // A plain Error would fail the workflow task and retry forever; a failure fails only this update.
      if (error instanceof DomainError) throw refuse(error.code, error.message, error.details);
      throw refuse('invalid-command', error instanceof Error ? error.message : String(error));
    }
  };

  const showInVisibility = (current: RegisteredComplaint): void => {
    const values = complaintSearchAttributeValues(current);
    const shown = JSON.stringify(values.map(({ key, value }) => [key.name, value]));
    if (shown === shownAttributes) return;
    upsertSearchAttributes(values);
    shownAttributes = shown;
  };

  /** Appends what `request` decides, folds it in, and tells whoever must hear of it. */
  const record = async (request: ComplaintRequest, type: ComplaintCommandType, causationId: string | undefined): Promise<number> => {
    const events = decide(request, type);
    if (events.length === 0) return 0;
    const { workflowId, runId } = workflowInfo();
    const appended = await appendEvents({
      streamId,
      expectedRevision: revision === noRevision ? 'no-stream' : revision,
      events: events.map((event) => ({
        id: uuid4(),
        type: event.type,
        data: event.data,
        metadata: { actor: request.actor, causationId, correlationId: causationId, workflowId, runId },
      })),
    });
    for (const event of events) {
      state = complaintDecider.evolve(state, event);
      const notification = state.status !== 'unregistered' ? notificationOf(state, event) : undefined;
      if (notification) {
        const sent = notify(notification).catch(() => undefined);
        notifications.add(sent);
        void sent.then(() => notifications.delete(sent));
      }
    }
    revision = appended.nextExpectedRevision;
    if (state.status !== 'unregistered') showInVisibility(state);
    return events.length;
  };

  const handle = async (request: ComplaintRequest, type: ComplaintCommandType): Promise<ComplaintSnapshot> => {
    await condition(() => loaded);
    await record(request, type, currentUpdateInfo()?.id);
    const current = snapshot();
    if (!current) throw refuse('case-not-registered', 'No such complaint');
    return current;
  };

  for (const type of complaintCommandTypes) {
    if (type === 'CheckSlaClocks') continue; // the case's own timer asks that, nobody else
    setHandler(complaintUpdates[type], (request) => serial.run(() => handle(request, type)), {
      // Until a restored run has read its case, the handler decides once it has.
      validator: (request) => void (loaded && decide(request, type)),
    });
  }
  setHandler(complaintSnapshotQuery, snapshot);

  if (input.restore) {
    const stored = await readStream({ streamId });
    state = fold(complaintDecider, stored.events as ComplaintEvent[]);
    revision = stored.revision;
    loaded = true;
  }

  if (!(await condition(() => state.status !== 'unregistered', registrationGrace))) return null;

  const historyTooLong = (): boolean =>
    workflowInfo().continueAsNewSuggested || (input.maxHistoryLength !== undefined && workflowInfo().historyLength >= input.maxHistoryLength);

  // Handlers change `state` while this loop awaits, so it asks afresh each time.
  const isOpen = (): boolean => state.status === 'open';
  /** Should a timer ever wake to find nothing due (a calendar edge), the next one waits a second rather than spin. */
  let shortestWait = 1;
  for (;;) {
    if (isOpen()) {
      if (historyTooLong()) break;
      const seen = revision;
      const open = state as RegisteredComplaint;
      const nextMark = nextMarkAt(open.sla, open.severity);
      const untilMark = nextMark === undefined ? undefined : Math.max(shortestWait, Date.parse(nextMark) - Date.now());
      const changed = untilMark === undefined ? (await condition(() => revision !== seen), true) : await condition(() => revision !== seen, untilMark);
      if (!changed) {
        const timer = `sla-timer:${nextMark}`;
        const recorded = await serial.run(() => record({ command: { type: 'CheckSlaClocks', data: {} }, actor: slaActor }, 'CheckSlaClocks', timer));
        shortestWait = recorded === 0 ? 1000 : 1;
      }
      continue;
    }
    // Closed: end once no step is still being handled, unless one of them reopened the case.
    await condition(allHandlersFinished);
    if (!isOpen()) break;
  }

  await condition(allHandlersFinished);
  await Promise.all(notifications);
  if (isOpen()) {
    return continueAsNew<typeof complaintCase>({ complaintId: input.complaintId, carried: snapshot()!, maxHistoryLength: input.maxHistoryLength });
  }
  return snapshot();
}
