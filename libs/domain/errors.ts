/**
 * Domain errors carry a stable code. The code crosses process boundaries
 * (Temporal failures, HTTP problem details), the class does not.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

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

/** The actor lacks the role a rule of the domain asks for. */
export class NotPermitted extends DomainError {
  readonly code = 'not-permitted';
}

/** A well-formed command that a business rule refuses. */
export class RuleViolated extends DomainError {
  readonly code = 'rule-violated';
}
