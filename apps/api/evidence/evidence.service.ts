import type { Request } from 'express';
import { randomUUID, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { ByteRange, BlobStore } from '../../../libs/blob-store/index.js';
import type { Evidence, EvidenceFile } from '../../../libs/domain/index.js';
import { idFromKey } from '../../../libs/support/stable-id.js';
import type { EntityService } from '../entities/entity-service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { notFound, problemSaying, type Problem } from '../problems/problem.js';
import type { FileLinks, FileTarget } from './file-links.js';
import { hasThumbnail, isInline } from './media-types.js';
import { receiveUpload, type UploadLimits } from './upload.js';

/** An entity that keeps files: its view lists them and says its revision. */
type FileHolder = Readonly<{ evidence?: readonly Evidence[]; revision: number }>;
type HolderService<V extends FileHolder> = EntityService<any, any, any, any, any, V>;

/** A file as clients list it: what its event recorded, and links a browser can open without the token. */
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

/**
 * Evidence on one kind of entity (cases, suppliers): uploads stream into the
 * blob store, then each file is recorded by its entity's workflow as one
 * event, the commit point; reads find the file by its event and stream its
 * blob. The same service serves every kind, so each is served one way.
 */
export class EntityEvidence<V extends FileHolder> {
  private readonly thumbnails = new Map<string, Buffer>();

  constructor(
    readonly kind: FileTarget['kind'],
    private readonly entity: HolderService<V>,
    private readonly blobs: BlobStore,
    private readonly links: FileLinks,
    private readonly limits: Omit<UploadLimits, 'fields'>,
    /** What this kind takes beside the files (a caption; a supplier's action or evaluation), and any check before reading the body. */
    private readonly options: Readonly<{
      fields: readonly string[];
      refuseUpload?: (view: V, id: string) => Problem | undefined;
    }>,
  ) {}

  /**
   * Receives the files and records each as an `EvidenceAttached`, in order.
   * With an Idempotency-Key the n-th file's evidence id and Update id come
   * from the key, so a retried upload records nothing twice.
   */
  async attach(id: string, request: Request, caller: Caller): Promise<Attached> {
    // Before the body is read: a case that takes no files is told so without uploading them.
    const before = await this.entity.find(id);
    if (!before) throw this.missing(id);
    const refused = this.options.refuseUpload?.(before, id);
    if (refused) throw refused;
    const { files, fields } = await receiveUpload(request, this.blobs, { ...this.limits, fields: this.options.fields });
    const { caption, ...links } = fields;
    let view = before;
    const attached: string[] = [];
    for (const [index, { ref, mediaType, fileName }] of files.entries()) {
      const key = caller.idempotencyKey && `${caller.idempotencyKey}:${index}`;
      const evidenceId = key ? idFromKey('evidence', key) : randomUUID();
      const data: EvidenceFile & Record<string, string | number> = {
        evidenceId,
        sha256: ref.sha256,
        size: ref.size,
        mediaType,
        fileName,
        ...(caption ? { caption } : {}),
        ...links,
      };
      // The body is a stream, so the request's fingerprint is its route and caller: each file adds its bytes.
      const fingerprint =
        caller.fingerprint &&
        createHash('sha256')
          .update(`${caller.fingerprint}:${index}:${ref.sha256}:${caption ?? ''}`)
          .digest('base64url');
      const write = entityRequest(
        { type: 'AttachEvidence', data },
        { ...caller, fingerprint },
        index === 0 ? caller.ifMatchRevision : undefined,
      );
      view = await this.entity.execute(id, index === 0 ? write : { ...write, expectedRevision: undefined }, key);
      attached.push(evidenceId);
    }
    const items = this.itemsOf(id, view);
    return { id, revision: view.revision, attached: items.filter((item) => attached.includes(item.id)) };
  }

  /** Sends a retraction to the entity's workflow; answers the files as they now are. */
  async retract(
    id: string,
    request: Parameters<HolderService<V>['execute']>[1],
    idempotencyKey?: string,
  ): Promise<EvidenceList> {
    const view = await this.entity.execute(id, request, idempotencyKey);
    return { id, revision: view.revision, files: this.itemsOf(id, view) };
  }

  /** The files of the entity now, or as they stood at an instant or revision (retracted ones marked). */
  async list(id: string, point?: { asOf?: string; revision?: number }): Promise<EvidenceList> {
    const view =
      point && (point.asOf !== undefined || point.revision !== undefined)
        ? await this.entity.stateAsOf(id, point)
        : await this.entity.find(id);
    if (!view) throw this.missing(id);
    return { id, revision: view.revision, files: this.itemsOf(id, view) };
  }

  /** The file's record, as the entity's events left it: every file ever attached stays listed. */
  async fileOf(id: string, evidenceId: string): Promise<Evidence> {
    const view = await this.entity.find(id);
    if (!view) throw this.missing(id);
    const file = view.evidence?.find((candidate) => candidate.id === evidenceId);
    if (!file) throw notFound('evidence-not-found', { id, evidenceId });
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
    const file = known ?? (await this.fileOf(id, evidenceId));
    const stored = await this.blobs.stat(file.sha256);
    if (!stored) throw problemSaying('record-unreadable', 'evidence-file-missing', { evidenceId }, { evidenceId });
    const wanted = range?.(stored.size);
    const bytes = await this.blobs.get(file.sha256, wanted);
    if (!bytes) throw problemSaying('record-unreadable', 'evidence-file-missing', { evidenceId }, { evidenceId });
    return { file, size: stored.size, range: wanted, bytes };
  }

  /** A small WebP of an image file, made once per file and kept a while. */
  async thumbnail(id: string, evidenceId: string): Promise<Thumbnail> {
    const file = await this.fileOf(id, evidenceId);
    if (!hasThumbnail(file.mediaType)) throw notFound('evidence-no-thumbnail', { evidenceId });
    const kept = this.thumbnails.get(file.sha256);
    if (kept) return { file, bytes: kept };
    const { bytes: source } = await this.open(id, evidenceId, undefined, file);
    const resize = sharp({ failOn: 'none' })
      .rotate()
      .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 });
    const bytes = await source
      .pipe(resize)
      .toBuffer()
      .catch(() => {
        throw notFound('evidence-no-thumbnail', { evidenceId });
      });
    if (this.thumbnails.size >= keptThumbnails) this.thumbnails.delete(this.thumbnails.keys().next().value!);
    this.thumbnails.set(file.sha256, bytes);
    return { file, bytes };
  }

  private itemsOf(id: string, view: V): EvidenceItem[] {
    return (view.evidence ?? []).map((file) => {
      const target = { kind: this.kind, id, evidenceId: file.id } as const;
      return {
        ...file,
        inline: isInline(file.mediaType),
        url: `/api/v1/files/${this.links.sign({ ...target, variant: 'file' })}`,
        ...(hasThumbnail(file.mediaType)
          ? { thumbnailUrl: `/api/v1/files/${this.links.sign({ ...target, variant: 'thumbnail' })}` }
          : {}),
      };
    });
  }

  private missing(id: string): Problem {
    return notFound(this.kind === 'complaints' ? 'complaint-not-found' : 'supplier-not-found', { id });
  }
}
