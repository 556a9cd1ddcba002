import {
  complaintDecider,
  escalationLevelOf,
  nextDueAt,
  activeClocks,
  type ComplaintEvent,
  type ComplaintState,
  type RegisteredComplaint,
} from '../domain/index.js';
import { erasedMark } from '../domain/personal.js';
import { plainText, type PersonalText } from './personal-text.js';
import { noticeOf, type NoticeFact } from './notices.js';
import { searchGrams } from './search-grams.js';

/**
 * What the read model keeps of one case between events: the case folded by
 * the domain's own `evolve` (one way to fold), and the little the domain does
 * not need but reports do.
 */
export type CaseRecord = Readonly<{
  state: RegisteredComplaint;
  revision: number;
  /** When the case entered its current step (or closed). */
  stepEnteredAt: string;
  /** The highest rung the case ever stood on; the domain only knows the current one. */
  maxEscalationLevel: number;
  /**
   * A wait the case still holds was counted up to here: it was closed while
   * waiting (the wait counted to the close) and reopened (it runs again from
   * then), so the close's part is never counted twice, nor the closed time.
   */
  waitCountedUntil?: string;
}>;

/** A step the case spent time in, once it has left it. */
export type StepInterval = Readonly<{
  caseId: string;
  revision: number;
  step: string;
  severity: string;
  enteredAt: string;
  leftAt: string;
}>;

export type EscalationFact = Readonly<{
  caseId: string;
  revision: number;
  level: number;
  trigger: 'sla' | 'manual';
  role: string;
  at: string;
}>;

/** A wait on the customer, once it has ended: how long the clocks stood still, and why. */
export type WaitFact = Readonly<{
  caseId: string;
  revision: number;
  /** Absent on waits recorded before reasons had codes. */
  reasonCode: string | null;
  startedAt: string;
  endedAt: string;
}>;

/** A feedback link made for a case: where the public page finds the case by its token's hash. */
export type FeedbackLinkFact = Readonly<{ tokenHash: string; caseId: string }>;

export type CaseFacts = Readonly<{
  record: CaseRecord | undefined;
  intervals: StepInterval[];
  escalations: EscalationFact[];
  waits: WaitFact[];
  links: FeedbackLinkFact[];
  notices: NoticeFact[];
}>;

/** A case's event as the projector folds it: its place in the case, and in the store's global order (absent in folds of a case alone). */
export type RevisionedEvent = ComplaintEvent & Readonly<{ revision: number; position?: number }>;

/** Where a case stands for time-in-step: its step while open, else how it closed. */
const placeOf = (state: ComplaintState): string => (state.status === 'open' ? state.step : state.status);

/** Folds a case's next events into its record, collecting the facts reports count. Pure: the projector and its tests share it. */
export const foldCase = (record: CaseRecord | undefined, events: readonly RevisionedEvent[]): CaseFacts => {
  let current = record;
  const intervals: StepInterval[] = [];
  const escalations: EscalationFact[] = [];
  const waits: WaitFact[] = [];
  const links: FeedbackLinkFact[] = [];
  const notices: NoticeFact[] = [];
  for (const event of events) {
    const before: ComplaintState = current?.state ?? complaintDecider.initialState();
    const after = complaintDecider.evolve(before, event);
    if (after.status === 'unregistered') continue;
    const at = event.data.at;
    // A case is in identify from when it was received: time to acknowledge counts from then.
    let stepEnteredAt = current?.stepEnteredAt ?? after.receivedAt ?? at;
    if (before.status !== 'unregistered' && placeOf(before) !== placeOf(after)) {
      if (before.status === 'open') {
        intervals.push({
          caseId: after.id,
          revision: event.revision,
          step: before.step,
          severity: before.severity,
          enteredAt: stepEnteredAt,
          leftAt: at,
        });
      }
      stepEnteredAt = at;
    }
    let waitCountedUntil = current?.waitCountedUntil;
    const wait = before.status === 'open' ? before.waitingOnCustomer : undefined;
    if (wait && (after.status !== 'open' || after.waitingOnCustomer?.at !== wait.at)) {
      const from = waitCountedUntil && waitCountedUntil > wait.at ? waitCountedUntil : wait.at;
      waits.push({
        caseId: after.id,
        revision: event.revision,
        reasonCode: wait.reasonCode ?? null,
        startedAt: from,
        endedAt: at,
      });
      waitCountedUntil = undefined;
    }
    if (
      before.status !== 'open' &&
      before.status !== 'unregistered' &&
      after.status === 'open' &&
      after.waitingOnCustomer
    )
      waitCountedUntil = at;
    if (event.type === 'FeedbackLinkIssued') {
      links.push({ tokenHash: event.data.tokenHash, caseId: after.id });
    }
    const notice = noticeOf(before, after, event);
    if (notice) notices.push(notice);
    if (event.type === 'ComplaintEscalated') {
      const { level, trigger, role } = event.data;
      escalations.push({ caseId: after.id, revision: event.revision, level, trigger, role, at });
    }
    const maxEscalationLevel = Math.max(current?.maxEscalationLevel ?? 0, escalationLevelOf(after.sla));
    current = {
      state: after,
      revision: event.revision,
      stepEnteredAt,
      maxEscalationLevel,
      ...(waitCountedUntil ? { waitCountedUntil } : {}),
    };
  }
  return { record: current, intervals, escalations, waits, links, notices };
};

/** The columns of the case list: what owners filter and sort by. */
export type CaseRow = Readonly<{
  id: string;
  revision: number;
  status: RegisteredComplaint['status'];
  step: string | null;
  owner: string | null;
  severity: string;
  category: string;
  channel: string;
  customerName: string;
  customerId: string | null;
  title: string;
  number: string | null;
  supplierId: string | null;
  causeCategory: string | null;
  registeredAt: string;
  updatedAt: string;
  closedAt: string | null;
  stepEnteredAt: string;
  slaDueAt: string | null;
  slaPaused: boolean;
  /** Why the case waits on the customer, if it does and the wait has a reason code. */
  waitReason: string | null;
  /** Some clock went past its target, now or before. */
  breached: boolean;
  /** A running clock is past its target now. */
  breachedNow: boolean;
  escalationLevel: number;
  maxEscalationLevel: number;
  reopenCount: number;
  failedVerifications: number;
  verified: boolean;
  satisfactionScore: number | null;
  feedbackAt: string | null;
  /** The last answer was the customer's own, through a feedback link (else the owner took it). */
  feedbackByCustomer: boolean;
  /** Lower-case text the free-text filter searches. */
  search: string;
  /** The grams that text is indexed by (search-grams.ts). */
  searchGrams: string[];
}>;

/** The case's row; `text` gives the personal values' text for the columns (a person's name as customer). */
export const caseRowOf = (
  { state, revision, stepEnteredAt, maxEscalationLevel }: CaseRecord,
  text: PersonalText = plainText,
): CaseRow => {
  const customerName = text(state.customer.name);
  const description = text(state.description);
  const active = activeClocks(state.sla);
  const pastTarget = state.sla.clocks.filter(
    (clock) => clock.breached || (clock.stoppedAt !== undefined && clock.spentMs > clock.targetMs),
  );
  const supplierId =
    state.analysis?.responsibleParty.type === 'supplier'
      ? state.analysis.responsibleParty.supplierId
      : (state.supplierId ?? null);
  const closedAt = state.archive?.at ?? state.withdrawal?.at ?? null;
  const search = [
    state.id,
    state.number,
    state.title,
    description === erasedMark ? undefined : description,
    customerName === erasedMark ? undefined : customerName,
    state.customer.id,
    state.productRef,
    state.orderRef,
    state.owner,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return {
    id: state.id,
    revision,
    status: state.status,
    step: state.status === 'open' ? state.step : null,
    owner: state.owner ?? null,
    severity: state.severity,
    category: state.category,
    channel: state.channel,
    customerName,
    customerId: state.customer.id ?? null,
    title: state.title,
    number: state.number ?? null,
    supplierId,
    causeCategory: state.analysis?.causeCategory ?? null,
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
    closedAt: state.status === 'open' ? null : closedAt,
    stepEnteredAt,
    slaDueAt: state.status === 'open' ? (nextDueAt(state.sla) ?? null) : null,
    slaPaused: active.length > 0 && active.every((clock) => clock.runningSince === undefined),
    waitReason: (state.status === 'open' && state.waitingOnCustomer?.reasonCode) || null,
    breached: pastTarget.length > 0,
    breachedNow: active.some((clock) => clock.breached),
    escalationLevel: state.status === 'open' ? escalationLevelOf(state.sla) : 0,
    maxEscalationLevel,
    reopenCount: state.reopenCount,
    failedVerifications: state.failedVerifications,
    verified: state.verification !== undefined,
    satisfactionScore: state.feedback?.satisfactionScore ?? null,
    feedbackAt: state.feedback?.at ?? null,
    feedbackByCustomer: state.feedback?.linkId !== undefined,
    search,
    searchGrams: searchGrams(search),
  };
};
