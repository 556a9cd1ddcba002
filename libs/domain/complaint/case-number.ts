/**
 * Case numbers people can say on the phone: `CMP-2026-000123`, a prefix, the
 * year of registration and a gap-free sequence within that year.
 */
const pattern = /^CMP-(\d{4})-(\d{6,})$/;

export type CaseNumber = Readonly<{ year: number; sequence: number }>;

export const formatCaseNumber = ({ year, sequence }: CaseNumber): string =>
  `CMP-${year}-${String(sequence).padStart(6, '0')}`;

/** The year and sequence of a case number, or undefined if the text is not one (any case of letters). */
export const parseCaseNumber = (text: string): CaseNumber | undefined => {
  const match = pattern.exec(text.trim().toUpperCase());
  if (!match) return undefined;
  const sequence = Number(match[2]);
  return sequence >= 1 && Number.isSafeInteger(sequence) ? { year: Number(match[1]), sequence } : undefined;
};

/** The year a case registered at `at` is numbered in: the year on the calendar of `timeZone` (UTC without one). */
export const numberingYear = (at: string, timeZone = 'UTC'): number =>
  Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(at)));
