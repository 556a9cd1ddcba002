import type { Personal } from '../domain/personal.js';
import type { ChainVerdict } from '../event-store/hash-chain.js';
import type { PolicyKind } from './policy.js';
import type {
  ClockReading,
  ComplaintAction,
  ComplaintCase,
  ComplaintStep,
  CustomerAction,
  CustomerKind,
  FeedbackLink,
  FeedbackLinkState,
  MeasurementWindow,
  RegisteredCustomer,
  PauseReason,
  RegisteredComplaint,
  RegisteredSupplier,
  SupplierAction,
  SupplierPhase,
} from '../domain/index.js';
/**
 * Shapes the API answers from its read side, shared with whoever reads them
 * (the web UI among them), so a client cannot drift from the server. Pure
 * types: nothing here may import I/O.
 */

/** One line of a stream's history as an auditor reads it (`GET …/history`). */
export type TimelineEntry = Readonly<{
  seq: number;
  position: number;
  id: string;
  type: string;
  time: string;
  actor: string | null;
  cause: string | null;
  data: unknown;
  metadata: Readonly<Record<string, unknown>>;
  prevHash: string | null;
  hash: string;
}>;

/** A supplier's scorecard: the columns lists and reports use (`GET /suppliers`). */
export type ScorecardRow = Readonly<{
  id: string;
  revision: number;
  name: string;
  category: string;
  criticality: string;
  status: string;
  grade: string | null;
  score: number | null;
  outcome: string | null;
  nextEvaluationDue: string | null;
  evaluationOpen: boolean;
  openCorrectiveActions: number;
  overdueCorrectiveActions: number;
  attributedComplaints: number;
  evaluations: number;
  lastEvaluatedAt: string | null;
  updatedAt: string;
}>;

/** A customer in a list (`GET /customers`): who it is, and how many complaints it brought. */
export type CustomerRow = Readonly<{
  id: string;
  revision: number;
  name: string;
  kind: CustomerKind;
  status: 'active' | 'merged';
  mergedInto: string | null;
  externalRef: string | null;
  /** The first contact's name and ways to reach them, as a list shows it. */
  contact: string | null;
  complaints: number;
  openComplaints: number;
  registeredAt: string;
  updatedAt: string;
}>;

/** A customer as `GET /customers/:id` answers it: the record, and what the caller may do to it now. */
export type CustomerView = RegisteredCustomer & Readonly<{ revision: number; allowedActions: CustomerAction[] }>;

/** A case in a list: what an owner's inbox shows, without the case file (`GET /complaints`). */
export type CaseListItem = Readonly<{
  id: string;
  revision: number;
  status: 'open' | 'archived' | 'withdrawn';
  step: string | null;
  owner: string | null;
  severity: string;
  category: string;
  title: string;
  /** `CMP-2026-000123`; null for cases registered before numbers. */
  number: string | null;
  supplierId: string | null;
  causeCategory: string | null;
  registeredAt: string;
  updatedAt: string;
  closedAt: string | null;
  reopenCount: number;
  customer: { name: string; id: string | null };
  sla: {
    dueAt: string | null;
    paused: boolean;
    /** Why it waits on the customer: a pause reason code of its policy (null if it does not wait, or its wait has no code). */
    waitReason: string | null;
    overdue: boolean;
    breached: boolean;
    escalationLevel: number;
  };
}>;

/** A page of a list. */
export type Listing<T> = Readonly<{ items: T[]; total: number; limit: number; offset: number }>;

/**
 * A page of the case list. Paged by `cursor`, it has no offset (null) and
 * `nextCursor` leads on; its total is exact up to a bound, then the bound
 * with `totalExact` false ("10,000+"), unless exact counting was asked for.
 */
export type CaseListing = Omit<Listing<CaseListItem>, 'offset'> &
  Readonly<{ offset: number | null; totalExact: boolean; nextCursor: string | null }>;

export type { ChainVerdict };

/** An event the cross-check with the Temporal histories could not vouch for. */
export type Discrepancy = Readonly<{ revision?: number; eventId: string; type: string; problem: string }>;

export type CrossCheck = Readonly<{
  /** Events whose cause was found in a workflow history: the append that wrote them and the update or timer behind it. */
  traced: number;
  /** Events that could not be checked because their run's history is gone (retention) or was never kept. */
  unverifiable: readonly Discrepancy[];
  discrepancies: readonly Discrepancy[];
}>;

export type AuditVerdict = 'intact' | 'tampered' | 'unreadable' | 'unverified';

/** A stream's audit (`GET …/audit`, `qloop audit`). */
export type AuditReport = Readonly<{
  streamId: string;
  checkedAt: string;
  events: number;
  /**
   * intact: the chain holds and every event traces to its workflow;
   * tampered: the chain is broken or the store and Temporal disagree;
   * unreadable: nothing read shows tampering, but some revisions sit on a damaged page of the store;
   * unverified: the chain holds but some events could not be cross-checked.
   */
  verdict: AuditVerdict;
  chain: ChainVerdict;
  /** The revisions the store could not read (a damaged page): present with the verdict `unreadable`, or `tampered` when what was read is also forged. */
  unreadableRevisions?: readonly number[];
  /** Absent when no workflow history could be asked (Temporal unreachable from where the audit ran). */
  workflow?: CrossCheck;
  /** Why the cross-check could not be made, when Temporal was asked and did not answer. */
  workflowCheckError?: string;
  /** Every file the stream names, re-hashed (absent where the files could not be reached from where the audit ran). */
  files?: readonly FileVerdict[];
}>;

/** A file an event names, as the audit found its bytes: still hashing to that name, altered, or gone. */
export type FileVerdict = Readonly<{
  evidenceId: string;
  /** The revision of the event that attached it. */
  revision: number;
  /** Sealed where the file's name is personal data: the API's answers open it. */
  fileName: Personal;
  sha256: string;
  /** unchecked: the file store did not answer (the verdict is then unverified at best); purged: deleted on purpose, as an event of the stream records. */
  status: 'verified' | 'altered' | 'missing' | 'unchecked' | 'purged';
}>;

/** A policy as it stands: where it comes from, and, once adopted here, who adopted it, when and why. */
export type PolicyView = Readonly<{
  kind: PolicyKind;
  source: 'adopted' | 'file' | 'built-in';
  /** The revision of its stream (the If-Match of the next change); -1 while none was adopted here. */
  revision: number;
  document: unknown;
  adoptedAt?: string;
  adoptedBy?: string;
  reason?: string;
}>;

/** How far the read models follow the store (`GET /admin/projections`). */
export type ProjectionStatus = Readonly<{
  /** The position of the last event applied; null before the first. */
  checkpoint: number | null;
  /** The position of the newest event in the store; null while it is empty. */
  head: number | null;
  /** How far the read models trail the store, in positions of the global order (0: up to date). */
  lag: number;
  lastError?: string;
  /** Streams whose read model is held at the event before one it could not fold; the rest go on. */
  quarantined: readonly QuarantinedStream[];
}>;

/** A stream the read models stopped following at an event they could not fold (a bug, or data from before a check). */
export type QuarantinedStream = Readonly<{
  streamId: string;
  position: number;
  revision: number;
  type: string;
  error: string;
  quarantinedAt: string;
}>;

/**
 * How people sign in here (`GET /auth/config`): `embedded`, a person picked
 * on this machine; `oidc`, the identity provider named; `token`, a bearer
 * token pasted.
 */
export type SignInConfig = Readonly<
  { mode: 'embedded' } | { mode: 'oidc'; issuer: string; clientId: string; scope: string } | { mode: 'token' }
>;

/** A report as `GET /reports/*` answers it in JSON: its tables, and their headings in the reader's language. */
export type LabelledReport = Readonly<{
  generatedAt: string;
  from: string | null;
  to: string | null;
  period: string;
  sections: Readonly<Record<string, readonly Readonly<Record<string, string | number | boolean | null>>[]>>;
  labels: Readonly<{ sections: Readonly<Record<string, string>>; columns: Readonly<Record<string, string>> }>;
}>;

/** The SLA picture of a case at an instant: its clocks (running, paused or stopped) as they read then, the next due time and the rung reached. */
export type SlaView = Readonly<{
  asOf: string;
  dueAt?: string;
  paused: boolean;
  breached: boolean;
  escalationLevel: number;
  clocks: readonly ClockReading[];
}>;

/** The scales a client's inputs are drawn on: the rungs of this case's ladder, the satisfaction score's range. */
export type ComplaintScales = Readonly<{
  escalationLadder: number;
  satisfaction: Readonly<{ min: number; max: number }>;
  /** What a wait on the customer may name as its reason: the case's policy's codes, a code of its own with its words. */
  pauseReasons: readonly PauseReason[];
}>;

/** The case as clients see it (`GET /complaints/:id`, and every Update's answer): the policy it runs under stays in its history. */
/** A feedback link as its case shows it: where it stands, never its token or the token's hash. */
export type FeedbackLinkView = Omit<FeedbackLink, 'tokenHash'> & Readonly<{ state: FeedbackLinkState }>;

export type ComplaintView = Omit<ComplaintCase, 'sla' | 'feedbackLink'> &
  (
    | Readonly<{ status: 'open'; step: ComplaintStep }>
    | Readonly<{ status: Exclude<RegisteredComplaint['status'], 'open'>; step?: undefined }>
  ) & {
    sla: SlaView;
    feedbackLink?: FeedbackLinkView;
    revision: number;
    /** What the caller may do to the case now; none on a case as it stood in the past. */
    allowedActions: ComplaintAction[];
    scales: ComplaintScales;
  };

/** The supplier as clients see it (`GET /suppliers/:id`): the policy it is judged by stays in its history. */
export type SupplierView = Omit<RegisteredSupplier, 'policy'> &
  Readonly<{
    revision: number;
    /** Where it stands in its cycle: waiting for the next evaluation, being evaluated, or disqualified. */
    phase: SupplierPhase;
    openCorrectiveActions: number;
    /** Evaluations and corrective action requests in all: the lists hold the last ones. */
    evaluationCount: number;
    correctiveActionCount: number;
    /** What scores submitted now would be measured on, as the evaluation will record it. */
    sinceLastEvaluation: Omit<MeasurementWindow, 'to'>;
    /** What the caller may do to the supplier now; none on a supplier as it stood in the past. */
    allowedActions: SupplierAction[];
    scales: Readonly<{ score: Readonly<{ min: number; max: number }> }>;
  }>;
