import type { Personal } from '../personal.js';
import { recordNotifications, type RecordNotifications } from '../notification.js';
import { isNewEvidence, purgeOf, retractionOf, type EvidenceFile } from '../evidence.js';
import { supervisorRole } from '../access/roles.js';
import { assertNever, stampOf, type Command, type CommandMetadata, type Stamp } from '../decider.js';
import {
  CaseAlreadyRegistered,
  CaseClosed,
  CaseNotRegistered,
  CaseOpen,
  FeedbackLinkVoid,
  NotPermitted,
  RuleViolated,
  StepNotCurrent,
} from '../errors.js';
import { pauseReasonsOf } from '../sla/pause-reasons.js';
import { dueMarks, escalationLevelOf } from '../sla/sla-clocks.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type {
  ComplaintDetails,
  ComplaintEvent,
  ComplaintRegistered,
  ComplaintState,
  CustomerFeedbackRecorded,
  CustomerMessage,
  OpenComplaint,
  PlannedAction,
  ResponsibleParty,
} from './complaint.events.js';
import {
  containmentSteps,
  satisfactionScale,
  severities,
  type CauseCategory,
  type Channel,
  type ComplaintCategory,
  type ComplaintStep,
  type ReturnStep,
  type Severity,
  type WithdrawReason,
} from './vocabulary.js';

/** The caller supplies the SLA policy in force; the case keeps it for life. */
export type RegisterComplaint = Command<
  'RegisterComplaint',
  ComplaintDetails & { complaintId: string; number?: string; slaPolicy: SlaPolicy }
>;

export type CompleteIdentification = Command<
  'CompleteIdentification',
  { owner: string; acknowledgement: string; category?: ComplaintCategory; severity?: Severity; evidence?: string[] }
>;

export type CompleteAnalysis = Command<
  'CompleteAnalysis',
  { rootCause: string; causeCategory: CauseCategory; responsibleParty: ResponsibleParty; containmentAction?: string }
>;

export type CompleteResolution = Command<'CompleteResolution', { summary: string; actions: PlannedAction[] }>;

export type CompleteVerification = Command<
  'CompleteVerification',
  { effective: boolean; notes: string; returnTo?: ReturnStep }
>;

export type CompleteFeedback = Command<
  'CompleteFeedback',
  { satisfied: boolean; satisfactionScore: number; customerResponse: Personal; contactChannel: Channel }
>;

export type ArchiveComplaint = Command<'ArchiveComplaint', { lessonsLearned: string; customerRecordRef?: string }>;

export type ChangeSeverity = Command<'ChangeSeverity', { severity: Severity; reason: string }>;
export type ReassignComplaint = Command<'ReassignComplaint', { owner: string; reason?: string }>;
export type AddComment = Command<'AddComment', { text: Personal }>;
/** A message from the customer (or from someone writing as them) read from the mailbox. */
export type RecordCustomerMessage = Command<'RecordCustomerMessage', CustomerMessage>;
/**
 * `reasonCode` names why, from the case's policy (`pauseReasonsOf`). The API
 * requires it; the decider takes a wait without one only because waits
 * recorded before codes existed are decided again when their runs replay.
 */
export type StartWaitingOnCustomer = Command<'StartWaitingOnCustomer', { reason: string; reasonCode?: string }>;
export type StopWaitingOnCustomer = Command<'StopWaitingOnCustomer', { note?: string }>;
/** A file whose bytes the blob store already keeps under `sha256`: the API stores first, then asks. */
export type AttachEvidence = Command<'AttachEvidence', EvidenceFile>;
export type RetractEvidence = Command<'RetractEvidence', { evidenceId: string; reason: string }>;
/** An administrator deletes a file's bytes (personal data of someone erased): on an open or a closed case. */
export type PurgeEvidence = Command<'PurgeEvidence', { evidenceId: string; reason: string }>;
/** What was done to protect the customer now: in identify or analyse, once. */
export type RecordContainment = Command<'RecordContainment', { action: string }>;
/** Up one rung of the ladder, or to the rung named. */
export type EscalateComplaint = Command<'EscalateComplaint', { reason: string; level?: number }>;
/** A supervisor brings the case down the ladder: to the rung named, or off it (0). */
export type DeescalateComplaint = Command<'DeescalateComplaint', { reason: string; level?: number }>;
export type WithdrawComplaint = Command<
  'WithdrawComplaint',
  { reason: WithdrawReason; explanation: string; duplicateOf?: string }
>;
/** A closed case back into the loop: a supervisor's act, with a reason. */
export type ReopenComplaint = Command<'ReopenComplaint', { returnTo: ReturnStep; reason: string }>;
/** The owner makes a link for the customer to answer for themselves; the API keeps only the token's hash. */
export type IssueFeedbackLink = Command<
  'IssueFeedbackLink',
  { linkId: string; tokenHash: string; expiresAt: string; summary: string }
>;
/** The customer opened the link. */
export type OpenFeedbackLink = Command<'OpenFeedbackLink', { linkId: string }>;
/** The customer's own answer, through the link: resolved or not, a score on the satisfaction scale, a comment. */
export type AnswerFeedbackLink = Command<
  'AnswerFeedbackLink',
  { linkId: string; resolved: boolean; score: number; comment: Personal }
>;
/** Asked by the case's own timer: records every SLA mark reached by `now`. */
export type CheckSlaClocks = Command<'CheckSlaClocks', Record<string, never>>;

export type ComplaintCommand =
  | RegisterComplaint
  | CompleteIdentification
  | CompleteAnalysis
  | CompleteResolution
  | CompleteVerification
  | CompleteFeedback
  | IssueFeedbackLink
  | OpenFeedbackLink
  | AnswerFeedbackLink
  | ArchiveComplaint
  | ChangeSeverity
  | ReassignComplaint
  | AddComment
  | RecordCustomerMessage
  | StartWaitingOnCustomer
  | StopWaitingOnCustomer
  | RecordContainment
  | AttachEvidence
  | RetractEvidence
  | PurgeEvidence
  | EscalateComplaint
  | DeescalateComplaint
  | WithdrawComplaint
  | ReopenComplaint
  | CheckSlaClocks
  | RecordNotifications;

export type ComplaintCommandType = ComplaintCommand['type'];

/** The command that completes each step of the loop. */
export const stepCommands = {
  identify: 'CompleteIdentification',
  analyse: 'CompleteAnalysis',
  resolve: 'CompleteResolution',
  verify: 'CompleteVerification',
  feedback: 'CompleteFeedback',
  archive: 'ArchiveComplaint',
} as const satisfies Record<ComplaintStep, Exclude<ComplaintCommandType, 'RegisterComplaint'>>;

const register = ({ data, metadata }: RegisterComplaint, state: ComplaintState): ComplaintRegistered[] => {
  if (state.status !== 'unregistered') {
    throw new CaseAlreadyRegistered(
      `Complaint ${data.complaintId} is already registered`,
      { complaintId: data.complaintId },
      { key: 'case-already-registered', params: { id: data.complaintId } },
    );
  }
  const missing = severities.filter((severity) => !data.slaPolicy?.severities?.[severity]);
  if (missing.length > 0)
    throw new RuleViolated(
      `The SLA policy has no targets for ${missing.join(', ')}`,
      { field: 'slaPolicy' },
      { key: 'sla-policy-lacks-severities', params: { severities: missing } },
    );
  return [
    { type: 'ComplaintRegistered', data: { ...data, ...receipt(data.receivedAt, metadata.now), ...stampOf(metadata) } },
  ];
};

/** How far ahead of the registering clock a receipt time may be: clocks of two machines disagree by that much. */
const receiptClockSkewMs = 60_000;

/** A receipt time, checked: not after registration (beyond clock skew, which it is brought back from). */
const receipt = (receivedAt: string | undefined, now: string): { receivedAt?: string } => {
  if (receivedAt === undefined) return {};
  const received = Date.parse(receivedAt);
  if (!Number.isFinite(received))
    throw new RuleViolated('The receipt time is not a time', { field: 'receivedAt' }, { key: 'received-at-invalid' });
  if (received > Date.parse(now) + receiptClockSkewMs)
    throw new RuleViolated(
      `A complaint cannot be received after it is registered (${now})`,
      { field: 'receivedAt' },
      { key: 'received-after-registration', params: { at: now } },
    );
  return { receivedAt: new Date(Math.min(received, Date.parse(now))).toISOString() };
};

/** The case, if it is open; otherwise the error that says why not. */
const requireOpen = (state: ComplaintState): OpenComplaint => {
  if (state.status === 'unregistered')
    throw new CaseNotRegistered('No such complaint', {}, { key: 'case-not-registered' });
  if (state.status !== 'open') {
    throw new CaseClosed(
      `Complaint ${state.id} is ${state.status}`,
      { complaintId: state.id, status: state.status },
      { key: 'case-closed', params: { id: state.id, status: state.status } },
    );
  }
  return state;
};

/** The open case, if `step` is the one it is at; otherwise the error that says why not. */
const requireStep = (state: ComplaintState, step: ComplaintStep): OpenComplaint => {
  const open = requireOpen(state);
  if (open.step !== step) {
    throw new StepNotCurrent(
      `Complaint ${open.id} is at step '${open.step}', not '${step}'`,
      { complaintId: open.id, currentStep: open.step, requestedStep: step },
      { key: 'step-not-current', params: { id: open.id, currentStep: open.step, requestedStep: step } },
    );
  }
  return open;
};

/** Completing a step means the customer answered: a wait in progress ends first, on the record. */
const endingWait = (open: OpenComplaint, stamp: Stamp): ComplaintEvent[] =>
  open.waitingOnCustomer
    ? [{ type: 'CustomerWaitEnded', data: { note: `Ended by completing ${open.step}`, ...stamp } }]
    : [];

const identify = ({ data, metadata }: CompleteIdentification, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'identify');
  const stamp = stampOf(metadata);
  return [
    ...endingWait(open, stamp),
    {
      type: 'ComplaintIdentified',
      data: {
        owner: data.owner,
        acknowledgement: data.acknowledgement,
        category: data.category ?? open.category,
        severity: data.severity ?? open.severity,
        evidence: data.evidence ?? [],
        ...stamp,
      },
    },
  ];
};

const analyse = ({ data, metadata }: CompleteAnalysis, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'analyse');
  const stamp = stampOf(metadata);
  return [...endingWait(open, stamp), { type: 'ComplaintAnalysed', data: { ...data, ...stamp } }];
};

const resolve = ({ data, metadata }: CompleteResolution, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'resolve');
  if (data.actions.length === 0)
    throw new RuleViolated(
      'A resolution needs at least one action',
      { field: 'actions' },
      { key: 'resolution-needs-action' },
    );
  const stamp = stampOf(metadata);
  return [...endingWait(open, stamp), { type: 'ResolutionImplemented', data: { ...data, ...stamp } }];
};

/** The person who implemented the resolution may not verify it. */
export const implementedBy = (open: OpenComplaint, actor: string): boolean => open.resolution?.by === actor;

const verify = ({ data, metadata }: CompleteVerification, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'verify');
  const implementer = open.resolution?.by;
  if (implementedBy(open, metadata.actor)) {
    throw new RuleViolated(
      'Verification must be done by someone other than the implementer of the resolution',
      { implementer },
      { key: 'verifier-is-implementer' },
    );
  }
  const stamp = stampOf(metadata);
  const verified: ComplaintEvent = {
    type: 'ResolutionVerified',
    data: { effective: data.effective, notes: data.notes, ...stamp },
  };
  if (data.effective) return [...endingWait(open, stamp), verified];
  return [
    ...endingWait(open, stamp),
    verified,
    {
      type: 'ComplaintReopened',
      data: { returnTo: data.returnTo ?? 'analyse', reason: data.notes, trigger: 'verification-failed', ...stamp },
    },
  ];
};

const requireScore = (score: number, field: string): void => {
  const { min, max } = satisfactionScale;
  if (!Number.isInteger(score) || score < min || score > max)
    throw new RuleViolated(
      `Satisfaction score must be an integer from ${min} to ${max}`,
      { field },
      { key: 'satisfaction-score-range', params: { min, max } },
    );
};

/** The customer's answer on the record, taken by the owner or given through a link: an unsatisfied one sends the case back to analyse. */
const customerAnswered = (open: OpenComplaint, answer: CustomerFeedbackRecorded['data']): ComplaintEvent[] => {
  const stamp = { by: answer.by, at: answer.at };
  const recorded: ComplaintEvent = { type: 'CustomerFeedbackRecorded', data: answer };
  if (answer.satisfied) return [...endingWait(open, stamp), recorded];
  return [
    ...endingWait(open, stamp),
    recorded,
    {
      type: 'ComplaintReopened',
      data: { returnTo: 'analyse', reason: answer.customerResponse, trigger: 'customer-unsatisfied', ...stamp },
    },
  ];
};

const feedback = ({ data, metadata }: CompleteFeedback, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'feedback');
  requireScore(data.satisfactionScore, 'satisfactionScore');
  return customerAnswered(open, { ...data, ...stampOf(metadata) });
};

const issueFeedbackLink = ({ data, metadata }: IssueFeedbackLink, state: ComplaintState): ComplaintEvent[] => {
  requireStep(state, 'feedback');
  const stamp = stampOf(metadata);
  if (Date.parse(data.expiresAt) <= Date.parse(stamp.at))
    throw new RuleViolated('A link expires after it is made', { field: 'expiresAt' }, { key: 'feedback-link-expiry' });
  return [{ type: 'FeedbackLinkIssued', data: { ...data, ...stamp } }];
};

/**
 * The case's current link, unanswered and unexpired, at feedback: any other
 * (an old one, a used one, one of a case that moved on) is refused alike, so
 * nothing tells one from another.
 */
const requireLiveLink = (state: ComplaintState, linkId: string, at: string): OpenComplaint => {
  const link = state.status === 'open' && state.step === 'feedback' ? state.feedbackLink : undefined;
  if (
    !link ||
    link.linkId !== linkId ||
    link.answeredAt ||
    link.voidedAt ||
    Date.parse(link.expiresAt) <= Date.parse(at)
  )
    throw new FeedbackLinkVoid('No such feedback link', {}, { key: 'feedback-link-void' });
  return state as OpenComplaint;
};

const openFeedbackLink = ({ data, metadata }: OpenFeedbackLink, state: ComplaintState): ComplaintEvent[] => {
  const stamp = stampOf(metadata);
  const open = requireLiveLink(state, data.linkId, stamp.at);
  return open.feedbackLink!.openedAt ? [] : [{ type: 'FeedbackLinkOpened', data: { linkId: data.linkId, ...stamp } }];
};

/** "Not resolved" sends the case back to analyse, as an unsatisfied answer taken by the owner does. */
const answerFeedbackLink = ({ data, metadata }: AnswerFeedbackLink, state: ComplaintState): ComplaintEvent[] => {
  const stamp = stampOf(metadata);
  const open = requireLiveLink(state, data.linkId, stamp.at);
  requireScore(data.score, 'score');
  return customerAnswered(open, {
    satisfied: data.resolved,
    satisfactionScore: data.score,
    customerResponse: data.comment,
    contactChannel: 'web',
    linkId: data.linkId,
    ...stamp,
  });
};

const archive = ({ data, metadata }: ArchiveComplaint, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'archive');
  const stamp = stampOf(metadata);
  return [...endingWait(open, stamp), { type: 'ComplaintArchived', data: { ...data, ...stamp } }];
};

const changeSeverity = ({ data, metadata }: ChangeSeverity, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (open.severity === data.severity)
    throw new RuleViolated(
      `The case is already ${data.severity}`,
      { field: 'severity' },
      { key: 'severity-unchanged', params: { severity: data.severity } },
    );
  return [
    {
      type: 'SeverityChanged',
      data: { from: open.severity, to: data.severity, reason: data.reason, ...stampOf(metadata) },
    },
  ];
};

const reassign = ({ data, metadata }: ReassignComplaint, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (open.owner === data.owner)
    throw new RuleViolated(
      `${data.owner} already owns the case`,
      { field: 'owner' },
      { key: 'owner-unchanged', params: { owner: data.owner } },
    );
  return [
    {
      type: 'ComplaintReassigned',
      data: { from: open.owner, to: data.owner, reason: data.reason, ...stampOf(metadata) },
    },
  ];
};

const comment = ({ data, metadata }: AddComment, state: ComplaintState): ComplaintEvent[] => {
  requireOpen(state);
  return [{ type: 'CommentAdded', data: { text: data.text, ...stampOf(metadata) } }];
};

/**
 * On any case, closed ones too: what the customer wrote is on the record
 * whatever the case's state, for its people to read (and reopen it if need
 * be). Their own answer while the case waits on them ends the wait; a
 * stranger's does not. A message recorded already (read again, or by
 * another reader of the mailbox) changes nothing.
 */
const customerWrote = ({ data, metadata }: RecordCustomerMessage, state: ComplaintState): ComplaintEvent[] => {
  if (state.status === 'unregistered')
    throw new CaseNotRegistered('No such complaint', {}, { key: 'case-not-registered' });
  if (state.customerMessageIds?.includes(data.messageId)) return [];
  const stamp = stampOf(metadata);
  const received: ComplaintEvent = { type: 'CustomerMessageReceived', data: { ...data, ...stamp } };
  const endsWait = data.verified && state.status === 'open' && state.waitingOnCustomer;
  return endsWait
    ? [received, { type: 'CustomerWaitEnded', data: { note: 'Ended by the customer’s message', ...stamp } }]
    : [received];
};

const contain = ({ data, metadata }: RecordContainment, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (!containmentSteps.includes(open.step))
    throw new RuleViolated(
      `Containment is recorded in identify or analyse; the case is at ${open.step}`,
      { step: open.step },
      { key: 'containment-step', params: { step: open.step } },
    );
  if (open.containment)
    throw new RuleViolated(
      `Containment was recorded at ${open.containment.at}`,
      {},
      { key: 'containment-recorded', params: { at: open.containment.at } },
    );
  return [{ type: 'ContainmentRecorded', data: { action: data.action, ...stampOf(metadata) } }];
};

const attachEvidence = ({ data, metadata }: AttachEvidence, state: ComplaintState): ComplaintEvent[] => {
  // A closed case takes no new evidence unless reopened.
  const open = requireOpen(state);
  return isNewEvidence(open.evidence, data)
    ? [{ type: 'EvidenceAttached', data: { ...data, ...stampOf(metadata) } }]
    : [];
};

const retractEvidence = ({ data, metadata }: RetractEvidence, state: ComplaintState): ComplaintEvent[] => [
  { type: 'EvidenceRetracted', data: { ...retractionOf(requireOpen(state).evidence, data), ...stampOf(metadata) } },
];

const purgeEvidence = ({ data, metadata }: PurgeEvidence, state: ComplaintState): ComplaintEvent[] => {
  // Closed cases too: an erasure must reach every file, and the purge reopens nothing.
  if (state.status === 'unregistered')
    throw new CaseNotRegistered('No such complaint', {}, { key: 'case-not-registered' });
  return [{ type: 'EvidencePurged', data: { ...purgeOf(state.evidence, data), ...stampOf(metadata) } }];
};

const startWaiting = ({ data, metadata }: StartWaitingOnCustomer, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (open.step === 'feedback')
    throw new RuleViolated(
      'At the feedback step the case already waits on the customer',
      {},
      { key: 'feedback-waits-already' },
    );
  if (open.waitingOnCustomer)
    throw new RuleViolated(
      `The case already waits on the customer: ${open.waitingOnCustomer.reason}`,
      {},
      { key: 'waiting-already', params: { reason: open.waitingOnCustomer.reason } },
    );
  if (data.reasonCode !== undefined) {
    const codes = pauseReasonsOf(open.sla.policy).map((reason) => reason.code);
    if (!codes.includes(data.reasonCode))
      throw new RuleViolated(
        `${data.reasonCode} is not a reason this case's policy lets its clocks pause for (${codes.join(', ')})`,
        { field: 'reasonCode', codes },
        { key: 'pause-reason-unknown', params: { pauseReason: data.reasonCode, pauseReasons: codes } },
      );
  }
  return [
    {
      type: 'CustomerWaitStarted',
      data: { reason: data.reason, ...(data.reasonCode ? { reasonCode: data.reasonCode } : {}), ...stampOf(metadata) },
    },
  ];
};

const stopWaiting = ({ data, metadata }: StopWaitingOnCustomer, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (!open.waitingOnCustomer)
    throw new RuleViolated('The case is not waiting on the customer', {}, { key: 'not-waiting' });
  return [{ type: 'CustomerWaitEnded', data: { note: data.note, ...stampOf(metadata) } }];
};

const escalate = ({ data, metadata }: EscalateComplaint, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  const ladder = open.sla.policy.severities[open.severity].escalation;
  const current = escalationLevelOf(open.sla);
  const level = data.level ?? current + 1;
  if (level <= current)
    throw new RuleViolated(
      `The case is already at escalation level ${current}`,
      { field: 'level', currentLevel: current },
      { key: 'escalation-level-held', params: { level: current } },
    );
  const rung = ladder[level - 1];
  if (!rung)
    throw new RuleViolated(
      `The ladder for ${open.severity} cases has ${ladder.length} levels`,
      { field: 'level', currentLevel: current },
      { key: 'escalation-beyond-ladder', params: { severity: open.severity, levels: ladder.length } },
    );
  return [
    {
      type: 'ComplaintEscalated',
      data: {
        level,
        role: rung.role,
        person: rung.person,
        reason: data.reason,
        trigger: 'manual',
        ...stampOf(metadata),
      },
    },
  ];
};

const deescalate = ({ data, metadata }: DeescalateComplaint, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (!metadata.roles?.includes(supervisorRole))
    throw new NotPermitted(
      `Only a ${supervisorRole} may de-escalate a case`,
      { requiredRole: supervisorRole },
      { key: 'deescalation-supervisor-only', params: { role: supervisorRole } },
    );
  const current = escalationLevelOf(open.sla);
  const level = data.level ?? 0;
  if (level >= current)
    throw new RuleViolated(
      current === 0 ? 'The case is not escalated' : `The case is at escalation level ${current}; name a lower one`,
      { field: 'level', currentLevel: current },
      current === 0 ? { key: 'not-escalated' } : { key: 'deescalation-level-not-lower', params: { level: current } },
    );
  return [
    { type: 'ComplaintDeescalated', data: { from: current, to: level, reason: data.reason, ...stampOf(metadata) } },
  ];
};

const withdraw = ({ data, metadata }: WithdrawComplaint, state: ComplaintState): ComplaintEvent[] => {
  const open = requireOpen(state);
  if (data.reason === 'duplicate' && !data.duplicateOf)
    throw new RuleViolated(
      'A duplicate names the case it duplicates',
      { field: 'duplicateOf' },
      { key: 'duplicate-names-case' },
    );
  if (data.reason !== 'duplicate' && data.duplicateOf)
    throw new RuleViolated(
      'Only a duplicate names another case',
      { field: 'duplicateOf' },
      { key: 'only-duplicate-names-case' },
    );
  if (data.duplicateOf === open.id)
    throw new RuleViolated('A case cannot duplicate itself', { field: 'duplicateOf' }, { key: 'duplicate-of-itself' });
  return [{ type: 'ComplaintWithdrawn', data: { ...data, ...stampOf(metadata) } }];
};

const reopen = ({ data, metadata }: ReopenComplaint, state: ComplaintState): ComplaintEvent[] => {
  if (state.status === 'unregistered')
    throw new CaseNotRegistered('No such complaint', {}, { key: 'case-not-registered' });
  if (state.status === 'open')
    throw new CaseOpen(
      `Complaint ${state.id} is open, at step '${state.step}'`,
      { complaintId: state.id, currentStep: state.step },
      { key: 'case-open', params: { id: state.id, step: state.step } },
    );
  if (!metadata.roles?.includes(supervisorRole)) {
    throw new NotPermitted(
      `Only a ${supervisorRole} may reopen a ${state.status} case`,
      { requiredRole: supervisorRole },
      { key: 'reopen-supervisor-only', params: { role: supervisorRole, status: state.status } },
    );
  }
  return [
    {
      type: 'ComplaintReopened',
      data: { returnTo: data.returnTo, reason: data.reason, trigger: 'supervisor', ...stampOf(metadata) },
    },
  ];
};

/** The system's own actor, for what the case's timers record. */
export const slaActor = 'system:sla';

const checkClocks = ({ metadata }: CheckSlaClocks, state: ComplaintState): ComplaintEvent[] => {
  if (state.status !== 'open') return [];
  const stamp = stampOf(metadata);
  return dueMarks(state.sla, state.severity, metadata.now).map((mark): ComplaintEvent => {
    if (mark.kind === 'warning')
      return {
        type: 'SlaWarningIssued',
        data: { clock: mark.clock, targetMs: mark.targetMs, dueAt: mark.dueAt, ...stamp },
      };
    if (mark.kind === 'breach')
      return { type: 'SlaBreached', data: { clock: mark.clock, targetMs: mark.targetMs, dueAt: mark.dueAt, ...stamp } };
    return {
      type: 'ComplaintEscalated',
      data: {
        level: mark.level,
        role: mark.rung.role,
        person: mark.rung.person,
        reason: `${mark.clock} clock past its target (due ${mark.dueAt})`,
        trigger: 'sla',
        clock: mark.clock,
        targetMs: mark.targetMs,
        dueAt: mark.dueAt,
        ...stamp,
      },
    };
  });
};

/** The commands by which people work a case: its owner's (or a teammate's, or a supervisor's) to give. */
const ownersWork: ReadonlySet<ComplaintCommandType> = new Set([
  ...Object.values(stepCommands),
  'ChangeSeverity',
  'AddComment',
  'StartWaitingOnCustomer',
  'StopWaitingOnCustomer',
  'RecordContainment',
  'AttachEvidence',
  'RetractEvidence',
  'WithdrawComplaint',
  'IssueFeedbackLink',
]);

/** The commands by which people work a case: its owner's (or a teammate's, or a supervisor's) to give. */
export const isOwnersWork = (type: ComplaintCommandType): boolean => ownersWork.has(type);

/**
 * Owners act on their own cases, their teammates', and cases nobody owns yet
 * (identify assigns the owner); supervisors on every case. A command with no
 * roles comes from the system's own workflows, never from the API, which
 * always sends the roles of the authenticated caller.
 */
export const worksOnCase = (
  open: OpenComplaint,
  { actor, roles = [], team = [] }: Pick<CommandMetadata, 'actor' | 'roles' | 'team'>,
): boolean =>
  roles.length === 0 ||
  roles.includes(supervisorRole) ||
  open.owner === undefined ||
  open.owner === actor ||
  team.includes(open.owner);

const requireCaseAccess = (open: OpenComplaint, metadata: CommandMetadata): void => {
  if (worksOnCase(open, metadata)) return;
  // Anyone works a case nobody owns, so a refused case has an owner.
  const owner = open.owner!;
  throw new NotPermitted(
    `The case is ${owner}'s: only its owner, a teammate or a ${supervisorRole} may work on it`,
    { owner },
    { key: 'case-of-another-owner', params: { owner, role: supervisorRole } },
  );
};

export const decideComplaint = (command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] => {
  if (state.status === 'open' && ownersWork.has(command.type)) requireCaseAccess(state, command.metadata);
  switch (command.type) {
    case 'RegisterComplaint':
      return register(command, state);
    case 'CompleteIdentification':
      return identify(command, state);
    case 'CompleteAnalysis':
      return analyse(command, state);
    case 'CompleteResolution':
      return resolve(command, state);
    case 'CompleteVerification':
      return verify(command, state);
    case 'CompleteFeedback':
      return feedback(command, state);
    case 'IssueFeedbackLink':
      return issueFeedbackLink(command, state);
    case 'OpenFeedbackLink':
      return openFeedbackLink(command, state);
    case 'AnswerFeedbackLink':
      return answerFeedbackLink(command, state);
    case 'ArchiveComplaint':
      return archive(command, state);
    case 'ChangeSeverity':
      return changeSeverity(command, state);
    case 'ReassignComplaint':
      return reassign(command, state);
    case 'AddComment':
      return comment(command, state);
    case 'RecordCustomerMessage':
      return customerWrote(command, state);
    case 'StartWaitingOnCustomer':
      return startWaiting(command, state);
    case 'StopWaitingOnCustomer':
      return stopWaiting(command, state);
    case 'RecordContainment':
      return contain(command, state);
    case 'AttachEvidence':
      return attachEvidence(command, state);
    case 'RetractEvidence':
      return retractEvidence(command, state);
    case 'PurgeEvidence':
      return purgeEvidence(command, state);
    case 'EscalateComplaint':
      return escalate(command, state);
    case 'DeescalateComplaint':
      return deescalate(command, state);
    case 'WithdrawComplaint':
      return withdraw(command, state);
    case 'ReopenComplaint':
      return reopen(command, state);
    case 'CheckSlaClocks':
      return checkClocks(command, state);
    case 'RecordNotifications':
      // Closed cases too: the closing note is sent once the case is archived.
      if (state.status === 'unregistered')
        throw new CaseNotRegistered('No such complaint', {}, { key: 'case-not-registered' });
      return recordNotifications(command);
    default:
      return assertNever(command);
  }
};
