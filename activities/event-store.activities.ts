import { ApplicationFailure } from '@temporalio/activity';
import type { EventStoreActivities } from '../libs/contracts/index.js';
import { EventStoreError, type EventStore } from '../libs/event-store/index.js';

export const createEventStoreActivities = (store: EventStore): EventStoreActivities => ({
  async appendEvents({ streamId, expectedRevision, events }) {
    try {
      return await store.append(streamId, events, { expectedRevision });
    } catch (error) {
      // Business refusals must not be retried; anything else (a lost connection) is.
      if (error instanceof EventStoreError && error.code !== 'store-unavailable') {
        throw ApplicationFailure.create({ type: error.code, message: error.message, details: [error.details], nonRetryable: true });
      }
      throw error;
    }
  },
});
