import type { Stamp } from './decider.js';
import { RuleViolated } from './errors.js';
import type { Personal } from './personal.js';

/**
 * Evidence is the same on every entity that takes files (a case, a
 * supplier): a file named by the SHA-256 of its bytes, kept apart in the blob
 * store; the event that names it is the commit point.
 */
export type EvidenceFile = Readonly<{
  evidenceId: string;
  sha256: string;
  size: number;
  /** As the file's own bytes say, never as its name or the client claimed. */
  mediaType: string;
  /** Display text only: never a path. Sealed on a case when the policy marks file names personal and the customer is a person. */
  fileName: Personal;
  /** Sealed on a case when the policy marks captions personal and the customer is a person. */
  caption?: Personal;
}>;

/** What a retraction records: the file's name too, so the history reads without the list. */
export type EvidenceRetraction = Readonly<{ evidenceId: string; reason: string; fileName: Personal }>;

/**
 * What a purge records: which file's bytes were deleted (a file that held
 * someone's personal data, on their erasure), and why. Its name is not
 * repeated: it may be the very thing erased. The hash lets the file store
 * tell whether any other file still names the same bytes.
 */
export type EvidencePurge = Readonly<{ evidenceId: string; sha256: string; reason: string }>;

/**
 * What an entity's state keeps of a file: only what its decisions need (is
 * this id taken, by which bytes; is it retracted; its name for the
 * retraction). The rest (caption, size, who, a retraction's reason) stays in
 * the events, which the file list reads: a state carried across
 * continue-as-new stays small however many files a supplier collects.
 */
export type EvidenceRef = Readonly<{
  id: string;
  sha256: string;
  fileName: Personal;
  retracted?: Readonly<{ at: string }>;
  purged?: Readonly<{ at: string }>;
}>;

/** How many files one case or supplier keeps: enough for years of 8Ds, small enough for the state a workflow carries. */
export const maxEvidencePerEntity = 1000;

type Recorded<T> = T & Readonly<{ at: string; by: string }>;

/** A file as the list shows it, folded from its events: everything they recorded. */
export type Evidence<Extra = unknown> = Recorded<
  Omit<EvidenceFile, 'evidenceId'> & {
    id: string;
    retracted?: Recorded<{ reason: string }>;
    /** Its bytes were deleted: the file is listed, and audited, as purged. */
    purged?: Recorded<{ reason: string }>;
  } & Extra
>;

/**
 * Whether attaching `file` records anything: a retried upload that names the
 * evidence it made is recorded once; the same id for other bytes is refused,
 * and so is a file past the entity's limit.
 */
export const isNewEvidence = (files: readonly EvidenceRef[] | undefined, file: EvidenceFile): boolean => {
  const same = files?.find((kept) => kept.id === file.evidenceId);
  if (same && same.sha256 === file.sha256) return false;
  if (same)
    throw new RuleViolated(
      `Evidence ${file.evidenceId} is another file`,
      { field: 'evidenceId' },
      { key: 'evidence-id-taken', params: { id: file.evidenceId } },
    );
  if ((files?.length ?? 0) >= maxEvidencePerEntity)
    throw new RuleViolated(
      `At most ${maxEvidencePerEntity} files here`,
      {},
      { key: 'evidence-limit', params: { max: maxEvidencePerEntity } },
    );
  return true;
};

/** The file of that id on the entity; refused when there is none. */
const fileOn = (files: readonly EvidenceRef[] | undefined, evidenceId: string): EvidenceRef => {
  const file = files?.find((candidate) => candidate.id === evidenceId);
  if (!file)
    throw new RuleViolated(
      `No evidence ${evidenceId} here`,
      { field: 'evidenceId' },
      { key: 'evidence-unknown', params: { id: evidenceId } },
    );
  return file;
};

/** The retraction of a file that is on the entity and not yet retracted. */
export const retractionOf = (
  files: readonly EvidenceRef[] | undefined,
  { evidenceId, reason }: { evidenceId: string; reason: string },
): EvidenceRetraction => {
  const file = fileOn(files, evidenceId);
  if (file.retracted)
    throw new RuleViolated(
      `Evidence ${evidenceId} was retracted at ${file.retracted.at}`,
      { field: 'evidenceId' },
      { key: 'evidence-retracted', params: { id: evidenceId, at: file.retracted.at } },
    );
  return { evidenceId, reason, fileName: file.fileName };
};

/**
 * The purge of a file on the entity that is not purged yet: open or closed,
 * retracted or not (a purge retracts it too), since an erasure must reach
 * every file that holds the person's data.
 */
export const purgeOf = (
  files: readonly EvidenceRef[] | undefined,
  { evidenceId, reason }: { evidenceId: string; reason: string },
): EvidencePurge => {
  const file = fileOn(files, evidenceId);
  if (file.purged)
    throw new RuleViolated(
      `Evidence ${evidenceId} was purged at ${file.purged.at}`,
      { field: 'evidenceId' },
      { key: 'evidence-purged', params: { id: evidenceId, at: file.purged.at } },
    );
  return { evidenceId, sha256: file.sha256, reason };
};

/** The references after an attachment. */
export const withAttached = (
  files: readonly EvidenceRef[] | undefined,
  { evidenceId, sha256, fileName }: EvidenceFile,
): EvidenceRef[] => [...(files ?? []), { id: evidenceId, sha256, fileName }];

/** The references after a retraction: the file stays, marked. */
export const withRetracted = (
  files: readonly EvidenceRef[] | undefined,
  { evidenceId, at }: EvidenceRetraction & Stamp,
): EvidenceRef[] => (files ?? []).map((file) => (file.id === evidenceId ? { ...file, retracted: { at } } : file));

/** The references after a purge: the file stays listed, retracted and purged. */
export const withPurged = (
  files: readonly EvidenceRef[] | undefined,
  { evidenceId, at }: EvidencePurge & Stamp,
): EvidenceRef[] =>
  (files ?? []).map((file) =>
    file.id === evidenceId ? { ...file, retracted: file.retracted ?? { at }, purged: { at } } : file,
  );

/** An event as the file list reads it: its type and its data. */
export type EvidenceEvent = Readonly<{ type: string; data: unknown }>;

/**
 * Every file the events attached, in order, with all they recorded and what
 * became of each: the list a case or supplier shows (at any revision: pass
 * the events up to it). Events of other types are passed over.
 */
export const evidenceOf = <Extra = unknown>(events: Iterable<EvidenceEvent>): Evidence<Extra>[] => {
  const files: Evidence<Extra>[] = [];
  for (const { type, data } of events) {
    if (type === 'EvidenceAttached') {
      const { evidenceId, ...file } = data as EvidenceFile & Stamp & Extra;
      files.push({ id: evidenceId, ...file } as unknown as Evidence<Extra>);
    } else if (type === 'EvidenceRetracted') {
      const { evidenceId, reason, at, by } = data as EvidenceRetraction & Stamp;
      const index = files.findIndex((file) => file.id === evidenceId);
      if (index >= 0) files[index] = { ...files[index]!, retracted: { reason, at, by } };
    } else if (type === 'EvidencePurged') {
      const { evidenceId, reason, at, by } = data as EvidencePurge & Stamp;
      const index = files.findIndex((file) => file.id === evidenceId);
      const file = files[index];
      if (file) files[index] = { ...file, retracted: file.retracted ?? { reason, at, by }, purged: { reason, at, by } };
    }
  }
  return files;
};
