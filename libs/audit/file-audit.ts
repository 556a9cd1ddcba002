import { isSha256, rehash, type BlobStore } from '../blob-store/index.js';
import { upcastEvent } from '../contracts/upcasting.js';
import type { FileVerdict } from '../contracts/read-views.js';
import type { EvidenceFile, EvidencePurge } from '../domain/index.js';
import type { StoredEvent } from '../event-store/index.js';

/**
 * Every file the stream names, re-hashed: its bytes must still hash to the
 * name its event recorded. A file missing or altered fails the audit as an
 * altered event does, named by its evidence id, the revision of the event
 * that attached it and its file name. Files shared by several events are
 * read once. A file store that does not answer leaves the file unchecked,
 * which makes the verdict unverified, never intact. A file whose purge the
 * stream records (its bytes deleted on purpose, as the chain vouches) is
 * purged, not missing: its bytes are not looked for.
 */
export const auditFiles = async (events: readonly StoredEvent[], blobs: BlobStore): Promise<FileVerdict[]> => {
  const hashes = new Map<string, Promise<string | undefined | Error>>();
  // A name that is no SHA-256 was never written by the product: the event was altered.
  const hashOf = (sha256: string) =>
    isSha256(sha256) ? rehash(blobs, sha256).catch((error: unknown) => error as Error) : Promise.resolve('');
  const purged = new Set(
    events
      .filter((event) => event.type === 'EvidencePurged')
      .map((event) => (upcastEvent(event).data as EvidencePurge).evidenceId),
  );
  const verdicts: Promise<FileVerdict>[] = [];
  for (const event of events) {
    if (event.type !== 'EvidenceAttached') continue;
    const { evidenceId, sha256, fileName } = upcastEvent(event).data as EvidenceFile;
    if (purged.has(evidenceId)) {
      verdicts.push(Promise.resolve({ evidenceId, revision: event.revision, fileName, sha256, status: 'purged' }));
      continue;
    }
    if (!hashes.has(sha256)) hashes.set(sha256, hashOf(sha256));
    verdicts.push(
      hashes.get(sha256)!.then((found) => ({
        evidenceId,
        revision: event.revision,
        fileName,
        sha256,
        status:
          found instanceof Error
            ? 'unchecked'
            : found === undefined
              ? 'missing'
              : found === sha256
                ? 'verified'
                : 'altered',
      })),
    );
  }
  return Promise.all(verdicts);
};
