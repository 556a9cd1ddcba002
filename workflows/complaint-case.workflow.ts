import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  complaintAttributedSignal,
  causedBy,
  type Cause,
  complaintSearchAttributeValues,
  supplierWorkflowId,
  complaintSnapshotQuery,
  complaintStreamId,
  complaintUpdates,
  complaintUpdateTypes,
  noRevision,
  type ComplaintCaseInput,
  type ComplaintNotification,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type EventStoreActivities,
} from '../libs/contracts/index.js';
import {
  complaintDecider,
  fold,
  nextMarkAt,
  numberingYear,
  slaActor,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintEvent,
  type ComplaintState,
  type RegisteredComplaint,
} from '../libs/domain/index.js';
import { answerTo, EventSourcedEntity, FollowUps, refuse, updateCause } from './event-sourced-entity.js';

/** Like the append (event-sourced-entity.ts), a read of an unreachable store is tried again at least every 5 seconds. */
const { readStream, assignCaseNumber } = proxyActivities<EventStoreActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '5 seconds' },
});

/** The notification an SLA or escalation event calls for, if any. */
const notificationOf = (state: RegisteredComplaint, event: ComplaintEvent): ComplaintNotification | undefined => {
  const base = {
    complaintId: state.id,
    severity: state.severity,
    step: state.status === 'open' ? state.step : undefined,
    at: event.data.at,
  };
  const owner = { role: 'owner', person: state.owner };
  switch (event.type) {
    case 'SlaWarningIssued':
      return {
        ...base,
        event: event.type,
        recipient: owner,
        clock: event.data.clock,
        dueAt: event.data.dueAt,
        reason: `${event.data.clock} clock due at ${event.data.dueAt}`,
      };
    case 'SlaBreached':
      return {
        ...base,
        event: event.type,
        recipient: owner,
        clock: event.data.clock,
        dueAt: event.data.dueAt,
        reason: `${event.data.clock} clock passed its target at ${event.data.dueAt}`,
      };
    case 'ComplaintEscalated': {
      const { level, role, person, reason } = event.data;
      const clock = event.data.trigger === 'sla' ? { clock: event.data.clock, dueAt: event.data.dueAt } : {};
      return { ...base, event: event.type, recipient: { role, person }, level, reason, ...clock };
    }
    default:
      return undefined;
  }
};

/** Runs carried over before the case counted its notes held them as a list: the count is all the case keeps now. */
const countedComments = (state: RegisteredComplaint): RegisteredComplaint => {
  const { comments, ...rest } = state as RegisteredComplaint & { comments?: readonly unknown[] };
  return comments === undefined ? state : ({ ...rest, commentCount: comments.length } as RegisteredComplaint);
};

/** The workflow that owns one complaint: the single writer of its stream, and the keeper of its clocks. */
export async function complaintCase(input: ComplaintCaseInput): Promise<ComplaintSnapshot | null> {
  const entity = new EventSourcedEntity<ComplaintCommand, ComplaintEvent, ComplaintState>(
    complaintDecider,
    complaintStreamId(input.complaintId),
    input.carried ? countedComments(input.carried.state) : complaintDecider.initialState(),
    input.carried?.revision ?? noRevision,
  );
  /** A restored run knows nothing until it has read the case from the store. */
  let loaded = !input.restore;
  /** Notifications and signals under way; the run waits for them before it ends. */
  const followUps = new FollowUps();

  const snapshot = (): ComplaintSnapshot | null =>
    entity.state.status === 'unregistered' ? null : { state: entity.state, revision: entity.revision };

  /** Tells whoever must hear of an event: people by notification, a supplier's cycle by signal. */
  const followUp = (state: ComplaintState, event: ComplaintEvent): void => {
    if (state.status === 'unregistered') return;
    const notification = notificationOf(state, event);
    if (notification) followUps.notify(notification);
    const party = event.type === 'ComplaintAnalysed' ? event.data.responsibleParty : undefined;
    // Cases recorded before suppliers had cycles did not signal; their histories must replay as they ran.
    if (party?.type === 'supplier' && patched('supplier-attribution')) {
      // A supplier not (yet) registered has no cycle to count the complaint: the signal fails and nothing else does.
      followUps.track(
        getExternalWorkflowHandle(supplierWorkflowId(party.supplierId)).signal(complaintAttributedSignal, {
          complaintId: state.id,
          severity: state.severity,
        }),
      );
    }
  };
  const record = async (
    request: ComplaintRequest,
    type: ComplaintCommandType,
    cause: Cause | undefined,
  ): Promise<number> => {
    const recorded = await entity.record(request, type, cause, followUp);
    if (recorded > 0 && entity.state.status !== 'unregistered')
      // Runs that began before levels were held showed the level that fell with each step; they replay so.
      entity.showInVisibility(complaintSearchAttributeValues(entity.state, patched('held-escalation-level')));
    return recorded;
  };

  /**
   * A registration the case would take gets the next number of its year
   * first. Cases that registered before numbers replay without the activity.
   */
  const numbered = async (request: ComplaintRequest): Promise<ComplaintRequest> => {
    const { command } = request;
    if (command.type !== 'RegisterComplaint' || entity.state.status !== 'unregistered') return request;
    entity.decide(request, 'RegisterComplaint');
    if (!patched('case-numbers')) return request;
    const year = numberingYear(new Date().toISOString(), command.data.slaPolicy.calendar?.timeZone);
    const number = await assignCaseNumber({ complaintId: command.data.complaintId, year });
    return { ...request, command: { ...command, data: { ...command.data, number } } };
  };

  const handle = async (request: ComplaintRequest, type: ComplaintCommandType): Promise<ComplaintSnapshot> => {
    await condition(() => loaded);
    await record(await numbered(request), type, updateCause());
    const current = snapshot();
    if (!current) throw refuse('case-not-registered', 'No such complaint');
    return answerTo(request, current);
  };

  for (const type of complaintUpdateTypes) {
    setHandler(complaintUpdates[type], (request) => entity.serial.run(() => handle(request, type)), {
      // Until a restored run has read its case, the handler decides once it has.
      validator: (request) => void (loaded && entity.validate(request, type)),
    });
  }
  setHandler(complaintSnapshotQuery, snapshot);

  if (input.restore) {
    const stored = await readStream({ streamId: complaintStreamId(input.complaintId) });
    entity.state = fold(complaintDecider, stored.events as ComplaintEvent[]);
    entity.revision = stored.revision;
    loaded = true;
  }

  if (!(await entity.registration((state) => state.status !== 'unregistered'))) return null;

  const historyTooLong = (): boolean =>
    workflowInfo().continueAsNewSuggested ||
    (input.maxHistoryLength !== undefined && workflowInfo().historyLength >= input.maxHistoryLength);

  // Handlers change the state while this loop awaits, so it asks afresh each time.
  const openCase = (): RegisteredComplaint | undefined => (entity.state.status === 'open' ? entity.state : undefined);
  for (;;) {
    const open = openCase();
    if (open) {
      if (historyTooLong()) break;
      const nextMark = nextMarkAt(open.sla, open.severity);
      await entity.untilChangeOrDeadline(nextMark, async () => {
        const check: ComplaintRequest = { command: { type: 'CheckSlaClocks', data: {} }, actor: slaActor };
        return (await record(check, 'CheckSlaClocks', causedBy.slaTimer(nextMark!))) > 0;
      });
      continue;
    }
    // Closed: end once no step is still being handled, unless one of them reopened the case.
    await condition(allHandlersFinished);
    if (!openCase()) break;
  }

  await followUps.settle();
  if (openCase()) {
    return continueAsNew<typeof complaintCase>({
      complaintId: input.complaintId,
      carried: snapshot()!,
      maxHistoryLength: input.maxHistoryLength,
    });
  }
  return snapshot();
}
