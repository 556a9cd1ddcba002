import type { BlobStore } from '../blob-store/index.js';
import { upcastEvent } from '../contracts/upcasting.js';
import type { EvidenceFile, EvidencePurge } from '../domain/index.js';
import type { EventStore } from '../event-store/index.js';

export type SweepOutcome = Readonly<{ removed: readonly string[]; interrupted: number }>;

const pageSize = 1000;

/**
 * Every blob a file of some entity names: retracted files too (they stay for
 * the auditor), purged ones not. Each file is attached once and purged at
 * most once, so a blob is named while its attachments outnumber its purges.
 */
const namedBlobs = async (store: EventStore): Promise<Set<string>> => {
  const names = new Map<string, number>();
  for (let from = 0; ;) {
    const page = await store.readAll({
      fromPosition: from,
      maxCount: pageSize,
      filter: { eventTypes: ['EvidenceAttached', 'EvidencePurged'] },
    });
    // Only an empty page ends the reading: a page cut short by damage in the store must not pass for the end.
    if (page.length === 0) return new Set([...names].filter(([, count]) => count > 0).map(([sha256]) => sha256));
    for (const event of page) {
      const { sha256 } = upcastEvent(event).data as EvidenceFile | EvidencePurge;
      names.set(sha256, (names.get(sha256) ?? 0) + (event.type === 'EvidencePurged' ? -1 : 1));
    }
    from = page.at(-1)!.position + 1;
  }
};

/**
 * Deletes purged files' bytes now, unless another file (of any entity) still
 * names them: the sweep would reach them later, but an erasure is done when
 * it answers. One reading of the store for them all. Bytes stored again
 * after `before` stay (an upload of them may be on its way). Answers the
 * hashes no file names now.
 */
export const deletePurgedBlobs = async (
  store: EventStore,
  blobs: BlobStore,
  hashes: readonly string[],
  before: Date,
): Promise<string[]> => {
  if (hashes.length === 0) return [];
  const named = await namedBlobs(store);
  const unnamed = [...new Set(hashes)].filter((sha256) => !named.has(sha256));
  for (const sha256 of unnamed) await blobs.delete(sha256, { storedBefore: before });
  return unnamed;
};

const listed = async (blobs: BlobStore, before: Date): Promise<Set<string>> => {
  const found = new Set<string>();
  for await (const { sha256 } of blobs.list(before)) found.add(sha256);
  return found;
};

/**
 * Removes the blobs no event names (or only purged files) that were stored before `before` (an
 * upload refused after its bytes were kept: another file of it refused, a
 * case closed meanwhile), and what interrupted uploads left. The grace
 * before `before` must outlast an upload's way from its bytes to its event.
 * A blob stored again while the events are read stays: the delete itself
 * keeps one last stored after `before`. A store with damaged pages is not
 * swept at all (its events cannot all be read, so what they name is unknown).
 */
export const sweepUnnamedBlobs = async (store: EventStore, blobs: BlobStore, before: Date): Promise<SweepOutcome> => {
  const interrupted = await blobs.sweep(before);
  const candidates = await listed(blobs, before);
  if (candidates.size === 0) return { removed: [], interrupted };
  const named = await namedBlobs(store);
  const removed = [...candidates].filter((sha256) => !named.has(sha256));
  // Each only if still last stored before then: bytes stored again meanwhile have an event on its way.
  for (const sha256 of removed) await blobs.delete(sha256, { storedBefore: before });
  return { removed, interrupted };
};
