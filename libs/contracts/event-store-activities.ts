import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store/event-store.js';

/** The activities that touch the event store, as workflows see them. */
export interface EventStoreActivities {
  appendEvents(request: {
    streamId: string;
    expectedRevision: ExpectedRevision;
    events: NewEvent[];
  }): Promise<AppendResult>;
  /** A stream's events in order, upcast to the current schema, and the revision of the last one. */
  readStream(request: { streamId: string }): Promise<{ events: { type: string; data: unknown }[]; revision: number }>;
  /** The case's number in the year given: the one it already has there, or the next of the sequence. */
  assignCaseNumber(request: { complaintId: string; year: number }): Promise<string>;
}
