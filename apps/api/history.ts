import type { StoredEvent } from '../../libs/event-store/index.js';
import { validationProblem } from './problems/problem.js';

/** One entry of a stream's history as auditors read it. */
export const toHistoryEntry = (event: StoredEvent) => ({
  seq: event.revision,
  position: event.position,
  id: event.id,
  type: event.type,
  time: event.recordedAt,
  actor: event.metadata.actor,
  data: event.data,
  metadata: event.metadata,
  prevHash: event.prevHash,
  hash: event.hash,
});

/** The events of a stream as the record stood at an instant (`asOf`) or after a revision; exactly one of the two. */
export const eventsUpTo = (events: readonly StoredEvent[], { asOf, revision }: { asOf?: string; revision?: number }): StoredEvent[] => {
  if ((asOf === undefined) === (revision === undefined)) {
    throw validationProblem([{ field: asOf === undefined ? 'asOf' : 'revision', message: 'give either asOf (an instant) or revision, not both or neither' }]);
  }
  if (revision !== undefined) return events.filter((event) => event.revision <= revision);
  const instant = Date.parse(asOf!);
  return events.filter((event) => Date.parse(event.recordedAt) <= instant);
};
