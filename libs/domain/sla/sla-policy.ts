import { complaintSteps, severities, type ComplaintStep, type Severity } from '../complaint/vocabulary.js';
import type { BusinessCalendar } from './business-calendar.js';
import { parsePauseReasons, type PauseReason, type PauseReasonDocument } from './pause-reasons.js';
import { InvalidPolicy, policyProblems } from '../policy.js';
import { shown } from '../validation.js';

/** One rung of the escalation ladder: who is told, how long after the breach. */
export type EscalationLevel = Readonly<{ role: string; person?: string; afterMs: number }>;

export type SeverityTargets = Readonly<{
  /** From registration to acknowledgement (the identify step done). */
  acknowledgeMs: number;
  /** Per step; a step without a target has no step clock. */
  stepMs: Readonly<Partial<Record<ComplaintStep, number>>>;
  /** From registration to archive. */
  caseMs: number;
  /** From receipt until something is done to protect the customer (IATF 16949's D3); absent: no containment clock. */
  containmentMs?: number;
  /** A warning when this share of a target has passed, e.g. 0.8. */
  warningRatio: number;
  escalation: readonly EscalationLevel[];
}>;

export type SlaPolicy = Readonly<{
  severities: Readonly<Record<Severity, SeverityTargets>>;
  calendar?: BusinessCalendar;
  /** Why a wait on the customer may stop the clocks; absent: the built-in reasons (`pauseReasonsOf`). */
  pauseReasons?: readonly PauseReason[];
}>;

/** The policy as written in a file: durations as ISO-8601 text. */
export type SlaPolicyDocument = {
  severities: Record<
    string,
    {
      acknowledge: string;
      containment?: string;
      steps?: Record<string, string>;
      case: string;
      warningRatio?: number;
      escalation?: { role: string; person?: string; after: string }[];
    }
  >;
  calendar?: {
    timeZone: string;
    workingDays: number[];
    hours: { start: string; end: string };
    holidays?: string[];
    extraWorkingDays?: string[];
  };
  pauseReasons?: PauseReasonDocument[];
};

const ladder = [
  { role: 'team-lead', after: 'PT0S' },
  { role: 'department-manager', after: 'PT4H' },
  { role: 'quality-director', after: 'PT8H' },
];

/**
 * The built-in policy. The brief's sources name 24 hours the best handling
 * limit for a normal complaint; more severe ones go faster, and a late case
 * climbs from its owner to the team lead, the department manager and the
 * quality director.
 */
export const defaultSlaPolicyDocument: SlaPolicyDocument = {
  severities: {
    critical: {
      acknowledge: 'PT1H',
      steps: { analyse: 'PT2H', resolve: 'PT3H', verify: 'PT2H' },
      case: 'PT8H',
      warningRatio: 0.8,
      escalation: ladder,
    },
    high: {
      acknowledge: 'PT2H',
      steps: { analyse: 'PT3H', resolve: 'PT4H', verify: 'PT3H' },
      case: 'PT12H',
      warningRatio: 0.8,
      escalation: ladder,
    },
    normal: {
      acknowledge: 'PT4H',
      steps: { analyse: 'PT6H', resolve: 'PT8H', verify: 'PT6H' },
      case: 'PT24H',
      warningRatio: 0.8,
      escalation: ladder,
    },
    low: {
      acknowledge: 'PT8H',
      steps: { analyse: 'PT24H', resolve: 'PT24H', verify: 'PT16H' },
      case: 'PT72H',
      warningRatio: 0.8,
      escalation: ladder,
    },
  },
};

/** A ladder taller than an organisation chart is a mistake, and each rung is a timer in every case. */
export const maxLadderRungs = 10;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** A real date 'YYYY-MM-DD' (not 2026-02-30, which `Date.parse` rolls over into March). */
export const isCalendarDate = (day: unknown): day is string =>
  typeof day === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(day) &&
  !Number.isNaN(Date.parse(day)) &&
  new Date(Date.parse(day)).toISOString().slice(0, 10) === day;

/**
 * A lower bound of a calendar's working time in 520 weeks: every holiday
 * counted as a lost working day. Make-up working days are not counted: they
 * only add working time, and a case may start years after them.
 */
const workingTimeWithin520Weeks = (calendar: BusinessCalendar): number => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const dayMs = Math.max(0, minutes(calendar.hours.end) - minutes(calendar.hours.start)) * 60_000;
  const days = new Set(calendar.workingDays).size * 520 - calendar.holidays.length;
  return Math.max(0, days) * dayMs;
};

/** How much working time each duration of a parsed policy reaches to, by the path of its field: a rung's mark falls its delay after the longest target. */
const durationsOf = (severities: Record<Severity, SeverityTargets>): [string, number][] =>
  Object.entries(severities).flatMap(([severity, targets]) => {
    const path = `severities.${severity}`;
    const clocks: [string, number][] = [
      [`${path}.acknowledge`, targets.acknowledgeMs],
      [`${path}.case`, targets.caseMs],
      ...(targets.containmentMs === undefined
        ? []
        : [[`${path}.containment`, targets.containmentMs] as [string, number]]),
      ...Object.entries(targets.stepMs).map(([step, ms]): [string, number] => [`${path}.steps.${step}`, ms]),
    ];
    const longest = Math.max(...clocks.map(([, ms]) => ms));
    return [
      ...clocks,
      ...targets.escalation.map(({ afterMs }, i): [string, number] => [
        `${path}.escalation[${i}].after`,
        longest + afterMs,
      ]),
    ];
  });

/** Checks a policy document and converts it; every problem is reported, each by the path of its field. */
export const parseSlaPolicy = (document: unknown): SlaPolicy => {
  const { add, duration, throwIfAny } = policyProblems();
  const doc = (document ?? {}) as Partial<SlaPolicyDocument>;
  const documented = doc.severities;
  if (typeof documented !== 'object' || documented === null)
    throw new InvalidPolicy([{ path: 'severities', key: 'severities-required', params: { severities } }]);
  for (const name of Object.keys(documented)) {
    if (!(severities as readonly string[]).includes(name))
      add(`severities.${name}`, 'unknown-severity', { severities });
  }
  const parsed = {} as Record<Severity, SeverityTargets>;
  for (const severity of severities) {
    const path = `severities.${severity}`;
    const targets = documented[severity];
    if (!isRecord(targets)) {
      add(path, 'required');
      continue;
    }
    if (targets.steps !== undefined && !isRecord(targets.steps)) add(`${path}.steps`, 'step-targets-object');
    if (targets.escalation !== undefined && !Array.isArray(targets.escalation))
      add(`${path}.escalation`, 'escalation-list');
    const stepMs: Partial<Record<ComplaintStep, number>> = {};
    for (const [step, value] of Object.entries(isRecord(targets.steps) ? targets.steps : {})) {
      if (!(complaintSteps as readonly string[]).includes(step))
        add(`${path}.steps.${step}`, 'unknown-step', { steps: complaintSteps });
      else if (step === 'feedback') add(`${path}.steps.feedback`, 'feedback-target');
      else stepMs[step as ComplaintStep] = duration(`${path}.steps.${step}`, value);
    }
    const warningRatio = targets.warningRatio ?? 0.8;
    if (typeof warningRatio !== 'number' || !(warningRatio > 0 && warningRatio < 1))
      add(`${path}.warningRatio`, 'ratio', { got: shown(warningRatio) });
    if (Array.isArray(targets.escalation) && targets.escalation.length > maxLadderRungs)
      add(`${path}.escalation`, 'ladder-too-tall', { max: maxLadderRungs, got: targets.escalation.length });
    const escalation = (Array.isArray(targets.escalation) ? targets.escalation : [])
      .slice(0, maxLadderRungs)
      .map((level, i) => {
        if (!level || typeof level.role !== 'string' || level.role === '' || level.role.length > 100)
          add(`${path}.escalation[${i}].role`, 'required');
        return {
          role: level?.role,
          person: level?.person,
          afterMs: duration(`${path}.escalation[${i}].after`, level?.after),
        };
      });
    escalation.forEach((level, i) => {
      if (i > 0 && level.afterMs < escalation[i - 1]!.afterMs)
        add(`${path}.escalation[${i}].after`, 'rung-before-previous');
    });
    parsed[severity] = {
      acknowledgeMs: duration(`${path}.acknowledge`, targets.acknowledge),
      stepMs,
      caseMs: duration(`${path}.case`, targets.case),
      ...(targets.containment === undefined
        ? {}
        : { containmentMs: duration(`${path}.containment`, targets.containment) }),
      warningRatio,
      escalation,
    };
  }

  let calendar: BusinessCalendar | undefined;
  let calendarBroken = false;
  const calendarProblem: typeof add = (...problem) => {
    calendarBroken = true;
    add(...problem);
  };
  if (doc.calendar !== undefined) {
    const c = doc.calendar;
    if (typeof c?.timeZone !== 'string' || !isTimeZone(c.timeZone))
      calendarProblem('calendar.timeZone', 'time-zone', { got: shown(c?.timeZone) });
    if (
      !Array.isArray(c?.workingDays) ||
      c.workingDays.length === 0 ||
      c.workingDays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)
    ) {
      calendarProblem('calendar.workingDays', 'working-days');
    }
    const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
    if (!hhmm.test(c?.hours?.start ?? '') || !hhmm.test(c?.hours?.end ?? '') || c.hours.start >= c.hours.end) {
      calendarProblem('calendar.hours', 'working-hours', { got: shown(c?.hours) });
    }
    if (c?.holidays !== undefined && !Array.isArray(c.holidays)) calendarProblem('calendar.holidays', 'holiday-list');
    (Array.isArray(c?.holidays) ? c.holidays : []).forEach((day, i) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
        calendarProblem(`calendar.holidays[${i}]`, 'date', { got: shown(day) });
    });
    if (c?.extraWorkingDays !== undefined && !Array.isArray(c.extraWorkingDays))
      calendarProblem('calendar.extraWorkingDays', 'holiday-list');
    const holidays = new Set(Array.isArray(c?.holidays) ? c.holidays : []);
    (Array.isArray(c?.extraWorkingDays) ? c.extraWorkingDays : []).forEach((day, i) => {
      const path = `calendar.extraWorkingDays[${i}]`;
      if (!isCalendarDate(day)) calendarProblem(path, 'date', { got: shown(day) });
      else if (holidays.has(day)) calendarProblem(path, 'holiday-and-working-day', { got: day });
    });
    // Files include calendars (libs/platform/policy-file.ts) before the document gets here; anywhere else an
    // include would be a file the reader of the document cannot see.
    if (isRecord(c) && 'include' in c) calendarProblem('calendar.include', 'calendar-include');
    calendar = c && {
      timeZone: c.timeZone,
      workingDays: c.workingDays,
      hours: c.hours,
      holidays: c.holidays ?? [],
      // Only when written, so a policy without make-up days parses to what it always did.
      ...(c.extraWorkingDays !== undefined ? { extraWorkingDays: c.extraWorkingDays } : {}),
    };
  }
  if (calendar && !calendarBroken) {
    // Clocks count only working time, which the calendar looks for at most ten years ahead.
    const limit = workingTimeWithin520Weeks(calendar);
    for (const [path, ms] of durationsOf(parsed)) {
      if (ms > limit) add(path, 'beyond-calendar', { hours: Math.floor(limit / 3_600_000) });
    }
  }
  const pauseReasons = parsePauseReasons(doc.pauseReasons, add);
  throwIfAny();
  return { severities: parsed, calendar, ...(pauseReasons ? { pauseReasons } : {}) };
};

export const defaultSlaPolicy: SlaPolicy = parseSlaPolicy(defaultSlaPolicyDocument);
