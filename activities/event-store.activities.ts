import { ApplicationFailure } from '@temporalio/activity';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import {
  caseNumberAssigned,
  caseNumberStreamId,
  noRevision,
  type CaseNumberAssigned,
  type EventStoreActivities,
} from '../libs/contracts/index.js';
import { formatCaseNumber } from '../libs/domain/index.js';
import { EventStoreError, type EventStore, type StoredEvent } from '../libs/event-store/index.js';
import { appendDuration, appendedEvents } from '../libs/platform/metrics.js';
import { idFromKey } from '../libs/support/stable-id.js';

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

  async assignCaseNumber({ complaintId, year }) {
    try {
      return await assignCaseNumber(store, complaintId, year);
    } catch (error) {
      throw asFailure(error);
    }
  },
});

/** How far back a retry looks for the number it may already have taken; past that it reads the whole year. */
const recentNumbers = 100;

/**
 * The next number of the year's sequence, taken by appending at the stream's
 * head with the expected revision: two registrations racing for a number
 * cannot both win it, and the loser takes the next. The event's id comes from
 * the case, so a retry finds the number it took instead of taking another.
 */
const assignCaseNumber = async (store: EventStore, complaintId: string, year: number): Promise<string> => {
  const streamId = caseNumberStreamId(year);
  const id = idFromKey('case-number', complaintId);
  const numberOf = (events: readonly StoredEvent[]) =>
    (events.find((event) => event.id === id)?.data as CaseNumberAssigned | undefined)?.number;
  for (;;) {
    const recent = await store.readStream(streamId, { direction: 'backwards', maxCount: recentNumbers });
    const taken =
      numberOf(recent) ?? (recent.length === recentNumbers ? numberOf(await store.readStream(streamId)) : undefined);
    if (taken) return taken;
    const head = recent[0]?.revision;
    const number = formatCaseNumber({ year, sequence: (head ?? -1) + 2 });
    const data: CaseNumberAssigned = { number, complaintId };
    try {
      await store.append(streamId, [{ id, type: caseNumberAssigned, data }], {
        expectedRevision: head ?? 'no-stream',
      });
      return number;
    } catch (error) {
      // Another registration took this number first: look again (this one may even have been ours).
      if (error instanceof EventStoreError && error.code === 'revision-conflict') continue;
      throw error;
    }
  }
};
