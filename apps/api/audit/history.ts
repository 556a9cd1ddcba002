import type { Client } from '@temporalio/client';
import {
  auditFiles,
  auditStream,
  fetchWorkflowEvidence,
  readForAudit,
  toTimelineEntry,
  type PointInTime,
} from '../../../libs/audit/index.js';
import type { EventStore, StoredEvent } from '../../../libs/event-store/index.js';
import type { BlobStore } from '../../../libs/blob-store/index.js';
import { fieldError, notFound, validationProblem } from '../problems/problem.js';

/** What a 404 says: its sentence and values. */
export type NotFound = Parameters<typeof notFound>;
import type { AuditReport } from '../../../libs/contracts/read-views.js';

/** A stream's history as auditors read it: every event with its actor, time, cause, data and hash. */
export const historyOf = (events: readonly StoredEvent[]) => events.map(toTimelineEntry);

/** `?asOf=` or `?revision=`: exactly one of the two. */
export const pointInTime = ({ asOf, revision }: { asOf?: string; revision?: number }): PointInTime => {
  if ((asOf === undefined) === (revision === undefined)) {
    throw validationProblem([fieldError(asOf === undefined ? 'asOf' : 'revision', 'as-of-or-revision')]);
  }
  // ISO 8601 allows years no JavaScript date can hold.
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf)))
    throw validationProblem([fieldError('asOf', 'as-of-range')]);
  return asOf !== undefined ? { asOf } : { revision: revision! };
};

/**
 * An entity's stream read as the audit reads it (around a damaged page), the
 * hash chain, and the cross-check with the Temporal histories of its
 * workflow's runs. Temporal unreachable does not hide the chain's verdict:
 * the report says the cross-check could not be made. `entity` names it in the
 * 404 for a stream with no event at all.
 */
export const auditOf = async (
  { temporal, store, blobs }: { temporal: Client; store: EventStore; blobs: BlobStore },
  { streamId, workflowId, entity }: { streamId: string; workflowId: string; entity: NotFound },
): Promise<AuditReport> => {
  const audited = await readForAudit(store, streamId);
  if (audited.events.length === 0 && audited.unreadableRevisions.length === 0) throw notFound(...entity);
  const files = await auditFiles(audited.events, blobs);
  try {
    return auditStream(streamId, audited, await fetchWorkflowEvidence(temporal, workflowId, audited.events), files);
  } catch (error) {
    return {
      ...auditStream(streamId, audited, undefined, files),
      workflowCheckError: error instanceof Error ? error.message : String(error),
    };
  }
};
