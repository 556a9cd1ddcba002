import { createHash } from 'node:crypto';
import type { StoredEvent } from './event-store.js';

/** Whether a stream's hash chain holds, read from its own events alone. */
export type ChainVerdict =
  | Readonly<{ intact: true; events: number }>
  | Readonly<{ intact: false; events: number; firstBadRevision: number; reason: string }>;

/** JSON with object keys sorted at every level, so equal values hash equally whatever their key order. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
};

export type HashedFields = Pick<
  StoredEvent,
  'id' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata' | 'schemaVersion' | 'recordedAt'
>;

/** hash = H(prevHash, canonical event): a change to any stored event breaks every later link. */
export const chainHash = (prevHash: string | null, event: HashedFields): string =>
  createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(
      canonicalJson({
        id: event.id,
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        schemaVersion: event.schemaVersion,
        recordedAt: event.recordedAt,
      }),
    )
    .digest('hex');

/**
 * Verifies a whole stream, read forwards from revision 0, from its own events
 * alone. `unreadable`: revisions the store could not read (a damaged page);
 * the event after such a gap is checked against its own stored link, since
 * the one it points to cannot be read.
 */
export const verifyChain = (events: readonly StoredEvent[], unreadable: readonly number[] = []): ChainVerdict => {
  const missing = new Set(unreadable);
  let expected = 0;
  let prevHash: string | null | undefined = null;
  for (const event of events) {
    for (; missing.has(expected); expected++) prevHash = undefined;
    const broken = (reason: string): ChainVerdict => ({
      intact: false,
      events: events.length,
      firstBadRevision: expected,
      reason,
    });
    if (event.revision !== expected) return broken(`revision ${event.revision} found where ${expected} belongs`);
    if (prevHash !== undefined && event.prevHash !== prevHash) return broken('link to the previous event is broken');
    if (chainHash(event.prevHash, event) !== event.hash) return broken('content does not match its hash');
    prevHash = event.hash;
    expected++;
  }
  return { intact: true, events: events.length };
};
