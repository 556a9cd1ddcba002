import { EventStoreError, type EventStore, type ExpectedRevision, type NewEvent } from './event-store.js';

/**
 * Appends a record that is the same whoever writes it (a message sent, a
 * profile seen): when another writer got there first, the expected revision
 * refuses this one, and that is no error, as what they wrote is it.
 */
export const appendUnlessRaced = async (
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): Promise<void> => {
  try {
    await store.append(streamId, events, { expectedRevision });
  } catch (error) {
    if (!(error instanceof EventStoreError && error.code === 'revision-conflict')) throw error;
  }
};
