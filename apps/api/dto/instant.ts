import { IsISO8601, Matches } from 'class-validator';

/** An ISO-8601 date and time with `Z` or an offset. */
const instantWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant: a date and a time with its offset. A bare year or month
 * (`2030`, which ISO 8601 allows) names no instant, and a time without its
 * offset would be read in the server's zone, which the person typing it
 * never sees.
 */
export const Instant =
  (example = '2026-12-05T10:05:00+08:00') =>
  (target: object, key: string) => {
    IsISO8601({ strict: true })(target, key);
    Matches(instantWithZone, {
      message: `${key} must be an instant with its offset, e.g. ${example}`,
      context: { rule: 'instant-with-zone' },
    })(target, key);
  };
