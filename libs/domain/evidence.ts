import type { Stamp } from './decider.js';
import { RuleViolated } from './errors.js';

/**
 * Evidence is the same on every entity that takes files (a case, a
 * supplier): a file named by the SHA-256 of its bytes, kept apart in the blob
 * store; the event that names it is the commit point. `Extra` is what one
 * kind of entity adds (a supplier's corrective action or evaluation).
 */
export type EvidenceFile = Readonly<{
  evidenceId: string;
  sha256: string;
  size: number;
  /** As the file's own bytes say, never as its name or the client claimed. */
  mediaType: string;
  /** Display text only: never a path. */
  fileName: string;
  caption?: string;
}>;

/** What a retraction records: the file's name too, so the history reads without the list. */
export type EvidenceRetraction = Readonly<{ evidenceId: string; reason: string; fileName: string }>;

type Recorded<T> = T & Readonly<{ at: string; by: string }>;

/** A file of an entity, as its events left it. */
export type Evidence<Extra = unknown> = Recorded<
  Omit<EvidenceFile, 'evidenceId'> & { id: string; retracted?: Recorded<{ reason: string }> } & Extra
>;

/**
 * Whether attaching `file` records anything: a retried upload that names the
 * evidence it made is recorded once; the same id for other bytes is refused.
 */
export const isNewEvidence = (files: readonly Evidence[] | undefined, file: EvidenceFile): boolean => {
  const same = files?.find((kept) => kept.id === file.evidenceId);
  if (!same) return true;
  if (same.sha256 === file.sha256) return false;
  throw new RuleViolated(
    `Evidence ${file.evidenceId} is another file`,
    { field: 'evidenceId' },
    { key: 'evidence-id-taken', params: { id: file.evidenceId } },
  );
};

/** The retraction of a file that is on the entity and not yet retracted. */
export const retractionOf = (
  files: readonly Evidence[] | undefined,
  { evidenceId, reason }: { evidenceId: string; reason: string },
): EvidenceRetraction => {
  const file = files?.find((candidate) => candidate.id === evidenceId);
  if (!file)
    throw new RuleViolated(
      `No evidence ${evidenceId} here`,
      { field: 'evidenceId' },
      { key: 'evidence-unknown', params: { id: evidenceId } },
    );
  if (file.retracted)
    throw new RuleViolated(
      `Evidence ${evidenceId} was retracted at ${file.retracted.at}`,
      { field: 'evidenceId' },
      { key: 'evidence-retracted', params: { id: evidenceId, at: file.retracted.at } },
    );
  return { evidenceId, reason, fileName: file.fileName };
};

/** The files after an attachment. */
export const withAttached = <Extra>(
  files: readonly Evidence<Extra>[] | undefined,
  { evidenceId, ...file }: EvidenceFile & Stamp & Extra,
): Evidence<Extra>[] => [...(files ?? []), { id: evidenceId, ...file } as unknown as Evidence<Extra>];

/** The files after a retraction: the file stays, marked. */
export const withRetracted = <Extra>(
  files: readonly Evidence<Extra>[] | undefined,
  { evidenceId, reason, at, by }: EvidenceRetraction & Stamp,
): Evidence<Extra>[] =>
  (files ?? []).map((file) => (file.id === evidenceId ? { ...file, retracted: { reason, at, by } } : file));
