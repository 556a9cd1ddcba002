import type { TFunction } from 'i18next';

/** "12 cases", or past the bound of a bounded count "10,000+ cases", the number as the reader writes numbers. */
export const totalText = (
  t: TFunction,
  language: string,
  { total, totalExact }: Readonly<{ total: number; totalExact: boolean }>,
): string =>
  totalExact
    ? t('inbox.total', { count: total })
    : t('inbox.totalAtLeast', { bound: new Intl.NumberFormat(language).format(total) });
