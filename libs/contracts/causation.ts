/** Which kind of history event stands behind a cause. */
export type CauseKind = 'timer' | 'signal' | 'workflow' | 'update' | 'activity';

/**
 * What caused an event, in its metadata's `cause`: the kind is set by the
 * workflow that appends it, never read from the id, which for an Update is
 * the client's Idempotency-Key and so may spell anything. Auditors look for
 * that cause in the workflow's Temporal history.
 */
export type Cause = Readonly<{ kind: CauseKind; id: string }>;

export const causedBy = {
  /** An Update the workflow accepted: its id (the request's Idempotency-Key, or one the client made up). */
  update: (updateId: string): Cause => ({ kind: 'update', id: updateId }),
  /** A case's SLA timer woke for the mark due then. */
  slaTimer: (dueAt: string): Cause => ({ kind: 'timer', id: `sla-timer:${dueAt}` }),
  /** A supplier cycle's timer woke for the deadline due then. */
  cycleTimer: (deadline: string): Cause => ({ kind: 'timer', id: `cycle-timer:${deadline}` }),
  /** The supplier cycle decided by itself (an evaluation fell due). */
  cycleDecision: (trigger: string): Cause => ({ kind: 'workflow', id: `cycle:${trigger}` }),
  /** A complaint's workflow signalled the supplier it was attributed to. */
  complaintSignal: (complaintId: string): Cause => ({ kind: 'signal', id: `complaint-${complaintId}` }),
  /** The mail activity the event with this id called for ended: what it sent, or that it could not. */
  mail: (causeId: string): Cause => ({ kind: 'activity', id: `mail:${causeId}` }),
} as const;

const causeKinds: readonly string[] = ['timer', 'signal', 'workflow', 'update', 'activity'] satisfies CauseKind[];

const isCause = (value: unknown): value is Cause =>
  typeof value === 'object' &&
  value !== null &&
  causeKinds.includes((value as Cause).kind) &&
  typeof (value as Cause).id === 'string';

/**
 * The kinds a cause recorded before causes were typed may be: an id that
 * reads like a timer's, a signal's or the workflow's own may also be an
 * Update's id a client chose, so both readings stay open.
 */
const legacyKinds = (causationId: string): readonly CauseKind[] => {
  if (causationId.startsWith('sla-timer:') || causationId.startsWith('cycle-timer:')) return ['timer', 'update'];
  if (causationId.startsWith('complaint-')) return ['signal', 'update'];
  if (causationId.startsWith('cycle:')) return ['workflow', 'update'];
  return ['update'];
};

/** A stored event's cause, and the kinds it may be: one when typed, the readings of its id when it predates typed causes. */
export type RecordedCause = Readonly<{ id: string; kinds: readonly CauseKind[]; typed: boolean }>;

export const recordedCauseOf = (metadata: Readonly<Record<string, unknown>>): RecordedCause | undefined => {
  if (isCause(metadata.cause)) return { id: metadata.cause.id, kinds: [metadata.cause.kind], typed: true };
  const { causationId } = metadata;
  return typeof causationId === 'string'
    ? { id: causationId, kinds: legacyKinds(causationId), typed: false }
    : undefined;
};
