import type { InvalidPolicy, RefusalKey } from '../../../libs/domain/index.js';
import {
  en,
  say,
  type ApiDetailKey,
  type Catalogue,
  type FieldRuleKey,
  type ProblemCode,
  type SentenceValues,
} from '../../../libs/i18n/index.js';

/** What a problem or a field error says, as data: its sentence's key in the catalogues and the values to put in. */
export type DetailText = Readonly<{ key: RefusalKey | ApiDetailKey; params?: SentenceValues }>;
export type FieldText = Readonly<{ key: FieldRuleKey; params?: SentenceValues }>;

/** A field's problem: `message` in English, and `text` to say it in the reader's language (not sent as such). */
export type FieldError = Readonly<{ field: string; message: string; text?: FieldText }>;

/** A field error whose English message is the catalogue's. */
export const fieldError = (field: string, key: FieldRuleKey, params?: SentenceValues): FieldError => ({
  field,
  message: say(en, en.fieldRule[key], params),
  text: { key, params },
});

/** How a reader is spoken to: the language, and the zone times are shown in (none: as they are, in UTC). */
export type Reader = Readonly<{ catalogue: Catalogue; timeZone?: string }>;

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
  'not-running': 409,
  'case-open': 409,
  'evaluation-open': 409,
  'evaluation-not-open': 409,
  'corrective-action-answered': 409,
  'supplier-not-disqualified': 409,
  'customer-not-registered': 404,
  'customer-already-registered': 409,
  'customer-merged': 409,
  'customer-erased': 409,
  // The file was there and was deliberately deleted: not a 404, and no retry brings it back.
  'file-purged': 410,
  'feedback-link-void': 404,
  'revision-conflict': 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'range-not-satisfiable': 416,
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
    /** The detail as data, for readers of other languages; without it `detail` is said as it is. */
    readonly text?: DetailText,
  ) {
    super(detail ?? en.problem[code]);
    this.status = statusOf[code];
    this.title = en.problem[code];
  }

  /**
   * The document in the reader's language: title, detail and field messages.
   * English is said as it was written (the catalogue's English is where the
   * API's own sentences come from); type, status and field names never change.
   */
  in({ catalogue, timeZone }: Reader): Record<string, unknown> {
    const { errors, ...extensions } = this.extensions as { errors?: readonly FieldError[] };
    const translate = catalogue !== en;
    return {
      type: `urn:qloop:problem:${this.code}`,
      title: catalogue.problem[this.code],
      status: this.status,
      detail:
        translate && this.text
          ? say(catalogue, catalogue.detail[this.text.key], this.text.params, { timeZone })
          : this.detail,
      ...extensions,
      ...(errors && {
        errors: errors.map(({ field, message, text }) => ({
          field,
          message:
            translate && text ? say(catalogue, catalogue.fieldRule[text.key], text.params, { timeZone }) : message,
        })),
      }),
    };
  }

  toJSON(): Record<string, unknown> {
    return this.in({ catalogue: en });
  }
}

export const problem = (
  code: ProblemCode,
  detail?: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem => new Problem(code, detail, extensions);

/** A problem whose detail is a sentence of the catalogues: English from `en`, other languages when answered. */
export const problemSaying = (
  code: ProblemCode,
  key: RefusalKey | ApiDetailKey,
  params?: SentenceValues,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem => new Problem(code, say(en, en.detail[key], params), extensions, { key, params });

export const validationProblem = (errors: FieldError[]) =>
  problemSaying('validation', 'invalid-fields', undefined, { errors });

/** Each problem of a policy document as a field error, its path under `field` (severities.high.case → policy.severities.high.case). */
export const invalidPolicy = (error: InvalidPolicy, field = 'policy') =>
  problemSaying('invalid-policy', 'invalid-policy-document', undefined, {
    errors: error.problems.map(({ path, key, params }) => fieldError(`${field}.${path}`, key, params)),
  });

/** An Idempotency-Key names one request: another route, caller or body under it is refused, never answered with the first one's outcome. */
export const keyReused = () =>
  problemSaying('idempotency-key-reused', 'idempotency-key-reused', undefined, { field: 'Idempotency-Key' });

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
    throw problemSaying(
      'record-unreadable',
      'record-not-foldable',
      { streamId, error: error instanceof Error ? error.message : String(error) },
      { streamId },
    );
  }
};

/** A 404 that names what is missing: `complaint-not-found` with `{ id }`, and so on. */
export const notFound = (key: ApiDetailKey, params: SentenceValues) => problemSaying('not-found', key, params);
