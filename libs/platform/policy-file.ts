import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InvalidPolicy, isCalendarDate } from '../domain/index.js';
import { ConfigError, type ConfigProblem } from './config-error.js';

/** A JSON or YAML document (by extension) from a file; `label` names it in the problems of one that cannot be read. */
const readDocument = (label: string, path: string): unknown => {
  const yaml = /\.ya?ml$/i.test(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([{ path: label, key: 'file-unreadable', params: { code } }]);
  }
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const params = { format: yaml ? 'YAML' : 'JSON', error: (error as Error).message.split('\n')[0]! };
    throw new ConfigError([{ path: label, key: 'file-not-parsable', params }]);
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a calendar file may say: the published facts of a year, not a company's hours. */
const calendarFileFields = ['timeZone', 'holidays', 'extraWorkingDays'] as const;
const dateLists = ['holidays', 'extraWorkingDays'] as const;

/**
 * An SLA policy document with its calendar's includes read in:
 * `calendar: { include: calendars/cn-2026.yaml }` (or a list of files), each
 * a calendar file (config/calendars/) of `timeZone`, `holidays` and
 * `extraWorkingDays`, resolved relative to the policy file. Their dates join
 * the policy's own, its time zone is the calendar's unless the policy names
 * one (which must then be the same), and `include` goes: the document the
 * policy is read from, shown to admins and recorded in every case, holds
 * every date, so no case depends on a file that may change or disappear.
 */
export const withCalendarIncludes = (document: unknown, policyPath: string, variable: string): unknown => {
  if (!isRecord(document) || !isRecord(document.calendar) || !('include' in document.calendar)) return document;
  const { include, ...calendar } = document.calendar;
  const files = typeof include === 'string' ? [include] : include;
  const problems: ConfigProblem[] = [];
  if (!Array.isArray(files) || files.length === 0 || files.some((file) => typeof file !== 'string' || file === ''))
    throw new ConfigError([{ path: `${variable} calendar.include`, key: 'calendar-include-list' }]);
  const merged: Record<string, unknown> = { ...calendar };
  const own = (list: (typeof dateLists)[number]) =>
    Array.isArray(calendar[list]) ? (calendar[list] as unknown[]) : [];
  const dates = { holidays: own('holidays'), extraWorkingDays: own('extraWorkingDays') };
  (files as string[]).forEach((file, i) => {
    const label = `${variable} calendar.include[${i}] (${file})`;
    const included = readDocument(label, resolve(dirname(policyPath), file));
    if (!isRecord(included)) {
      problems.push({ path: label, key: 'calendar-file-fields', params: { fields: [...calendarFileFields] } });
      return;
    }
    for (const field of Object.keys(included)) {
      if (!(calendarFileFields as readonly string[]).includes(field))
        problems.push({
          path: `${label} ${field}`,
          key: 'calendar-file-fields',
          params: { fields: [...calendarFileFields] },
        });
    }
    const zone = included.timeZone;
    if (zone !== undefined) {
      if (merged.timeZone === undefined) merged.timeZone = zone;
      else if (merged.timeZone !== zone)
        problems.push({ path: `${label} timeZone`, key: 'calendar-file-time-zone', params: { got: String(zone) } });
    }
    for (const list of dateLists) {
      const days = included[list];
      if (days === undefined) continue;
      if (!Array.isArray(days)) {
        problems.push({ path: `${label} ${list}`, key: 'holiday-list' });
        continue;
      }
      days.forEach((day: unknown, j) => {
        if (!isCalendarDate(day))
          problems.push({ path: `${label} ${list}[${j}]`, key: 'date', params: { got: String(day) } });
      });
      dates[list] = [...dates[list], ...days];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  for (const list of dateLists) {
    // A date two files share (a holiday listed by the company and by the State Council) is one date.
    if (dates[list].length > 0 || calendar[list] !== undefined) merged[list] = [...new Set(dates[list])];
  }
  return { ...document, calendar: merged };
};

/**
 * A policy from the file an environment variable names (JSON or YAML, by
 * extension), or the built-in default when it names none. A bad file stops
 * start-up with every bad field named, prefixed by the variable. An SLA
 * policy's calendar includes are read in first (`withCalendarIncludes`).
 */
export const loadPolicyFile = <P>(
  variable: string,
  path: string | undefined,
  parse: (document: unknown) => P,
  fallback: P,
  { calendarIncludes = false }: { calendarIncludes?: boolean } = {},
): P => {
  if (!path) return fallback;
  const read = readDocument(`${variable}=${path}`, path);
  const document = calendarIncludes ? withCalendarIncludes(read, path, variable) : read;
  try {
    return parse(document);
  } catch (error) {
    if (error instanceof InvalidPolicy)
      throw new ConfigError(error.problems.map((problem) => ({ ...problem, path: `${variable} ${problem.path}` })));
    throw error;
  }
};
