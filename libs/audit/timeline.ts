import { toCsv } from '../support/csv.js';
import type { TimelineEntry } from '../contracts/read-views.js';
import type { StoredEvent } from '../event-store/index.js';

export type { TimelineEntry };

export const toTimelineEntry = (event: StoredEvent): TimelineEntry => ({
  seq: event.revision,
  position: event.position,
  id: event.id,
  type: event.type,
  time: event.recordedAt,
  actor: typeof event.metadata.actor === 'string' ? event.metadata.actor : null,
  cause: typeof event.metadata.causationId === 'string' ? event.metadata.causationId : null,
  data: event.data,
  metadata: event.metadata,
  prevHash: event.prevHash,
  hash: event.hash,
});

/** The timeline as CSV, one event per row, its data as JSON in one cell. */
export const timelineToCsv = (entries: readonly TimelineEntry[]): string =>
  toCsv(['seq', 'position', 'time', 'actor', 'type', 'cause', 'id', 'hash', 'prevHash', 'data'], entries);
