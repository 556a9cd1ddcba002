import type { EventFilter, EventStore, StoredEvent } from './event-store.js';

/**
 * The next page of the global order after `checkpoint` (the position of the
 * last event already handled; null: from the beginning). A reader that
 * checkpoints the last position of each page it handles neither loses nor
 * repeats an event, as positions are never skipped by a later commit. The
 * projector follows the store with this, and the conformance suite holds
 * every adapter to it.
 */
export const readAfter = async (
  store: EventStore,
  checkpoint: number | null,
  { maxCount = 500, filter }: { maxCount?: number; filter?: EventFilter } = {},
): Promise<StoredEvent[]> => {
  // From the checkpoint itself, not the position after it: on KurrentDB a
  // position is a log offset, and only an event's own is sure to be valid.
  const page = await store.readAll({
    fromPosition: checkpoint ?? 0,
    maxCount: maxCount + (checkpoint === null ? 0 : 1),
    filter,
  });
  return checkpoint === null ? page : page.filter((event) => event.position > checkpoint);
};
