import type { ComplaintSnapshot } from '../../../libs/contracts/index.js';
import type { StoredEvent } from '../../../libs/event-store/index.js';

export type ComplaintView = ComplaintSnapshot['state'] & { revision: number };

export const toComplaintView = ({ state, revision }: ComplaintSnapshot): ComplaintView => ({ ...state, revision });

/** One entry of a case's history as auditors read it. */
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
