/**
 * What caused an event, as its metadata's `causationId` says: an Update's id,
 * or one of these, made by the workflows. Auditors look for that cause in the
 * workflow's Temporal history.
 */
export const causedBy = {
  /** A case's SLA timer woke for the mark due then. */
  slaTimer: (dueAt: string) => `sla-timer:${dueAt}`,
  /** A supplier cycle's timer woke for the deadline due then. */
  cycleTimer: (deadline: string) => `cycle-timer:${deadline}`,
  /** The supplier cycle decided by itself (an evaluation fell due). */
  cycleDecision: (trigger: string) => `cycle:${trigger}`,
  /** A complaint's workflow signalled the supplier it was attributed to. */
  complaintSignal: (complaintId: string) => `complaint-${complaintId}`,
} as const;

export type CauseKind = 'timer' | 'signal' | 'workflow' | 'update';

/** Which kind of history event stands behind a cause. */
export const causeKindOf = (causationId: string): CauseKind => {
  if (causationId.startsWith('sla-timer:') || causationId.startsWith('cycle-timer:')) return 'timer';
  if (causationId.startsWith('complaint-')) return 'signal';
  if (causationId.startsWith('cycle:')) return 'workflow';
  return 'update';
};
