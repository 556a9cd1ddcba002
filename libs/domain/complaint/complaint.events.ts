import { assertNever, type Event, type Stamp } from '../decider.js';
import type {
  ActionKind,
  CauseCategory,
  Channel,
  ComplaintCategory,
  ComplaintStep,
  ReturnStep,
  Severity,
} from './vocabulary.js';

export type Customer = Readonly<{ name: string; id?: string; contact?: string }>;

export type ResponsibleParty =
  | Readonly<{ type: 'internal'; department: string }>
  | Readonly<{ type: 'supplier'; supplierId: string }>;

export type PlannedAction = Readonly<{ kind: ActionKind; description: string; owner: string; dueDate: string }>;

/** What a complaint says when it is registered. */
export type ComplaintDetails = Readonly<{
  customer: Customer;
  channel: Channel;
  category: ComplaintCategory;
  severity: Severity;
  title: string;
  description: string;
  productRef?: string;
  orderRef?: string;
  supplierId?: string;
}>;

export type ComplaintRegistered = Event<'ComplaintRegistered', Stamp & ComplaintDetails & { complaintId: string }>;

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
  Stamp & { returnTo: ReturnStep; reason: string; trigger: 'verification-failed' | 'customer-unsatisfied' }
>;

export type CustomerFeedbackRecorded = Event<
  'CustomerFeedbackRecorded',
  Stamp & { satisfied: boolean; satisfactionScore: number; customerResponse: string; contactChannel: Channel }
>;

export type ComplaintArchived = Event<
  'ComplaintArchived',
  Stamp & { lessonsLearned: string; customerRecordRef?: string }
>;

export type ComplaintEvent =
  | ComplaintRegistered
  | ComplaintIdentified
  | ComplaintAnalysed
  | ResolutionImplemented
  | ResolutionVerified
  | ComplaintReopened
  | CustomerFeedbackRecorded
  | ComplaintArchived;

export type ComplaintEventType = ComplaintEvent['type'];

type Recorded<T> = T & { at: string; by: string };

/** The case file: everything known about one complaint. */
export type ComplaintCase = ComplaintDetails & Readonly<{
  id: string;
  registeredAt: string;
  registeredBy: string;
  owner?: string;
  identification?: Recorded<{ acknowledgement: string; evidence: string[] }>;
  analysis?: Recorded<{ rootCause: string; causeCategory: CauseCategory; responsibleParty: ResponsibleParty; containmentAction?: string }>;
  resolution?: Recorded<{ summary: string; actions: PlannedAction[] }>;
  verification?: Recorded<{ effective: boolean; notes: string }>;
  feedback?: Recorded<{ satisfied: boolean; satisfactionScore: number; customerResponse: string; contactChannel: Channel }>;
  archive?: Recorded<{ lessonsLearned: string; customerRecordRef?: string }>;
  reopenCount: number;
  failedVerifications: number;
  updatedAt: string;
}>;

export type OpenComplaint = ComplaintCase & Readonly<{ status: 'open'; step: ComplaintStep }>;
export type ArchivedComplaint = ComplaintCase & Readonly<{ status: 'archived' }>;
export type ComplaintState = Readonly<{ status: 'unregistered' }> | OpenComplaint | ArchivedComplaint;

export const initialState = (): ComplaintState => ({ status: 'unregistered' });

const atStep = (state: ComplaintCase, step: ComplaintStep, at: string, changes: Partial<ComplaintCase> = {}): OpenComplaint => ({
  ...state,
  ...changes,
  status: 'open',
  step,
  updatedAt: at,
});

export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintRegistered') {
    const { complaintId, at, by, ...details } = event.data;
    return {
      ...details,
      id: complaintId,
      registeredAt: at,
      registeredBy: by,
      reopenCount: 0,
      failedVerifications: 0,
      updatedAt: at,
      status: 'open',
      step: 'identify',
    };
  }
  // Events of a case that was never registered cannot occur in a valid stream.
  if (state.status === 'unregistered') return state;

  const { data } = event;
  switch (event.type) {
    case 'ComplaintIdentified': {
      const { owner, category, severity, acknowledgement, evidence, at, by } = event.data;
      return atStep(state, 'analyse', data.at, { owner, category, severity, identification: { acknowledgement, evidence, at, by } });
    }
    case 'ComplaintAnalysed': {
      const { at, by, rootCause, causeCategory, responsibleParty, containmentAction } = event.data;
      return atStep(state, 'resolve', at, { analysis: { rootCause, causeCategory, responsibleParty, containmentAction, at, by } });
    }
    case 'ResolutionImplemented':
      return atStep(state, 'verify', data.at, { resolution: event.data });
    case 'ResolutionVerified': {
      const verification = event.data;
      const failedVerifications = state.failedVerifications + (verification.effective ? 0 : 1);
      // A failed verification stays at verify until ComplaintReopened says where it goes.
      return atStep(state, verification.effective ? 'feedback' : 'verify', data.at, { verification, failedVerifications });
    }
    case 'ComplaintReopened':
      return atStep(state, event.data.returnTo, data.at, { reopenCount: state.reopenCount + 1 });
    case 'CustomerFeedbackRecorded':
      return atStep(state, event.data.satisfied ? 'archive' : 'feedback', data.at, { feedback: event.data });
    case 'ComplaintArchived': {
      const { step: _closedStep, ...rest } = state as OpenComplaint;
      return { ...rest, archive: event.data, status: 'archived', updatedAt: data.at };
    }
    default:
      return assertNever(event);
  }
};
