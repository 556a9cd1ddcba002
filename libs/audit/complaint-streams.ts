import { upcastEvent } from '../contracts/upcasting.js';
import type { ComplaintEvent } from '../domain/index.js';
import { readCategory, type EventStore } from '../event-store/index.js';

/** Every complaint's events, read from the global order in pages; `from`/`to` keep the cases registered in [from, to). */
export const readComplaintStreams = async (store: EventStore, { from, to }: { from?: string; to?: string } = {}) => {
  const streams = new Map<string, ComplaintEvent[]>();
  for await (const event of readCategory(store, 'complaint')) {
    const id = event.streamId.slice('complaint-'.length);
    streams.set(id, [
      ...(streams.get(id) ?? []),
      { type: event.type, data: upcastEvent(event).data } as ComplaintEvent,
    ]);
  }
  const registeredIn = (events: ComplaintEvent[]) => {
    const at = events[0]?.data.at ?? '';
    return (!from || at >= new Date(from).toISOString()) && (!to || at < new Date(to).toISOString());
  };
  return [...streams]
    .filter(([, events]) => registeredIn(events))
    .map(([complaintId, events]) => ({ complaintId, events }));
};
