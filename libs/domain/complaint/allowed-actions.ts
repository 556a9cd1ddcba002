import { complaintActionRoles, holdsOneOf, type CallerIdentity, type ComplaintAction } from '../access/actions.js';
import { supervisorRole } from '../access/roles.js';
import { escalationLevelOf } from '../sla/sla-clocks.js';
import { containmentSteps } from './vocabulary.js';
import {
  implementedBy,
  isOwnersWork,
  stepCommands,
  worksOnCase,
  type ComplaintCommandType,
} from './complaint.commands.js';
import type { ComplaintState, OpenComplaint, RegisteredComplaint } from './complaint.events.js';

/** A file whose bytes are still kept may be purged, whether the case is open or closed. */
const purgeable = (state: RegisteredComplaint): ComplaintAction[] =>
  state.evidence?.some((file) => !file.purged) ? ['purge-evidence'] : [];

/** The acts on an open case that depend on the case itself, whoever asks (the decider's refusals, read ahead). */
const possibleOn = (open: OpenComplaint): ComplaintAction[] => {
  const level = escalationLevelOf(open.sla);
  const ladder = open.sla.policy.severities[open.severity].escalation.length;
  return [
    open.step,
    ...(open.step === 'feedback' ? (['feedback-link'] as const) : []),
    'comment',
    ...(open.waitingOnCustomer ? (['end-wait'] as const) : open.step === 'feedback' ? [] : (['wait'] as const)),
    ...(!open.containment && containmentSteps.includes(open.step) ? (['contain'] as const) : []),
    'attach-evidence',
    ...(open.evidence?.some((file) => !file.retracted) ? (['retract-evidence'] as const) : []),
    ...purgeable(open),
    'severity',
    'withdraw',
    'assign',
    ...(level < ladder ? (['escalate'] as const) : []),
    ...(level > 0 ? (['de-escalate'] as const) : []),
  ];
};

/** The command each action sends: the decider's rules for that command are the action's. */
export const complaintActionCommands = {
  ...stepCommands,
  'feedback-link': 'IssueFeedbackLink',
  comment: 'AddComment',
  wait: 'StartWaitingOnCustomer',
  'end-wait': 'StopWaitingOnCustomer',
  contain: 'RecordContainment',
  'attach-evidence': 'AttachEvidence',
  'retract-evidence': 'RetractEvidence',
  'purge-evidence': 'PurgeEvidence',
  severity: 'ChangeSeverity',
  withdraw: 'WithdrawComplaint',
  assign: 'ReassignComplaint',
  escalate: 'EscalateComplaint',
  'de-escalate': 'DeescalateComplaint',
  reopen: 'ReopenComplaint',
} as const satisfies Record<ComplaintAction, ComplaintCommandType>;

/**
 * What the caller may do to the case now: the role table (who may ask for
 * what, as the API's routes check it) and the decider's rules (ownership and
 * team, the implementer who may not verify, closed cases, the ladder, the
 * wait). The UI shows exactly these; any other request would be refused.
 */
export const allowedComplaintActions = (state: ComplaintState, caller: CallerIdentity): ComplaintAction[] => {
  const byRole = (action: ComplaintAction) => holdsOneOf(caller, complaintActionRoles[action]);
  if (state.status === 'unregistered') return [];
  if (state.status !== 'open')
    return [
      ...(byRole('reopen') && caller.roles.includes(supervisorRole) ? (['reopen'] as const) : []),
      ...purgeable(state).filter(byRole),
    ];
  const metadata = { actor: caller.subject, roles: caller.roles, team: caller.team };
  const mayWork = worksOnCase(state, metadata);
  return possibleOn(state).filter(
    (action) =>
      byRole(action) &&
      (!isOwnersWork(complaintActionCommands[action]) || mayWork) &&
      !(action === 'verify' && implementedBy(state, caller.subject)) &&
      !(action === 'de-escalate' && !caller.roles.includes(supervisorRole)),
  );
};
