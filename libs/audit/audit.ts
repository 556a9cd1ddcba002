import type { AuditReport, AuditVerdict } from '../contracts/read-views.js';
import { verifyChain, type StoredEvent } from '../event-store/index.js';
import { crossCheck, type WorkflowEvidence } from './workflow-evidence.js';

/** The chain says whether the stored bytes were altered since they were written; the workflow histories say whether they are what the workflows decided. */
export const auditStream = (
  streamId: string,
  events: readonly StoredEvent[],
  histories?: ReadonlyMap<string, WorkflowEvidence>,
): AuditReport => {
  const chain = verifyChain(events);
  const workflow = histories && crossCheck(events, histories);
  const tampered = !chain.intact || (workflow?.discrepancies.length ?? 0) > 0;
  const verdict: AuditVerdict = tampered
    ? 'tampered'
    : !workflow || workflow.unverifiable.length > 0
      ? 'unverified'
      : 'intact';
  return {
    streamId,
    checkedAt: new Date().toISOString(),
    events: events.length,
    verdict,
    chain,
    ...(workflow ? { workflow } : {}),
  };
};
