import type { InvalidPolicy } from '../../../libs/domain/index.js';
import { en, type ProblemCode } from '../../../libs/i18n/index.js';

export type FieldError = Readonly<{ field: string; message: string }>;

/**
 * Every problem's HTTP status, by code: the one place it is decided. Titles
 * are the catalogue's (libs/i18n), in the reader's language when answered.
 */
const statusOf: Readonly<Record<ProblemCode, number>> = {
  validation: 400,
  malformed: 400,
  'invalid-command': 400,
  unauthenticated: 401,
  'not-permitted': 403,
  'not-found': 404,
  'case-not-registered': 404,
  'supplier-not-registered': 404,
  'case-already-registered': 409,
  'supplier-already-registered': 409,
  'step-not-current': 409,
  'case-closed': 409,
  'case-open': 409,
  'evaluation-open': 409,
  'evaluation-not-open': 409,
  'corrective-action-answered': 409,
  'supplier-not-disqualified': 409,
  'revision-conflict': 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rule-violated': 422,
  'invalid-append': 422,
  'invalid-policy': 422,
  'idempotency-key-reused': 422,
  'rate-limited': 429,
  internal: 500,
  // The server's own data is damaged: not the client's doing, and no retry will mend it (so not 503).
  'record-unreadable': 500,
  unavailable: 503,
};

export const isProblemCode = (code: string | undefined | null): code is ProblemCode =>
  !!code && Object.hasOwn(statusOf, code);

/** An RFC 9457 problem document, and the error that carries one to the filter. Made by `problem`, never by hand. */
export class Problem extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? en.problem[code]);
    this.status = statusOf[code];
    this.title = en.problem[code];
  }

  toJSON(): Record<string, unknown> {
    return {
      type: `urn:qloop:problem:${this.code}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...this.extensions,
    };
  }
}

export const problem = (
  code: ProblemCode,
  detail?: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem => new Problem(code, detail, extensions);

export const validationProblem = (errors: FieldError[], detail = 'The request has invalid fields') =>
  problem('validation', detail, { errors });

/** Each problem of a policy document as a field error, its path under `field` ("severities.high.case: ..." → policy.severities.high.case). */
export const invalidPolicy = (error: InvalidPolicy, field = 'policy') =>
  problem('invalid-policy', 'The policy document has problems', {
    errors: error.problems.map((problem): FieldError => {
      const colon = problem.indexOf(': ');
      return colon > 0
        ? { field: `${field}.${problem.slice(0, colon)}`, message: problem.slice(colon + 2) }
        : { field, message: problem };
    }),
  });

/** An Idempotency-Key names one request: another route, caller or body under it is refused, never answered with the first one's outcome. */
export const keyReused = () =>
  problem(
    'idempotency-key-reused',
    'This Idempotency-Key was used for another request (another route, caller or body): use a new key for a new request',
    { field: 'Idempotency-Key' },
  );

/**
 * A record the current code cannot fold (an event stored before a check that
 * would now refuse it, such as a policy's ten-year bound): the server's data,
 * named, rather than an anonymous 500; the read models hold it in quarantine.
 */
export const runFold = <T>(streamId: string, work: () => T): T => {
  try {
    return work();
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw problem(
      'record-unreadable',
      `The record ${streamId} holds an event that cannot be folded (${error instanceof Error ? error.message : String(error)})`,
      { streamId },
    );
  }
};

export const notFound = (what: string) => problem('not-found', `${what} does not exist`);
