import { ApplicationFailure } from '@temporalio/activity';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import { noRevision, type EventStoreActivities } from '../libs/contracts/index.js';
import { EventStoreError, type EventStore } from '../libs/event-store/index.js';
import { appendDuration, appendedEvents } from '../libs/platform/metrics.js';

/** Business refusals must not be retried; anything else (a lost connection) is. */
const asFailure = (error: unknown): unknown =>
  error instanceof EventStoreError && error.code !== 'store-unavailable'
    ? ApplicationFailure.create({
        type: error.code,
        message: error.message,
        details: [error.details],
        nonRetryable: true,
      })
    : error;

export const createEventStoreActivities = (store: EventStore): EventStoreActivities => ({
  async appendEvents({ streamId, expectedRevision, events }) {
    const done = appendDuration.startTimer();
    try {
      const result = await store.append(streamId, events, { expectedRevision });
      done({ outcome: 'appended' });
      appendedEvents.inc(events.length);
      return result;
    } catch (error) {
      done({ outcome: error instanceof EventStoreError ? error.code : 'error' });
      throw asFailure(error);
    }
  },

  async readStream({ streamId }) {
    try {
      const stored = await store.readStream(streamId);
      return {
        events: stored.map((event) => {
          const { type, data } = upcastEvent(event);
          return { type, data };
        }),
        revision: stored.at(-1)?.revision ?? noRevision,
      };
    } catch (error) {
      throw asFailure(error);
    }
  },
});
