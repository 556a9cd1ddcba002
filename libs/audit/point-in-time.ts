import type { EventStore, StoredEvent } from '../event-store/index.js';

/** A point in a stream's life: an instant, or the revision of an event. */
export type PointInTime = Readonly<{ asOf: string } | { revision: number }>;

/** The events of a stream as the record stood at that point. */
export const eventsUpTo = (events: readonly StoredEvent[], point: PointInTime): StoredEvent[] => {
  if ('revision' in point) return events.filter((event) => event.revision <= point.revision);
  const instant = Date.parse(point.asOf);
  return events.filter((event) => Date.parse(event.recordedAt) <= instant);
};

/** The instant to read clocks at: the one asked for, or when the event at that revision was recorded. */
export const instantOf = (events: readonly StoredEvent[], point: PointInTime): string | undefined =>
  'asOf' in point ? new Date(point.asOf).toISOString() : events.at(-1)?.recordedAt;

/** Reads what the point needs and no more: up to the revision (revisions start at 0), or the whole stream for an instant. */
export const readUpTo = async (store: EventStore, streamId: string, point: PointInTime): Promise<StoredEvent[]> =>
  eventsUpTo(await store.readStream(streamId, 'revision' in point ? { maxCount: point.revision + 1 } : {}), point);
