import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store/event-store.js';

/** The activities that touch the event store, as workflows see them. */
export interface EventStoreActivities {
  appendEvents(request: { streamId: string; expectedRevision: ExpectedRevision; events: NewEvent[] }): Promise<AppendResult>;
}
export { noRevision } from '../event-store/event-store.js';
