import type { TFunction } from 'i18next';
import type { ComplaintView } from '../api/types.js';

export type PauseReason = ComplaintView['scales']['pauseReasons'][number];

/** The case's policy's reasons and the reader's language: what a policy's own reason needs to be read. */
export type PauseReasonWords = Readonly<{ reasons: readonly PauseReason[]; language: string }>;

/**
 * A pause reason in the reader's words: a policy's own reason as the case's
 * policy words it in the reader's language (where the caller knows the case),
 * a built-in one as the catalogue does, else the policy's other words or the code.
 */
export const pauseReasonWord = (code: string, t: TFunction, policy?: PauseReasonWords): string => {
  const label = policy?.reasons.find((reason) => reason.code === code)?.label;
  const own = policy?.language.startsWith('zh') ? label?.['zh-CN'] : label?.en;
  return own ?? t(`domain:pauseReason.${code}`, { defaultValue: label?.en ?? label?.['zh-CN'] ?? code });
};
