import type { InvalidPolicy } from '../../../libs/domain/index.js';
import type { FailureType } from '../../../libs/contracts/index.js';

export type FieldError = Readonly<{ field: string; message: string }>;

/** An RFC 9457 problem document, and the error that carries one to the filter. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? title);
  }

  toJSON(): Record<string, unknown> {
    return { type: `urn:qloop:problem:${this.code}`, title: this.title, status: this.status, detail: this.detail, ...this.extensions };
  }
}

export const validationProblem = (errors: FieldError[], detail = 'The request has invalid fields') =>
  new Problem(400, 'validation', 'Invalid request', detail, { errors });

/** Each problem of a policy document as a field error, its path under `field` ("severities.high.case: ..." → policy.severities.high.case). */
export const invalidPolicy = (error: InvalidPolicy, field = 'policy') =>
  new Problem(422, 'invalid-policy', 'Invalid policy', 'The policy document has problems', {
    errors: error.problems.map((problem): FieldError => {
      const colon = problem.indexOf(': ');
      return colon > 0 ? { field: `${field}.${problem.slice(0, colon)}`, message: problem.slice(colon + 2) } : { field, message: problem };
    }),
  });

export const notFound = (what: string) => new Problem(404, 'not-found', 'Not found', `${what} does not exist`);

/** How each deliberate workflow or activity failure reads over HTTP: the one place it is decided. */
export const failureStatus: Readonly<Record<FailureType, { status: number; title: string }>> = {
  'case-not-registered': { status: 404, title: 'Not found' },
  'case-already-registered': { status: 409, title: 'Already registered' },
  'step-not-current': { status: 409, title: 'Not the current step' },
  'case-closed': { status: 409, title: 'Case closed' },
  'case-open': { status: 409, title: 'Case open' },
  'not-permitted': { status: 403, title: 'Not permitted' },
  'revision-conflict': { status: 409, title: 'Revision conflict' },
  'rule-violated': { status: 422, title: 'Refused by a business rule' },
  'invalid-command': { status: 400, title: 'Invalid command' },
  'invalid-append': { status: 422, title: 'Refused by the event store' },
};
