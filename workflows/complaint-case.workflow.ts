import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import {
  complaintAttributedSignal,
  causedBy,
  complaintEntity,
  complaintSearchAttributeValues,
  supplierWorkflowId,
  type ComplaintCaseInput,
  type ComplaintNotification,
  type ComplaintRequest,
  type ComplaintSnapshot,
  type EventStoreActivities,
  type MailNotice,
} from '../libs/contracts/index.js';
import {
  complaintDecider,
  fold,
  nextMarkAt,
  numberingYear,
  slaActor,
  type ComplaintEvent,
  type MailTemplate,
  type RegisteredComplaint,
} from '../libs/domain/index.js';
import { EntityWorkflow } from './entity-workflow.js';
import type { FollowUps } from './event-sourced-entity.js';

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

/** The e-mail an event calls for, if any: to staff of what is theirs to do, to the customer of where their complaint stands. */
const mailOf = (
  state: RegisteredComplaint,
  event: ComplaintEvent,
  causeId: string,
  forMail: ComplaintRequest['forMail'],
): MailNotice | undefined => {
  const about = { complaintId: state.id };
  const values = { number: state.number ?? state.id, title: state.title, severity: state.severity };
  const notice = (template: MailTemplate, to: MailNotice['to'], more: MailNotice['values'] = {}): MailNotice => ({
    causeId,
    template,
    to,
    about,
    values: { ...values, ...more },
  });
  const owner = { staff: { role: 'owner', person: state.owner } };
  switch (event.type) {
    case 'ComplaintRegistered':
      return notice('acknowledgement', { customer: state.customer });
    case 'ComplaintIdentified':
    case 'ComplaintReassigned':
      // Nobody is told of what they did themselves.
      return state.owner && state.owner !== event.data.by ? notice('assigned', owner) : undefined;
    case 'SlaWarningIssued':
    case 'SlaBreached': {
      const { clock, dueAt } = event.data;
      // A case nobody owns yet is in the inbox for all to see; its escalation reaches the ladder.
      if (!state.owner) return undefined;
      return notice(event.type === 'SlaWarningIssued' ? 'sla-warning' : 'sla-breached', owner, { clock, dueAt });
    }
    case 'ComplaintEscalated': {
      const { level, role, person, reason, trigger } = event.data;
      return notice(
        'escalated',
        { staff: { role, person } },
        { level, role, why: trigger === 'manual' ? reason : undefined },
      );
    }
    case 'FeedbackLinkIssued':
      // Only a request made since links went by e-mail carries one: a run recorded before replays without the activity.
      return forMail?.link
        ? {
            ...notice(
              'feedback-link',
              { customer: state.customer },
              { summary: event.data.summary, dueAt: event.data.expiresAt },
            ),
            sealed: { link: forMail.link },
          }
        : undefined;
    case 'ComplaintArchived':
      // What was done, in the words meant for the customer when a link was made, else the resolution's.
      return notice(
        'closed',
        { customer: state.customer },
        {
          summary: state.feedbackLink?.summary ?? state.resolution?.summary,
        },
      );
    default:
      return undefined;
  }
};

/**
 * Tells whoever must hear of an event: people by notification and e-mail, a
 * supplier's cycle by signal when the analysis names it.
 */
const followUp = (
  state: RegisteredComplaint,
  event: ComplaintEvent,
  followUps: FollowUps,
  eventId: string,
  request: ComplaintRequest,
): void => {
  const notification = notificationOf(state, event);
  if (notification) followUps.notify(notification);
  const mail = mailOf(state, event, eventId, request.forMail);
  // Cases recorded before e-mail sent none, nor a feedback link by it; their histories must replay as they ran.
  if (mail && patched('mail') && (mail.template !== 'feedback-link' || patched('feedback-link-mail')))
    followUps.mail(mail);
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

/** The workflow that owns one complaint: the single writer of its stream, and the keeper of its clocks. */
export async function complaintCase(input: ComplaintCaseInput): Promise<ComplaintSnapshot | null> {
  /** A restored run knows nothing until it has read the case from the store. */
  let loaded = !input.restore;
  const shell = new EntityWorkflow(complaintEntity, input.complaintId, input.carried, {
    notRegistered: 'case-not-registered',
    followUp,
    // Runs that began before levels were held showed the level that fell with each step; they replay so.
    searchAttributes: (state) => complaintSearchAttributeValues(state, patched('held-escalation-level')),
    complete: (request) => numbered(request),
    ready: () => loaded,
  });
  const { entity } = shell;

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

  shell.serve();

  if (input.restore) {
    const stored = await readStream({ streamId: complaintEntity.streamId(input.complaintId) });
    entity.loaded(fold(complaintDecider, stored.events as ComplaintEvent[]), stored.revision);
    loaded = true;
  }

  if (!(await shell.registration())) return null;

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
        return (await shell.record(check, 'CheckSlaClocks', causedBy.slaTimer(nextMark!))) > 0;
      });
      continue;
    }
    // Closed: end once no step is still being handled, unless one of them reopened the case.
    await condition(allHandlersFinished);
    if (!openCase()) break;
  }

  await shell.followUps.settle();
  if (openCase()) {
    return continueAsNew<typeof complaintCase>({
      complaintId: input.complaintId,
      carried: shell.snapshot()!,
      maxHistoryLength: input.maxHistoryLength,
    });
  }
  return shell.snapshot();
}
