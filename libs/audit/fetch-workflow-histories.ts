import type { Client } from '@temporalio/client';
import type { StoredEvent } from '../event-store/index.js';
import { workflowEvidenceOf, type WorkflowEvidence } from './workflow-evidence.js';

/** gRPC NOT_FOUND: the run is unknown to the namespace, or its history has passed retention. */
const isNotFound = (error: unknown): boolean =>
  (error as { code?: unknown }).code === 5 ||
  /not ?found/i.test(String((error as { message?: unknown }).message ?? error));

/** Fetches the history of every run that wrote these events; a run Temporal no longer has is left out (the check calls it unverifiable). */
export const fetchWorkflowEvidence = async (
  client: Client,
  events: readonly StoredEvent[],
): Promise<Map<string, WorkflowEvidence>> => {
  const runs = new Map<string, string>();
  for (const { metadata } of events)
    if (metadata.runId && metadata.workflowId) runs.set(metadata.runId, metadata.workflowId);
  const evidence = new Map<string, WorkflowEvidence>();
  for (const [runId, workflowId] of runs) {
    try {
      evidence.set(runId, workflowEvidenceOf(runId, await client.workflow.getHandle(workflowId, runId).fetchHistory()));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return evidence;
};
