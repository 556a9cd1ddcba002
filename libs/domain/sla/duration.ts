import { shown, type BrokenRule } from '../validation.js';

const units = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
const pattern =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Ten years (of 366 days): longer than any target or interval a quality team
 * sets, and short enough that every deadline built from durations stays a
 * date JavaScript and PostgreSQL can hold.
 */
export const maxDurationMs = 10 * 366 * 86_400_000;

/**
 * An ISO-8601 duration (`PT24H`, `P2D`, `PT1H30M`, `PT0.5S`) in milliseconds,
 * or the rule it breaks. Years and months are refused: their length depends
 * on when they start.
 */
export const readDuration = (text: unknown): number | BrokenRule<'duration' | 'duration-too-long'> => {
  const match =
    typeof text === 'string' && text !== 'P' && text !== 'PT' && !text.endsWith('T') ? pattern.exec(text) : null;
  if (!match) return { key: 'duration', params: { got: shown(text) } };
  const [, w, d, h, m, s] = match;
  const ms = Math.round(
    [w, d, h, m, s].reduce((total, value, i) => total + Number(value ?? 0) * Object.values(units)[i]!, 0),
  );
  return ms <= maxDurationMs ? ms : { key: 'duration-too-long', params: { got: shown(text) } };
};
