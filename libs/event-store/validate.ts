import { EventStoreError, type ExpectedRevision, type NewEvent } from './event-store.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const maxEventBytes = 1024 * 1024;

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
    const size =
      Buffer.byteLength(JSON.stringify(event.data ?? null)) + Buffer.byteLength(JSON.stringify(event.metadata ?? {}));
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
