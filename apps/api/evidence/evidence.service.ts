import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { ByteRange, BlobStore } from '../../../libs/blob-store/index.js';
import { upcastEvent } from '../../../libs/contracts/upcasting.js';
import { evidenceOf, type Evidence, type EvidenceFile, type Personal } from '../../../libs/domain/index.js';
import type { EventStore, StoredEvent } from '../../../libs/event-store/index.js';
import { canonicalJson } from '../../../libs/event-store/index.js';
import { deletePurgedBlobs } from '../../../libs/platform/blob-sweep.js';
import { idFromKey } from '../../../libs/support/stable-id.js';
import type { EntityService } from '../entities/entity-service.js';
import { pointInTime } from '../audit/history.js';
import { entityRequest, identityOf, type Caller } from '../http/request-context.js';
import { notFound, problemSaying, type Problem } from '../problems/problem.js';
import { toProblem } from '../problems/to-problem.js';
import type { FileLinks, FileTarget } from './file-links.js';
import { hasThumbnail, isInline, sniffBytes, sniffMediaType } from './media-types.js';
import { displayName, receiveUpload, type ReceivedFile, type UploadLimits } from './upload.js';

/** An entity that keeps files: its view says its revision and what the caller may do to it. */
type FileHolder = Readonly<{ revision: number; allowedActions: readonly string[] }>;
type HolderService<V extends FileHolder> = EntityService<any, any, any, any, any, V>;

/** A file as clients list it: what its events recorded, and links a browser can open without the token. */
export type EvidenceItem = Evidence & Readonly<{ url: string; thumbnailUrl?: string; inline: boolean }>;
export type EvidenceList = Readonly<{ id: string; revision: number; files: EvidenceItem[] }>;
export type Attached = Readonly<{ id: string; revision: number; attached: EvidenceItem[] }>;

/** A file to send: its record, and its bytes (a range of them when one was asked for). */
export type OpenedFile = Readonly<{
  file: Evidence;
  size: number;
  range?: ByteRange;
  bytes: Readable;
}>;

export type Thumbnail = Readonly<{ file: Evidence; bytes: Buffer }>;

const thumbnailSize = 320;
const keptThumbnails = 200;
/** A picture larger than this (a decompression bomb fits in a few MB) gets no thumbnail. */
const thumbnailPixelLimit = 50_000_000;
/** Thumbnails made at once: each decodes a whole image in memory. */
const thumbnailsAtOnce = 2;

/** Files as the list reads them: folded from the events that attached and retracted them. */
const filesIn = (events: readonly StoredEvent[]): Evidence[] =>
  evidenceOf(events.map((event) => ({ type: event.type, data: upcastEvent(event).data })));

/**
 * Evidence on one kind of entity (cases, suppliers): uploads stream into the
 * blob store, then each file is recorded by its entity's workflow as one
 * event, the commit point; reads find the file by its event and stream its
 * blob. The same service serves every kind, so each is served one way.
 */
export class EntityEvidence<V extends FileHolder> {
  private readonly thumbnails = new Map<string, Buffer>();
  /** Files that could not be made into a thumbnail: not decoded again on every request. */
  private readonly noThumbnail = new Set<string>();
  private thumbnailing = 0;

  constructor(
    readonly kind: FileTarget['kind'],
    private readonly entity: HolderService<V>,
    private readonly blobs: BlobStore,
    /** Whether another file still names a purged file's bytes: every entity's events. */
    private readonly store: EventStore,
    private readonly links: FileLinks,
    /** `inFlightMs`: how long an upload may take from its bytes to its last event. */
    private readonly limits: Omit<UploadLimits, 'fields'> & Readonly<{ inFlightMs: number }>,
    /** What this kind takes beside the files (a caption; a supplier's action or evaluation), and any check before reading the body. */
    private readonly options: Readonly<{
      fields: readonly string[];
      refuseUpload?: (view: V, id: string) => Problem | undefined;
      /** A caption or a file's name as the record keeps it (sealed, where it is personal data). */
      personal?: (view: V, field: 'captions' | 'file-names', text: string) => Promise<Personal>;
      /** A file's record with its sealed values opened: its name goes into the headers of its download. */
      open?: <T>(value: T) => Promise<T>;
    }>,
  ) {}

  /**
   * Receives the files and records each as an `EvidenceAttached`, in order.
   * With an Idempotency-Key the n-th file's evidence id and Update id come
   * from the key, so a retried upload records nothing twice.
   */
  async attach(
    id: string,
    request: Request,
    caller: Caller,
    /** `vouched`: the product gave the right to add files itself (a public form's upload token), not a role. */
    { vouched = false }: { vouched?: boolean } = {},
  ): Promise<Attached> {
    // Before the body is read: who may not add files here, or a case that takes none, is told so without uploading them.
    const before = await this.entity.find(id, identityOf(caller));
    if (!before) throw this.missing(id);
    const refused = this.options.refuseUpload?.(before, id);
    if (refused) throw refused;
    if (!vouched && !before.allowedActions.includes('attach-evidence'))
      throw problemSaying('not-permitted', 'evidence-not-yours', { id });
    const { files, fields } = await receiveUpload(request, this.blobs, { ...this.limits, fields: this.options.fields });
    return this.record(id, before, files, fields, caller);
  }

  /**
   * Files that came another way (an e-mail's attachments), kept and recorded
   * as an upload's are, by the product itself: those that are empty, too
   * large or of a type it does not take are left out, and named in the answer.
   */
  async attachFiles(
    id: string,
    files: readonly Readonly<{ fileName: string; bytes: Uint8Array }>[],
    caller: Caller,
  ): Promise<{ attached: number; left: string[] }> {
    const before = await this.entity.find(id, identityOf(caller));
    if (!before) throw this.missing(id);
    const received: ReceivedFile[] = [];
    const left: string[] = [];
    for (const { fileName, bytes } of files) {
      const name = displayName(fileName);
      const fits =
        bytes.byteLength > 0 && bytes.byteLength <= this.limits.maxBytes && received.length < this.limits.maxFiles;
      const mediaType = fits && (await sniffMediaType(bytes.subarray(0, sniffBytes), bytes.byteLength <= sniffBytes));
      if (!mediaType) {
        left.push(name);
        continue;
      }
      const ref = await this.blobs.put(
        (async function* () {
          yield bytes;
        })(),
        { maxBytes: this.limits.maxBytes },
      );
      received.push({ ref, mediaType, fileName: name });
    }
    if (received.length > 0) await this.record(id, before, received, {}, caller);
    return { attached: received.length, left };
  }

  /** Records each file received as an `EvidenceAttached`, in order; with an Idempotency-Key, once. */
  private async record(
    id: string,
    before: V,
    files: readonly ReceivedFile[],
    fields: Readonly<Record<string, string>>,
    caller: Caller,
  ): Promise<Attached> {
    const { caption: written, ...links } = fields;
    const kept = (field: 'captions' | 'file-names', text: string) =>
      this.options.personal ? this.options.personal(before, field, text) : Promise.resolve(text);
    const caption = written && (await kept('captions', written));
    // The body is a stream, so the request's fingerprint is its route and caller: the upload adds what it carried.
    const fingerprint =
      caller.fingerprint &&
      createHash('sha256')
        .update(
          canonicalJson([
            caller.fingerprint,
            fields,
            files.map(({ ref, mediaType, fileName }) => [ref, mediaType, fileName]),
          ]),
        )
        .digest('base64url');
    let view = before;
    const attached: string[] = [];
    for (const [index, { ref, mediaType, fileName }] of files.entries()) {
      const key = caller.idempotencyKey && `${caller.idempotencyKey}:${index}`;
      const evidenceId = key ? idFromKey('evidence', key) : randomUUID();
      const data: EvidenceFile & Record<string, Personal | number> = {
        evidenceId,
        sha256: ref.sha256,
        size: ref.size,
        mediaType,
        fileName: await kept('file-names', fileName),
        ...(caption ? { caption } : {}),
        ...links,
      };
      const write = entityRequest(
        { type: 'AttachEvidence', data },
        { ...caller, fingerprint },
        index === 0 ? caller.ifMatchRevision : undefined,
      );
      view = await this.entity.execute(id, index === 0 ? write : { ...write, expectedRevision: undefined }, key);
      attached.push(evidenceId);
    }
    const { files: listed } = await this.list(id);
    return { id, revision: view.revision, attached: listed.filter((item) => attached.includes(item.id)) };
  }

  /** Sends a retraction to the entity's workflow; answers the files as they now are. */
  async retract(
    id: string,
    request: Parameters<HolderService<V>['execute']>[1],
    idempotencyKey?: string,
  ): Promise<EvidenceList> {
    await this.entity.execute(id, request, idempotencyKey);
    return this.list(id);
  }

  /** Deletes a file's bytes (personal data of someone erased): see `purgeAll`. Answers the files as they now are. */
  async purge(
    id: string,
    evidenceId: string,
    request: Parameters<HolderService<V>['execute']>[1],
    idempotencyKey?: string,
  ): Promise<EvidenceList> {
    await this.purgeAll([{ id, evidenceId, request, idempotencyKey }]);
    return this.list(id);
  }

  /**
   * Each entity records the purge of its file, closed or not; then the bytes
   * go unless another file names them, all of them in one reading of the
   * store. A file purged already (or meanwhile: a retry, another
   * administrator) counts as done, and its bytes are still made sure of, so
   * a retry finishes a purge cut short.
   */
  async purgeAll(
    purges: readonly Readonly<{
      id: string;
      evidenceId: string;
      request: Parameters<HolderService<V>['execute']>[1];
      idempotencyKey?: string;
    }>[],
  ): Promise<void> {
    const began = new Date();
    const hashes: string[] = [];
    for (const { id, evidenceId, request, idempotencyKey } of purges) {
      const file = await this.fileOf(id, evidenceId);
      if (!file.purged)
        await this.entity.executeOnAnyRun(id, request, idempotencyKey).catch((error: unknown) => {
          if (toProblem(error).text?.key !== 'evidence-purged') throw error;
        });
      hashes.push(file.sha256);
      this.thumbnails.delete(file.sha256);
    }
    await this.deletePurged(hashes, began);
  }

  /**
   * Bytes stored shortly before the purge began may belong to an upload on
   * its way to its events (an upload stores every file, then records them
   * one by one): those stay for another try once that way is over, and the
   * sweep is there should this process stop first.
   */
  private async deletePurged(hashes: readonly string[], began: Date): Promise<void> {
    const inFlightMs = this.limits.inFlightMs;
    await deletePurgedBlobs(this.store, this.blobs, hashes, new Date(began.getTime() - inFlightMs));
    const kept = (
      await Promise.all(hashes.map(async (sha256) => ((await this.blobs.stat(sha256)) ? sha256 : undefined)))
    ).filter((sha256): sha256 is string => sha256 !== undefined);
    if (kept.length === 0) return;
    setTimeout(() => {
      void deletePurgedBlobs(this.store, this.blobs, kept, began).catch(() => undefined);
    }, inFlightMs).unref();
  }

  /** The files of the entity now, or as they stood at an instant or revision (retracted ones marked). */
  async list(id: string, point?: { asOf?: string; revision?: number }): Promise<EvidenceList> {
    const events =
      point && (point.asOf !== undefined || point.revision !== undefined)
        ? await this.entity.eventsUpTo(id, pointInTime(point))
        : await this.entity.events(id);
    return { id, revision: events.at(-1)?.revision ?? -1, files: filesIn(events).map((file) => this.itemOf(id, file)) };
  }

  /** The file's record, as its events left it (its sealed values opened): every file ever attached stays listed. */
  async fileOf(id: string, evidenceId: string): Promise<Evidence> {
    const file = filesIn(await this.entity.events(id)).find((candidate) => candidate.id === evidenceId);
    if (!file) throw notFound('evidence-not-found', { id, evidenceId });
    return this.options.open ? this.options.open(file) : file;
  }

  /** A file whose bytes are kept: a purged one is gone, on purpose (410). */
  async keptFileOf(id: string, evidenceId: string): Promise<Evidence> {
    const file = await this.fileOf(id, evidenceId);
    if (file.purged) throw problemSaying('file-purged', 'evidence-purged', { id: evidenceId, at: file.purged.at });
    return file;
  }

  /** The file's bytes, or the range asked for; a 416 for a range outside it. */
  async open(
    id: string,
    evidenceId: string,
    range?: (size: number) => ByteRange | undefined,
    /** The file's record, when the caller has just read it. */
    known?: Evidence,
  ): Promise<OpenedFile> {
    const file = known ?? (await this.keptFileOf(id, evidenceId));
    const missing = () => problemSaying('record-unreadable', 'evidence-file-missing', { evidenceId }, { evidenceId });
    const stored = await this.blobs.stat(file.sha256).catch(() => undefined);
    if (!stored) throw missing();
    const wanted = range?.(stored.size);
    const bytes = await this.blobs.get(file.sha256, wanted);
    if (!bytes) throw missing();
    return { file, size: stored.size, range: wanted, bytes };
  }

  /** A small WebP of an image file, made once per file and kept a while; a few at a time. */
  async thumbnail(id: string, evidenceId: string): Promise<Thumbnail> {
    const file = await this.keptFileOf(id, evidenceId);
    const none = () => notFound('evidence-no-thumbnail', { evidenceId });
    if (!hasThumbnail(file.mediaType) || this.noThumbnail.has(file.sha256)) throw none();
    const kept = this.thumbnails.get(file.sha256);
    if (kept) return { file, bytes: kept };
    if (this.thumbnailing >= thumbnailsAtOnce) throw problemSaying('unavailable', 'evidence-thumbnails-busy');
    this.thumbnailing++;
    try {
      const { bytes: source } = await this.open(id, evidenceId, undefined, file);
      const resize = sharp({ failOn: 'none', limitInputPixels: thumbnailPixelLimit })
        .rotate()
        .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 });
      const bytes = await source
        .pipe(resize)
        .toBuffer()
        .catch(() => {
          this.noThumbnail.add(file.sha256);
          throw none();
        });
      if (this.thumbnails.size >= keptThumbnails) this.thumbnails.delete(this.thumbnails.keys().next().value!);
      this.thumbnails.set(file.sha256, bytes);
      return { file, bytes };
    } finally {
      this.thumbnailing--;
    }
  }

  private itemOf(id: string, file: Evidence): EvidenceItem {
    const target = { kind: this.kind, id, evidenceId: file.id } as const;
    return {
      ...file,
      inline: isInline(file.mediaType),
      url: `/api/v1/files/${this.links.sign({ ...target, variant: 'file' })}`,
      ...(hasThumbnail(file.mediaType) && !file.purged
        ? { thumbnailUrl: `/api/v1/files/${this.links.sign({ ...target, variant: 'thumbnail' })}` }
        : {}),
    };
  }

  private missing(id: string): Problem {
    return notFound(this.kind === 'complaints' ? 'complaint-not-found' : 'supplier-not-found', { id });
  }
}
