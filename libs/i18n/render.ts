import type { Catalogue } from './catalogue.js';
import { en } from './catalogue.js';

export type SentenceValue = string | number | boolean | null | undefined | readonly string[];
export type SentenceValues = Readonly<Record<string, SentenceValue>>;

/** Fills i18next-style {{placeholders}}; a missing value leaves its name, so a gap shows rather than vanishes. */
export const interpolate = (text: string, values: Readonly<Record<string, unknown>>): string =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (values[name] === undefined ? name : String(values[name])));

/** The words a value stands for, by the name of its placeholder: `{{step}}` holds a step's code, and so on. */
const vocabularyOf = (catalogue: Catalogue): Readonly<Record<string, Readonly<Record<string, string>>>> => ({
  step: catalogue.step,
  steps: catalogue.step,
  currentStep: catalogue.step,
  requestedStep: catalogue.step,
  severity: catalogue.severity,
  severities: catalogue.severity,
  status: catalogue.status,
  supplierStatus: catalogue.supplierStatus,
  role: catalogue.role,
  allowed: catalogue.role,
  held: catalogue.role,
  criterion: catalogue.criterion,
  criteria: catalogue.criterion,
  outcomes: catalogue.outcome,
  clock: catalogue.clock,
  trigger: catalogue.trigger,
  pauseReason: catalogue.pauseReason,
  pauseReasons: catalogue.pauseReason,
});

/** Placeholders that hold an instant (ISO 8601, UTC). */
const instants: ReadonlySet<string> = new Set(['at', 'dueAt', 'responseDue', 'dueBy']);

const listSeparator = (catalogue: Catalogue) => (catalogue === en ? ', ' : '、');

/** An instant as a reader's wall clock in `timeZone`: "2026-03-02 14:00". */
export const localTime = (iso: string, timeZone: string): string => {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

/** The zone a reader's times are shown in: the business calendar's if the policy has one, else China's for Chinese, else UTC. */
export const readerTimeZone = (catalogue: Catalogue, calendarZone?: string): string =>
  calendarZone ?? (catalogue === en ? 'UTC' : 'Asia/Shanghai');

/** A code's word in the catalogue's language, or the code itself where it has none (a role the policy names). */
export const wordFor = (catalogue: Catalogue, placeholder: string, code: string): string =>
  vocabularyOf(catalogue)[placeholder]?.[code] ?? code;

export type SayOptions = Readonly<{
  /** Codes as the language's words. English sentences name codes as they are unless asked. */
  words?: boolean;
  /** Instants as local times in this zone (with the zone named); without it they stay as they are. */
  timeZone?: string;
}>;

/**
 * A sentence of the catalogue with its values put in: codes as words (by the
 * placeholder's name), lists joined the language's way, instants in local
 * time. What it cannot turn into a word stays as it is.
 */
export const say = (
  catalogue: Catalogue,
  sentence: string,
  values: SentenceValues = {},
  { words = catalogue !== en, timeZone }: SayOptions = {},
): string => {
  const word = (name: string, value: string) => (words ? wordFor(catalogue, name, value) : value);
  const filled = Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (Array.isArray(value))
        return [name, value.map((item: string) => word(name, String(item))).join(listSeparator(catalogue))];
      if (typeof value === 'string' && timeZone && instants.has(name)) {
        const time = localTime(value, timeZone);
        return [name, catalogue === en ? `${time} (${timeZone})` : `${time}（${timeZone}）`];
      }
      return [name, typeof value === 'string' ? word(name, value) : value];
    }),
  );
  return interpolate(sentence, filled);
};
