/**
 * What a refusal says, as data: the key of its sentence in the catalogues
 * (libs/i18n, `refusal`) and the values of its placeholders. A value named
 * for a word of the domain (`step`, `severity`, `role`…) is that word's code,
 * which the reader's language turns into a word. The English `message`
 * beside it stays for logs and as the fallback.
 */
export type Refusal = Readonly<{ key: RefusalKey; params?: Readonly<Record<string, RefusalParam>> }>;
export type RefusalParam = string | number | readonly string[];

export const refusalKeys = [
  'case-not-registered',
  'case-already-registered',
  'case-closed',
  'step-not-current',
  'case-open',
  'sla-policy-lacks-severities',
  'received-at-invalid',
  'received-after-registration',
  'resolution-needs-action',
  'verifier-is-implementer',
  'satisfaction-score-range',
  'severity-unchanged',
  'owner-unchanged',
  'feedback-waits-already',
  'waiting-already',
  'pause-reason-unknown',
  'containment-step',
  'containment-recorded',
  'evidence-id-taken',
  'evidence-unknown',
  'evidence-retracted',
  'evidence-purged',
  'evidence-limit',
  'evaluation-unknown',
  'not-waiting',
  'escalation-level-held',
  'escalation-beyond-ladder',
  'deescalation-supervisor-only',
  'not-escalated',
  'deescalation-level-not-lower',
  'duplicate-names-case',
  'only-duplicate-names-case',
  'duplicate-of-itself',
  'reopen-supervisor-only',
  'case-of-another-owner',
  'supplier-not-registered',
  'supplier-already-registered',
  'evaluation-policy-lacks-grades',
  'counts-whole-numbers',
  'on-time-exceeds-deliveries',
  'rejected-exceeds-received',
  'period-ends-before-start',
  'evaluation-open',
  'disqualified-needs-requalification',
  'evaluation-not-open',
  'scores-missing',
  'not-scored-criterion',
  'score-range',
  'corrective-action-unknown',
  'corrective-action-answered',
  'supplier-not-disqualified',
  'customer-not-registered',
  'customer-already-registered',
  'customer-merged',
  'customer-merge-self',
  'customer-erased',
  'feedback-link-void',
  'feedback-link-expiry',
] as const;
export type RefusalKey = (typeof refusalKeys)[number];

/**
 * Domain errors carry a stable code, and what they say as a `Refusal` inside
 * their details (which cross process boundaries, Temporal failures and HTTP
 * problem details, as data); the class does not cross them.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}, refusal?: Refusal) {
    super(message);
    this.name = new.target.name;
    this.details = refusal ? { ...details, refusal } : details;
  }
}

/** The refusal a failure's details carry, if they carry one. */
export const refusalIn = (details: unknown): Refusal | undefined => {
  const refusal = (details as { refusal?: Refusal } | null | undefined)?.refusal;
  return refusal && typeof refusal.key === 'string' && (refusalKeys as readonly string[]).includes(refusal.key)
    ? refusal
    : undefined;
};

export type DomainErrorCode =
  | 'case-not-registered'
  | 'case-already-registered'
  | 'step-not-current'
  | 'case-closed'
  | 'case-open'
  | 'supplier-not-registered'
  | 'supplier-already-registered'
  | 'evaluation-open'
  | 'evaluation-not-open'
  | 'corrective-action-answered'
  | 'supplier-not-disqualified'
  | 'customer-not-registered'
  | 'customer-already-registered'
  | 'customer-merged'
  | 'customer-erased'
  | 'feedback-link-void'
  | 'rule-violated'
  | 'not-permitted';

export class CaseNotRegistered extends DomainError {
  readonly code = 'case-not-registered';
}

export class CaseAlreadyRegistered extends DomainError {
  readonly code = 'case-already-registered';
}

/** The command completes a step the case is not at: a conflict with the case's state. */
export class StepNotCurrent extends DomainError {
  readonly code = 'step-not-current';
}

export class CaseClosed extends DomainError {
  readonly code = 'case-closed';
}

/** Only a closed case can be reopened. */
export class CaseOpen extends DomainError {
  readonly code = 'case-open';
}

export class SupplierNotRegistered extends DomainError {
  readonly code = 'supplier-not-registered';
}

export class SupplierAlreadyRegistered extends DomainError {
  readonly code = 'supplier-already-registered';
}

/** An evaluation is under way: another cannot start until it is scored. */
export class EvaluationOpen extends DomainError {
  readonly code = 'evaluation-open';
}

/** Scores for an evaluation that was never started, or already scored. */
export class NoEvaluationOpen extends DomainError {
  readonly code = 'evaluation-not-open';
}

export class CorrectiveActionAnswered extends DomainError {
  readonly code = 'corrective-action-answered';
}

/** Only a disqualified supplier is requalified. */
export class SupplierNotDisqualified extends DomainError {
  readonly code = 'supplier-not-disqualified';
}

export class CustomerNotRegistered extends DomainError {
  readonly code = 'customer-not-registered';
}

export class CustomerAlreadyRegistered extends DomainError {
  readonly code = 'customer-already-registered';
}

/** A duplicate merged into another customer: changes go to that one. */
export class MergedCustomer extends DomainError {
  readonly code = 'customer-merged';
}

/** A customer whose personal data was erased: it takes none again. */
export class ErasedCustomer extends DomainError {
  readonly code = 'customer-erased';
}

/** A feedback link that is not the case's current one, or was answered, or expired: it answers nothing. */
export class FeedbackLinkVoid extends DomainError {
  readonly code = 'feedback-link-void';
}

/** The actor lacks the role a rule of the domain asks for. */
export class NotPermitted extends DomainError {
  readonly code = 'not-permitted';
}

/** A well-formed command that a business rule refuses. */
export class RuleViolated extends DomainError {
  readonly code = 'rule-violated';
}
