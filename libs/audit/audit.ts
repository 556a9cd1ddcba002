import { verifyChain, type ChainVerdict, type StoredEvent } from '../event-store/index.js';
import { crossCheck, type CrossCheck, type WorkflowEvidence } from './workflow-evidence.js';

export type AuditVerdict = 'intact' | 'tampered' | 'unverified';

export type AuditReport = Readonly<{
  streamId: string;
  checkedAt: string;
  events: number;
  /**
   * intact: the chain holds and every event traces to its workflow;
   * tampered: the chain is broken or the store and Temporal disagree;
   * unverified: the chain holds but some events could not be cross-checked.
   */
  verdict: AuditVerdict;
  chain: ChainVerdict;
  /** Absent when no workflow history could be asked (Temporal unreachable from where the audit ran). */
  workflow?: CrossCheck;
}>;

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
