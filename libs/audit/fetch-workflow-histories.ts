import type { Client } from '@temporalio/client';
import type { StoredEvent } from '../event-store/index.js';
import { workflowEvidenceOf, type WorkflowEvidence } from './workflow-evidence.js';

/** gRPC NOT_FOUND: the run is unknown to the namespace, or its history has passed retention. */
const isNotFound = (error: unknown): boolean =>
  (error as { code?: unknown }).code === 5 ||
  /not ?found/i.test(String((error as { message?: unknown }).message ?? error));

/** gRPC INVALID_ARGUMENT: Temporal refuses the run id itself. */
const isInvalidArgument = (error: unknown): boolean =>
  (error as { code?: unknown }).code === 3 || (error as { cause?: { code?: unknown } }).cause?.code === 3;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every run of a workflow id that Temporal still keeps, as its visibility lists them. */
const runsOf = async (client: Client, workflowId: string): Promise<string[]> => {
  const runIds: string[] = [];
  const quoted = workflowId.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${quoted}'` }))
    runIds.push(execution.runId);
  return runIds;
};

/**
 * Fetches the history of every run of the entity's workflow: the runs its
 * visibility lists, not only those the events name (a forger chooses what
 * the events name), plus any named run the list has not caught up with. A
 * run Temporal no longer has is left out.
 */
export const fetchWorkflowEvidence = async (
  client: Client,
  workflowId: string,
  events: readonly StoredEvent[],
): Promise<Map<string, WorkflowEvidence>> => {
  const runIds = new Set(await runsOf(client, workflowId));
  // A named run is asked for only when it could be one (a run id is a UUID): a forger names what they like, and a
  // name Temporal refuses outright must not void the whole check.
  for (const { metadata } of events) {
    if (metadata.workflowId === workflowId && typeof metadata.runId === 'string' && uuid.test(metadata.runId))
      runIds.add(metadata.runId);
  }
  const evidence = new Map<string, WorkflowEvidence>();
  for (const runId of runIds) {
    try {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      evidence.set(runId, workflowEvidenceOf(runId, history, workflowId));
    } catch (error) {
      // Gone (retention) or never there: its events are judged by the runs that are kept.
      if (!isNotFound(error) && !isInvalidArgument(error)) throw error;
    }
  }
  return evidence;
};
