import type { Client } from '@temporalio/client';
import {
  auditStream,
  fetchWorkflowEvidence,
  toTimelineEntry,
  type AuditedEvents,
  type PointInTime,
} from '../../../libs/audit/index.js';
import type { StoredEvent } from '../../../libs/event-store/index.js';
import { validationProblem } from '../problems/problem.js';
import type { AuditReport } from '../../../libs/contracts/read-views.js';

/** A stream's history as auditors read it: every event with its actor, time, cause, data and hash. */
export const historyOf = (events: readonly StoredEvent[]) => events.map(toTimelineEntry);

/** `?asOf=` or `?revision=`: exactly one of the two. */
export const pointInTime = ({ asOf, revision }: { asOf?: string; revision?: number }): PointInTime => {
  if ((asOf === undefined) === (revision === undefined)) {
    throw validationProblem([
      {
        field: asOf === undefined ? 'asOf' : 'revision',
        message: 'give either asOf (an instant) or revision, not both or neither',
      },
    ]);
  }
  // ISO 8601 allows years no JavaScript date can hold.
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf)))
    throw validationProblem([{ field: 'asOf', message: 'must be an instant between the years -271821 and 275760' }]);
  return asOf !== undefined ? { asOf } : { revision: revision! };
};

/**
 * The hash chain, and the cross-check with the Temporal histories of the runs
 * that wrote the stream. Temporal unreachable does not hide the chain's
 * verdict: the report says the cross-check could not be made.
 */
export const auditOf = async (
  temporal: Client,
  { streamId, workflowId }: { streamId: string; workflowId: string },
  audited: AuditedEvents,
): Promise<AuditReport> => {
  try {
    return auditStream(streamId, audited, await fetchWorkflowEvidence(temporal, workflowId, audited.events));
  } catch (error) {
    return {
      ...auditStream(streamId, audited),
      workflowCheckError: error instanceof Error ? error.message : String(error),
    };
  }
};
