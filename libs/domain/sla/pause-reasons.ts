import type { policyProblems } from '../policy.js';
import { shown } from '../validation.js';

/** Why a case's clocks stop while it waits on the customer, when a policy names none of its own. */
export const defaultPauseReasons = [
  'awaiting-information',
  'awaiting-returned-part',
  'awaiting-customer-test',
  'customer-unreachable',
] as const;
export type DefaultPauseReason = (typeof defaultPauseReasons)[number];

/** A reason a policy allows: a code, and for a code of its own the words people read, in each language. */
export type PauseReason = Readonly<{ code: string; label?: Readonly<{ en?: string; 'zh-CN'?: string }> }>;

/** As a policy file writes it: a code (a built-in one needs no words), or a code with its words. */
export type PauseReasonDocument = string | { code: string; label?: { en?: string; 'zh-CN'?: string } };

/** What a reason code looks like: it reaches URLs, report cells and the API's bodies. */
export const pauseReasonCodePattern = /^[a-z][a-z0-9-]{0,49}$/;
/** How reports name waits recorded before reasons had codes: no policy may take it for a reason of its own. */
export const unspecified = 'unspecified';
const maxReasons = 30;

/** The reasons the policy allows; a policy written before pause reasons existed allows the built-in ones. */
export const pauseReasonsOf = (policy: { pauseReasons?: readonly PauseReason[] }): readonly PauseReason[] =>
  policy.pauseReasons ?? defaultPauseReasons.map((code) => ({ code }));

/** Reads `pauseReasons` of a policy document, recording each problem by its path; absent stays absent. */
export const parsePauseReasons = (
  value: unknown,
  add: ReturnType<typeof policyProblems>['add'],
): PauseReason[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > maxReasons) {
    add('pauseReasons', 'pause-reason-list', { max: maxReasons });
    return undefined;
  }
  const seen = new Set<string>();
  return value.flatMap((entry: unknown, i): PauseReason[] => {
    const path = `pauseReasons[${i}]`;
    const written = typeof entry === 'string' ? { code: entry } : (entry as { code?: unknown; label?: unknown });
    if (typeof written !== 'object' || written === null || typeof written.code !== 'string') {
      add(path, 'pause-reason', { got: shown(entry) });
      return [];
    }
    const { code, label } = written;
    if (!pauseReasonCodePattern.test(code)) {
      add(`${path}.code`, 'pause-reason-code', { got: shown(code) });
      return [];
    }
    if (code === unspecified) add(`${path}.code`, 'pause-reason-reserved', { code });
    if (seen.has(code)) add(`${path}.code`, 'pause-reason-repeated', { code });
    seen.add(code);
    const words = label as Record<string, unknown> | undefined;
    const known = (defaultPauseReasons as readonly string[]).includes(code);
    const wordsValid =
      words === undefined
        ? known
        : typeof words === 'object' &&
          words !== null &&
          Object.entries(words).every(
            ([language, text]) =>
              (language === 'en' || language === 'zh-CN') &&
              typeof text === 'string' &&
              text.trim() !== '' &&
              text.length <= 100,
          ) &&
          (known || Object.keys(words).length > 0);
    if (!wordsValid) {
      add(`${path}.label`, 'pause-reason-label', { code });
      return [];
    }
    return [words === undefined ? { code } : { code, label: words as PauseReason['label'] }];
  });
};
