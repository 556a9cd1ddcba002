import type { Client } from '@temporalio/client';

/** Update ids a workflow accepted, in order: a write that was never sent is not among them. */
export const acceptedUpdateIds = async (client: Client, workflowId: string): Promise<string[]> => {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const id = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    return id ? [id] : [];
  });
};
