import { EventStoreError, type ExpectedRevision, type NewEvent } from './event-store.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const maxEventBytes = 1024 * 1024;

/**
 * NUL and unpaired surrogates, as JSON.stringify writes them (an escape whose
 * backslash is not itself escaped): PostgreSQL's and PGlite's `jsonb` refuse
 * both, so every adapter refuses them alike, as a bad append rather than a
 * store failure worth retrying.
 */
const unstorableEscape = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Whether text can be held by every adapter (no NUL, no unpaired surrogate). */
export const isStorableText = (text: string): boolean => !unstorableEscape.test(JSON.stringify(text));

/** Bad input is refused with a typed error before any adapter touches its storage. */
export const validateAppend = (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void => {
  const invalid = (message: string, details: Record<string, unknown> = {}) =>
    new EventStoreError('invalid-append', message, { streamId, ...details });
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200)
    throw invalid('Stream id must be 1 to 200 characters');
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw invalid('Expected revision must be a non-negative integer, "no-stream" or "any"', {
      expectedRevision: expected,
    });
  }
  if (events.length === 0) throw invalid('Nothing to append');
  const ids = new Set<string>();
  for (const event of events) {
    if (!uuid.test(event.id)) throw invalid('Event ids must be UUIDs', { eventId: event.id });
    if (ids.has(event.id)) throw invalid('Duplicate event id in one append', { eventId: event.id });
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw invalid('Event type is required', { eventId: event.id });
    const data = JSON.stringify(event.data ?? null);
    const metadata = JSON.stringify(event.metadata ?? {});
    if (unstorableEscape.test(data) || unstorableEscape.test(metadata))
      throw invalid('Event text holds NUL or an unpaired surrogate, which no store can hold', { eventId: event.id });
    const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (size > maxEventBytes) throw invalid(`Event is larger than ${maxEventBytes} bytes`, { eventId: event.id, size });
  }
};

/** Revisions, positions and page sizes are non-negative integers; anything else is a caller's mistake. */
export const validateRead = (options: { fromRevision?: number; fromPosition?: number; maxCount?: number }): void => {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || (name === 'maxCount' && value === 0))) {
      throw new EventStoreError(
        'invalid-read',
        `${name} must be a ${name === 'maxCount' ? 'positive' : 'non-negative'} integer`,
        { [name]: value },
      );
    }
  }
};
