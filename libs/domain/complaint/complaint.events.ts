import {
  withAttached,
  withPurged,
  withRetracted,
  type EvidenceFile,
  type EvidencePurge,
  type EvidenceRef,
  type EvidenceRetraction,
} from '../evidence.js';
import { assertNever, type Event, type Stamp } from '../decider.js';
import {
  deescalatedTo,
  escalatedTo,
  markClock,
  reconcileClocks,
  type ClockSituation,
  type SlaClockId,
  type SlaState,
} from '../sla/sla-clocks.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type {
  ActionKind,
  CauseCategory,
  Channel,
  ComplaintCategory,
  ComplaintStep,
  ReturnStep,
  Severity,
  WithdrawReason,
} from './vocabulary.js';
import type { Personal } from '../personal.js';
import type { NotificationEvent } from '../notification.js';

/** Whom the complaint is for, as it was then: a person's name and any contact are personal data, sealed. */
export type Customer = Readonly<{ name: Personal; id?: string; contact?: Personal }>;

export type ResponsibleParty =
  Readonly<{ type: 'internal'; department: string }> | Readonly<{ type: 'supplier'; supplierId: string }>;

export type PlannedAction = Readonly<{ kind: ActionKind; description: string; owner: string; dueDate: string }>;

/** What a complaint says when it is registered. */
export type ComplaintDetails = Readonly<{
  customer: Customer;
  channel: Channel;
  category: ComplaintCategory;
  severity: Severity;
  title: string;
  /** Sealed when the policy marks it personal and the customer is a person. */
  description: Personal;
  productRef?: string;
  orderRef?: string;
  supplierId?: string;
  /**
   * When the customer complained (a call logged an hour later was received an
   * hour earlier): every clock counts from it. Absent: at registration.
   */
  receivedAt?: string;
}>;

/** Registration records the SLA policy in force, so the case's clocks never depend on a file that may change. */
export type ComplaintRegistered = Event<
  'ComplaintRegistered',
  Stamp & ComplaintDetails & { complaintId: string; number?: string; slaPolicy: SlaPolicy }
>;

/** Identify done: acknowledged to the customer, an owner assigned, classification confirmed. */
export type ComplaintIdentified = Event<
  'ComplaintIdentified',
  Stamp & {
    owner: string;
    acknowledgement: string;
    category: ComplaintCategory;
    severity: Severity;
    evidence: string[];
  }
>;

export type ComplaintAnalysed = Event<
  'ComplaintAnalysed',
  Stamp & {
    rootCause: string;
    causeCategory: CauseCategory;
    responsibleParty: ResponsibleParty;
    containmentAction?: string;
  }
>;

export type ResolutionImplemented = Event<
  'ResolutionImplemented',
  Stamp & { summary: string; actions: PlannedAction[] }
>;

export type ResolutionVerified = Event<'ResolutionVerified', Stamp & { effective: boolean; notes: string }>;

/** The loop closes back on itself: a failed verification or an unsatisfied customer. */
export type ComplaintReopened = Event<
  'ComplaintReopened',
  Stamp & {
    returnTo: ReturnStep;
    /** An unsatisfied customer's own words when they sent it back: personal as those are. */
    reason: Personal;
    trigger: 'verification-failed' | 'customer-unsatisfied' | 'supervisor';
  }
>;

/**
 * The customer's answer to the result: taken by the owner (on the phone, by
 * mail), or given by the customer through a feedback link (`linkId`, its
 * actor the customer itself).
 */
export type CustomerFeedbackRecorded = Event<
  'CustomerFeedbackRecorded',
  Stamp & {
    satisfied: boolean;
    satisfactionScore: number;
    customerResponse: Personal;
    contactChannel: Channel;
    linkId?: string;
  }
>;

/**
 * A link for the customer to answer for themselves, at feedback: what was
 * done in words meant for them, and the hash of its token (the token itself
 * is given once, to the owner, and never kept). A new link voids the last.
 */
export type FeedbackLinkIssued = Event<
  'FeedbackLinkIssued',
  Stamp & { linkId: string; tokenHash: string; expiresAt: string; summary: string }
>;
/** The customer opened the link (recorded once). */
export type FeedbackLinkOpened = Event<'FeedbackLinkOpened', Stamp & { linkId: string }>;

export type ComplaintArchived = Event<
  'ComplaintArchived',
  Stamp & { lessonsLearned: string; customerRecordRef?: string }
>;

export type SeverityChanged = Event<'SeverityChanged', Stamp & { from: Severity; to: Severity; reason: string }>;

export type ComplaintReassigned = Event<'ComplaintReassigned', Stamp & { from?: string; to: string; reason?: string }>;

export type CommentAdded = Event<'CommentAdded', Stamp & { text: Personal }>;

/**
 * The customer wrote, by e-mail: their words and address sealed under their
 * key. `verified` when the address is the one the case knows for them; a
 * stranger's message is kept as such, never as the customer's answer.
 */
export type CustomerMessageReceived = Event<'CustomerMessageReceived', Stamp & CustomerMessage>;
export type CustomerMessage = {
  channel: 'email';
  /** The message's own Message-ID: the same message read twice is recorded once. */
  messageId: string;
  from: Personal;
  subject: Personal;
  text: Personal;
  verified: boolean;
  receivedAt: string;
};

/** The clocks stop until the customer answers: why, as a code of the case's policy (absent on waits before codes) and in words. */
export type CustomerWaitStarted = Event<'CustomerWaitStarted', Stamp & { reason: string; reasonCode?: string }>;
export type CustomerWaitEnded = Event<'CustomerWaitEnded', Stamp & { note?: string }>;

/** A file on the record: its bytes are a blob named by `sha256`, kept apart; the event is the commit point. */
export type EvidenceAttached = Event<'EvidenceAttached', Stamp & EvidenceFile>;
/** A mistaken upload, withdrawn from the case with a reason: the file stays for the auditor. */
export type EvidenceRetracted = Event<'EvidenceRetracted', Stamp & EvidenceRetraction>;
/** A file's bytes deleted (it held personal data of someone erased): the file stays listed, and audits as purged. */
export type EvidencePurged = Event<'EvidencePurged', Stamp & EvidencePurge>;

/** What was done to protect the customer now, before the cause is known (IATF 16949's D3): it stops the containment clock. */
export type ContainmentRecorded = Event<'ContainmentRecorded', Stamp & { action: string }>;

type ClockMark = Stamp & { clock: SlaClockId; targetMs: number; dueAt: string };
export type SlaWarningIssued = Event<'SlaWarningIssued', ClockMark>;
export type SlaBreached = Event<'SlaBreached', ClockMark>;

/** A rung of the ladder reached: by a clock past its target, or by a person. */
export type ComplaintEscalated = Event<
  'ComplaintEscalated',
  Stamp & { level: number; role: string; person?: string; reason: string } & (
      { trigger: 'sla'; clock: SlaClockId; targetMs: number; dueAt: string } | { trigger: 'manual' }
    )
>;

/** A supervisor brought the case down the ladder on purpose (the issue is in hand). */
export type ComplaintDeescalated = Event<'ComplaintDeescalated', Stamp & { from: number; to: number; reason: string }>;

export type ComplaintWithdrawn = Event<
  'ComplaintWithdrawn',
  Stamp & { reason: WithdrawReason; explanation: string; duplicateOf?: string }
>;

/** How many of the customer's last Message-IDs a case keeps: a message is read again within a few polls, not a hundred messages later. */
export const keptMessageIds = 100;

export type ComplaintEvent =
  | ComplaintRegistered
  | ComplaintIdentified
  | ComplaintAnalysed
  | ResolutionImplemented
  | ResolutionVerified
  | ComplaintReopened
  | CustomerFeedbackRecorded
  | ComplaintArchived
  | SeverityChanged
  | ComplaintReassigned
  | CommentAdded
  | CustomerMessageReceived
  | CustomerWaitStarted
  | CustomerWaitEnded
  | ContainmentRecorded
  | EvidenceAttached
  | EvidenceRetracted
  | EvidencePurged
  | SlaWarningIssued
  | SlaBreached
  | ComplaintEscalated
  | ComplaintDeescalated
  | ComplaintWithdrawn
  | FeedbackLinkIssued
  | FeedbackLinkOpened
  | NotificationEvent;

export type ComplaintEventType = ComplaintEvent['type'];

export type FeedbackLink = Readonly<{
  linkId: string;
  tokenHash: string;
  expiresAt: string;
  summary: string;
  issuedAt: string;
  issuedBy: string;
  openedAt?: string;
  answeredAt?: string;
  /** The case moved on without the customer's answer through it (a new link, an answer taken by phone). */
  voidedAt?: string;
}>;

/** Where a link stands, as its owner sees it. */
export type FeedbackLinkState = 'made' | 'opened' | 'answered' | 'expired' | 'void';

export const feedbackLinkStateOf = (
  link: Pick<FeedbackLink, 'answeredAt' | 'voidedAt' | 'expiresAt' | 'openedAt'>,
  now: string,
): FeedbackLinkState =>
  link.answeredAt
    ? 'answered'
    : link.voidedAt
      ? 'void'
      : Date.parse(link.expiresAt) <= Date.parse(now)
        ? 'expired'
        : link.openedAt
          ? 'opened'
          : 'made';

type Recorded<T> = T & { at: string; by: string };

/** The case file: everything known about one complaint. */
export type ComplaintCase = ComplaintDetails &
  Readonly<{
    id: string;
    /** `CMP-2026-000123`: what people say and search for (absent on cases registered before numbers). */
    number?: string;
    registeredAt: string;
    registeredBy: string;
    owner?: string;
    identification?: Recorded<{ acknowledgement: string; evidence: string[] }>;
    analysis?: Recorded<{
      rootCause: string;
      causeCategory: CauseCategory;
      responsibleParty: ResponsibleParty;
      containmentAction?: string;
    }>;
    resolution?: Recorded<{ summary: string; actions: PlannedAction[] }>;
    verification?: Recorded<{ effective: boolean; notes: string }>;
    /** The last feedback link made for the customer, and what became of it. */
    feedbackLink?: FeedbackLink;
    feedback?: Recorded<{
      linkId?: string;
      satisfied: boolean;
      satisfactionScore: number;
      customerResponse: Personal;
      contactChannel: Channel;
    }>;
    archive?: Recorded<{ lessonsLearned: string; customerRecordRef?: string }>;
    /** Why the case was withdrawn, and the step it stood at then (absent for withdrawals folded before it was kept). */
    withdrawal?: Recorded<{ reason: WithdrawReason; explanation: string; duplicateOf?: string; step?: ComplaintStep }>;
    waitingOnCustomer?: Recorded<{ reason: string; reasonCode?: string }>;
    containment?: Recorded<{ action: string }>;
    /** Every file attached, retracted ones marked (absent on cases folded before evidence: none). */
    evidence?: readonly EvidenceRef[];
    /** The notes on the case file: their texts stay in its history (a long case would otherwise copy every note at each one). */
    commentCount: number;
    /**
     * The Message-IDs of the last messages the customer wrote, so one read
     * twice is recorded once (absent: none yet). Bounded: the state is
     * carried from run to run, and a stranger may write any number.
     */
    customerMessageIds?: readonly string[];
    sla: SlaState;
    reopenCount: number;
    failedVerifications: number;
    updatedAt: string;
  }>;

export type OpenComplaint = ComplaintCase & Readonly<{ status: 'open'; step: ComplaintStep }>;
export type ArchivedComplaint = ComplaintCase & Readonly<{ status: 'archived' }>;
export type WithdrawnComplaint = ComplaintCase & Readonly<{ status: 'withdrawn' }>;
export type ClosedComplaint = ArchivedComplaint | WithdrawnComplaint;
export type RegisteredComplaint = OpenComplaint | ClosedComplaint;
export type ComplaintState = Readonly<{ status: 'unregistered' }> | RegisteredComplaint;

export const initialComplaintState = (): ComplaintState => ({ status: 'unregistered' });

const atStep = (
  state: ComplaintCase,
  step: ComplaintStep,
  at: string,
  changes: Partial<ComplaintCase> = {},
): OpenComplaint => ({
  ...state,
  ...changes,
  status: 'open',
  step,
  updatedAt: at,
});

/** The case's facts after an event, before its clocks catch up. */
const apply = (
  state: RegisteredComplaint,
  event: Exclude<ComplaintEvent, ComplaintRegistered>,
): RegisteredComplaint => {
  const { data } = event;
  const touched = { ...state, updatedAt: data.at };
  switch (event.type) {
    case 'ComplaintIdentified': {
      const { owner, category, severity, acknowledgement, evidence, at, by } = event.data;
      return atStep(state, 'analyse', at, {
        owner,
        category,
        severity,
        identification: { acknowledgement, evidence, at, by },
      });
    }
    case 'ComplaintAnalysed': {
      const { at, by, rootCause, causeCategory, responsibleParty, containmentAction } = event.data;
      return atStep(state, 'resolve', at, {
        analysis: { rootCause, causeCategory, responsibleParty, containmentAction, at, by },
      });
    }
    case 'ResolutionImplemented':
      return atStep(state, 'verify', data.at, { resolution: event.data });
    case 'ResolutionVerified': {
      const verification = event.data;
      const failedVerifications = state.failedVerifications + (verification.effective ? 0 : 1);
      // A failed verification stays at verify until ComplaintReopened says where it goes.
      return atStep(state, verification.effective ? 'feedback' : 'verify', data.at, {
        verification,
        failedVerifications,
      });
    }
    case 'ComplaintReopened': {
      const { archive: _archive, withdrawal: _withdrawal, ...reopened } = state as ComplaintCase;
      // A failed verification sending the case back is counted as such (failedVerifications), not as a reopening.
      const reopenings = event.data.trigger === 'verification-failed' ? 0 : 1;
      return atStep(reopened, event.data.returnTo, data.at, { reopenCount: state.reopenCount + reopenings });
    }
    case 'CustomerFeedbackRecorded': {
      const { linkId } = event.data;
      const answered =
        linkId !== undefined && state.feedbackLink?.linkId === linkId
          ? { feedbackLink: { ...state.feedbackLink, answeredAt: data.at } }
          : {};
      return atStep(state, event.data.satisfied ? 'archive' : 'feedback', data.at, {
        feedback: event.data,
        ...answered,
      });
    }
    case 'FeedbackLinkIssued': {
      const { linkId, tokenHash, expiresAt, summary, at, by } = event.data;
      return { ...touched, feedbackLink: { linkId, tokenHash, expiresAt, summary, issuedAt: at, issuedBy: by } };
    }
    case 'FeedbackLinkOpened':
      return state.feedbackLink?.linkId === event.data.linkId
        ? { ...touched, feedbackLink: { ...state.feedbackLink, openedAt: data.at } }
        : touched;
    case 'ComplaintArchived': {
      const { step: _closedStep, ...rest } = state as OpenComplaint;
      return { ...rest, archive: event.data, status: 'archived', updatedAt: data.at };
    }
    case 'ComplaintWithdrawn': {
      const { step, ...rest } = state as OpenComplaint;
      return { ...rest, withdrawal: { ...event.data, step }, status: 'withdrawn', updatedAt: data.at };
    }
    case 'SeverityChanged':
      return { ...touched, severity: event.data.to };
    case 'ComplaintReassigned':
      return { ...touched, owner: event.data.to };
    case 'CommentAdded':
      return { ...touched, commentCount: state.commentCount + 1 };
    case 'CustomerMessageReceived':
      return {
        ...touched,
        customerMessageIds: [...(state.customerMessageIds ?? []), event.data.messageId].slice(-keptMessageIds),
      };
    case 'CustomerWaitStarted':
      return { ...touched, waitingOnCustomer: event.data };
    case 'ContainmentRecorded':
      return { ...touched, containment: event.data };
    case 'EvidenceAttached':
      return { ...touched, evidence: withAttached(state.evidence, event.data) };
    case 'EvidenceRetracted':
      return { ...touched, evidence: withRetracted(state.evidence, event.data) };
    case 'EvidencePurged':
      return { ...touched, evidence: withPurged(state.evidence, event.data) };
    // A message sent is on the record, but the case itself has not moved.
    case 'NotificationSent':
    case 'NotificationFailed':
      return state;
    case 'CustomerWaitEnded': {
      const { waitingOnCustomer: _, ...rest } = touched;
      return rest;
    }
    case 'SlaWarningIssued':
      return { ...touched, sla: markClock(state.sla, { kind: 'warning', clock: event.data.clock }) };
    case 'SlaBreached':
      return { ...touched, sla: markClock(state.sla, { kind: 'breach', clock: event.data.clock }) };
    case 'ComplaintEscalated': {
      const escalation = event.data;
      const marked =
        escalation.trigger === 'sla'
          ? markClock(state.sla, { kind: 'escalation', clock: escalation.clock, level: escalation.level })
          : { ...state.sla, manualLevel: Math.max(state.sla.manualLevel, escalation.level) };
      return { ...touched, sla: escalatedTo(marked, escalation.level) };
    }
    case 'ComplaintDeescalated':
      return { ...touched, sla: deescalatedTo(state.sla, event.data.to) };
    default:
      return assertNever(event);
  }
};

/** Something was done to protect the customer: recorded as such, or with the analysis. */
const isContained = (state: RegisteredComplaint): boolean =>
  state.containment !== undefined || !!state.analysis?.containmentAction;

const situationOf = (state: ComplaintState, severity: Severity): ClockSituation => {
  if (state.status !== 'open')
    return {
      open: false,
      identified: state.status !== 'unregistered' && !!state.identification,
      contained: state.status !== 'unregistered' && isContained(state),
      severity,
      paused: false,
    };
  return {
    open: true,
    step: state.step,
    identified: !!state.identification,
    contained: isContained(state),
    severity: state.severity,
    paused: state.step === 'feedback' || state.waitingOnCustomer !== undefined,
  };
};

const register = ({ data }: ComplaintRegistered): RegisteredComplaint => {
  const { complaintId, at, by, slaPolicy, ...details } = data;
  return {
    ...details,
    id: complaintId,
    registeredAt: at,
    registeredBy: by,
    commentCount: 0,
    sla: { policy: slaPolicy, clocks: [], manualLevel: 0 },
    reopenCount: 0,
    failedVerifications: 0,
    updatedAt: at,
    status: 'open',
    step: 'identify',
  };
};

/** A link unanswered when the case leaves feedback (an answer taken by phone, a withdrawal) dies with the step. */
const voidedOnLeavingFeedback = (
  before: RegisteredComplaint,
  next: RegisteredComplaint,
  at: string,
): RegisteredComplaint => {
  const link = next.feedbackLink;
  const left =
    before.status === 'open' && before.step === 'feedback' && (next.status !== 'open' || next.step !== 'feedback');
  if (!left || !link || link.answeredAt || link.voidedAt) return next;
  return { ...next, feedbackLink: { ...link, voidedAt: at } };
};

export const evolveComplaint = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  let next: RegisteredComplaint;
  if (event.type === 'ComplaintRegistered') next = register(event);
  // Events of a case that was never registered cannot occur in a valid stream.
  else if (state.status === 'unregistered') return state;
  else next = voidedOnLeavingFeedback(state, apply(state, event), event.data.at);
  const before = situationOf(state, next.severity);
  const after = situationOf(next, next.severity);
  // Most events of a long case (comments, SLA marks) leave its situation as it was, and so its clocks: re-planning them would change nothing.
  if (event.type !== 'ComplaintRegistered' && sameSituation(before, after)) return next;
  return { ...next, sla: reconcileClocks(next.sla, before, after, clocksMoveAt(event)) };
};

/** When an event moves the clocks: at once, except a registration's, which start when the complaint was received. */
const clocksMoveAt = (event: ComplaintEvent): string =>
  event.type === 'ComplaintRegistered' ? (event.data.receivedAt ?? event.data.at) : event.data.at;

const sameSituation = (a: ClockSituation, b: ClockSituation): boolean =>
  a.open === b.open &&
  a.step === b.step &&
  a.identified === b.identified &&
  a.contained === b.contained &&
  a.severity === b.severity &&
  a.paused === b.paused;
