/**
 * Working time. With a business calendar, SLA clocks count only working hours
 * in the calendar's time zone, skipping weekends and holidays and counting
 * make-up working days; without one, every millisecond counts.
 */
export type BusinessCalendar = Readonly<{
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** Local opening hours, 'HH:MM' to 'HH:MM'. */
  hours: Readonly<{ start: string; end: string }>;
  /** Local dates, 'YYYY-MM-DD'. */
  holidays: readonly string[];
  /**
   * Local dates, 'YYYY-MM-DD', worked with the normal hours although their
   * weekday is not a working day: the Saturdays and Sundays a government moves
   * working days onto around a long holiday (调休). Absent in policies recorded
   * before it existed, which therefore count exactly as they did.
   */
  extraWorkingDays?: readonly string[];
}>;

export type WorkingTime = Readonly<{
  /** The instant `durationMs` of working time after `start`. */
  add(start: Date, durationMs: number): Date;
  /** The working time between two instants (0 if `to` is not after `from`). */
  between(from: Date, to: Date): number;
}>;

export const alwaysWorking: WorkingTime = {
  add: (start, durationMs) => new Date(start.getTime() + durationMs),
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
};

const dayMs = 86_400_000;
/** How far ahead working time is looked for: ten years (a policy's durations are bounded to fit). */
const maxDays = 3660;

type LocalDate = Readonly<{ year: number; month: number; day: number }>;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall clock in `timeZone` at `instant`, as if it were UTC. */
const wallClock = (instant: number, timeZone: string): number => {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
};

const offsetAt = (instant: number, timeZone: string): number =>
  wallClock(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;

/** The instant the local wall clock shows `minutes` past midnight of `date`; corrected once across a DST change. */
const instantOf = (date: LocalDate, minutes: number, timeZone: string): number => {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const guess = wall - offsetAt(wall, timeZone);
  const corrected = wall - offsetAt(guess, timeZone);
  return corrected;
};

const localDateOf = (instant: number, timeZone: string): LocalDate => {
  const wall = new Date(wallClock(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
};

const nextDay = ({ year, month, day }: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(year, month - 1, day) + dayMs);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

const isoWeekday = ({ year, month, day }: LocalDate): number =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
const isoDate = ({ year, month, day }: LocalDate): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const businessHours = (calendar: BusinessCalendar): WorkingTime => {
  const opens = minutesOf(calendar.hours.start);
  const closes = minutesOf(calendar.hours.end);
  const holidays = new Set(calendar.holidays);
  const workingDays = new Set(calendar.workingDays);
  const extraWorkingDays = new Set(calendar.extraWorkingDays ?? []);
  const isWorkingDay = (date: LocalDate): boolean => {
    const iso = isoDate(date);
    return !holidays.has(iso) && (workingDays.has(isoWeekday(date)) || extraWorkingDays.has(iso));
  };

  /** The working windows [start, end) from the local day of `from` on, as instants. */
  function* windows(from: number): Generator<readonly [number, number]> {
    let date = localDateOf(from, calendar.timeZone);
    for (let i = 0; i < maxDays; i++, date = nextDay(date)) {
      if (!isWorkingDay(date)) continue;
      yield [instantOf(date, opens, calendar.timeZone), instantOf(date, closes, calendar.timeZone)];
    }
  }

  return {
    add(start, durationMs) {
      let remaining = durationMs;
      const cursor = start.getTime();
      for (const [open, close] of windows(cursor)) {
        const from = Math.max(open, cursor);
        if (from >= close) continue;
        if (remaining <= close - from) return new Date(from + remaining);
        remaining -= close - from;
      }
      // More working time than the calendar has in ten years (a sparse calendar, a DST-shortened day): due at
      // the horizon, never an error that would stop a case's clocks from being planned at all.
      return new Date(cursor + maxDays * dayMs);
    },
    between(from, to) {
      const [a, b] = [from.getTime(), to.getTime()];
      let total = 0;
      for (const [open, close] of windows(a)) {
        if (open >= b) return total;
        total += Math.max(0, Math.min(close, b) - Math.max(open, a));
      }
      return total;
    },
  };
};
