const units = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
const pattern =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * An ISO-8601 duration (`PT24H`, `P2D`, `PT1H30M`, `PT0.5S`) in milliseconds.
 * Years and months are refused: their length depends on when they start.
 */
/** A value as a message may quote it, whatever it is (an object without toString included). */
const shown = (value: unknown): string => {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
  } catch {
    return typeof value;
  }
};

/**
 * Ten years (of 366 days): longer than any target or interval a quality team
 * sets, and short enough that every deadline built from durations stays a
 * date JavaScript and PostgreSQL can hold.
 */
export const maxDurationMs = 10 * 366 * 86_400_000;

export const parseDuration = (text: string): number => {
  const match =
    typeof text === 'string' && text !== 'P' && text !== 'PT' && !text.endsWith('T') ? pattern.exec(text) : null;
  if (!match)
    throw new Error(
      `'${shown(text)}' is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (e.g. PT24H)`,
    );
  const [, w, d, h, m, s] = match;
  const ms = Math.round(
    [w, d, h, m, s].reduce((total, value, i) => total + Number(value ?? 0) * Object.values(units)[i]!, 0),
  );
  if (!(ms <= maxDurationMs))
    throw new Error(`'${text}' is longer than ten years, the longest duration a policy takes`);
  return ms;
};
