import type { AuditReport, AuditVerdict, FileVerdict } from '../contracts/read-views.js';
import { UnreadableRevisions, verifyChain, type EventStore, type StoredEvent } from '../event-store/index.js';
import { crossCheck, type WorkflowEvidence } from './workflow-evidence.js';

/** What an audit reads of a stream: every event the store can read, and the revisions it cannot (a damaged page). */
export type AuditedEvents = Readonly<{ events: readonly StoredEvent[]; unreadableRevisions: readonly number[] }>;

/** A stream with a damaged page is still audited: what can be read is checked, and what cannot is named. */
export const readForAudit = async (store: EventStore, streamId: string): Promise<AuditedEvents> => {
  try {
    return { events: await store.readStream(streamId), unreadableRevisions: [] };
  } catch (error) {
    if (!(error instanceof UnreadableRevisions)) throw error;
    return { events: error.readable, unreadableRevisions: error.revisions };
  }
};

/**
 * The chain says whether the stored bytes were altered since they were written; the workflow histories say whether they are what the workflows decided.
 * Tampering seen in what could be read outweighs revisions that could not be read, which outweigh a cross-check that could not be made.
 */
export const auditStream = (
  streamId: string,
  { events, unreadableRevisions }: AuditedEvents,
  histories?: ReadonlyMap<string, WorkflowEvidence>,
  files?: readonly FileVerdict[],
): AuditReport => {
  const chain = verifyChain(events, unreadableRevisions);
  const workflow = histories && crossCheck(events, histories, Date.now(), unreadableRevisions);
  const tampered =
    !chain.intact ||
    (workflow?.discrepancies.length ?? 0) > 0 ||
    (files ?? []).some((file) => file.status === 'altered' || file.status === 'missing');
  const verdict: AuditVerdict = tampered
    ? 'tampered'
    : unreadableRevisions.length > 0
      ? 'unreadable'
      : !workflow || workflow.unverifiable.length > 0 || (files ?? []).some((file) => file.status === 'unchecked')
        ? 'unverified'
        : 'intact';
  return {
    streamId,
    checkedAt: new Date().toISOString(),
    events: events.length,
    verdict,
    chain,
    ...(unreadableRevisions.length > 0 ? { unreadableRevisions } : {}),
    ...(workflow ? { workflow } : {}),
    ...(files ? { files } : {}),
  };
};
