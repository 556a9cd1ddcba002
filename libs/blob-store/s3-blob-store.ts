import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  hashingCounter,
  isSha256,
  readBlob,
  requireSha256,
  type BlobRef,
  type BlobStore,
  type ByteRange,
  type DeleteOptions,
} from './blob-store.js';

/** S3 parts are at least 5 MiB but the last: an upload holds one part in memory at a time. */
export const partBytes = 8 * 1024 * 1024;

export type S3BlobStoreConfig = Readonly<{
  bucket: string;
  /** An S3-compatible server (MinIO, SeaweedFS, Aliyun OSS, the Versity gateway); unset: AWS. */
  endpoint?: string;
  region?: string;
  /** Unset: the SDK's usual chain (environment, profile, instance role). */
  credentials?: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers want. */
  forcePathStyle?: boolean;
}>;

const notFound = (error: unknown): boolean => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
};

/**
 * Blobs as objects of an S3-compatible bucket: `blobs/<sha256>`. An upload
 * streams to `incoming/<uuid>` (a multipart upload past one part), and only
 * once its hash is known is it copied to its name and the incoming object
 * removed, so a blob's key only ever holds its whole content.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor({ bucket, endpoint, region, credentials, forcePathStyle }: S3BlobStoreConfig) {
    const config: S3ClientConfig = {
      region: region ?? 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      forcePathStyle: forcePathStyle ?? endpoint !== undefined,
      // The audit re-hashes every blob against its name, on every adapter alike: an altered object must read as
      // altered bytes, not fail inside the SDK. Checksums only where S3 requires them: not every S3-compatible
      // server (Aliyun OSS, older MinIO) speaks the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = new S3Client(config);
    this.bucket = bucket;
  }

  private keyOf(sha256: string): string {
    return `blobs/${requireSha256(sha256)}`;
  }

  async put(
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    { maxBytes }: { maxBytes?: number } = {},
  ): Promise<BlobRef> {
    const incoming = `incoming/${randomUUID()}`;
    const counter = hashingCounter(maxBytes);
    let uploadId: string | undefined;
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    const sendPart = async (body: Buffer) => {
      if (!uploadId) {
        const created = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: incoming }),
        );
        uploadId = created.UploadId;
      }
      const PartNumber = parts.length + 1;
      const sent = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: incoming, UploadId: uploadId, PartNumber, Body: body }),
      );
      parts.push({ ETag: sent.ETag, PartNumber });
    };
    try {
      for await (const chunk of content) {
        counter.take(chunk);
        held.push(chunk);
        heldBytes += chunk.byteLength;
        if (heldBytes >= partBytes) {
          await sendPart(Buffer.concat(held));
          held = [];
          heldBytes = 0;
        }
      }
      const rest = Buffer.concat(held);
      if (uploadId) {
        if (rest.byteLength > 0) await sendPart(rest);
        await this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: incoming,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        );
      } else {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: incoming, Body: rest }));
      }
    } catch (error) {
      if (uploadId)
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: incoming, UploadId: uploadId }))
          .catch(() => undefined);
      throw error;
    }
    const ref = counter.done();
    try {
      // The same bytes twice: the copy over an existing blob writes the same content again.
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(ref.sha256),
          CopySource: `${this.bucket}/${incoming}`,
        }),
      );
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: incoming })).catch(() => undefined);
    }
    return ref;
  }

  async stat(sha256: string): Promise<BlobRef | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return { sha256, size: Number(head.ContentLength ?? 0) };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | undefined> {
    return readBlob(await this.stat(sha256), range, async (bytes) => {
      try {
        const object = await this.client.send(
          new GetObjectCommand({
            Bucket: this.bucket,
            Key: this.keyOf(sha256),
            Range: `bytes=${bytes.start}-${bytes.end}`,
          }),
        );
        return object.Body as Readable;
      } catch (error) {
        // Deleted between the size and the bytes: as if it had never been kept.
        if (notFound(error)) return undefined;
        throw error;
      }
    });
  }

  async delete(sha256: string, { storedBefore }: DeleteOptions = {}): Promise<void> {
    if (storedBefore) {
      // Written again meanwhile (a new upload of the same bytes): it stays.
      const head = await this.client
        .send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }))
        .catch((error: unknown) => (notFound(error) ? undefined : Promise.reject(error)));
      if (!head || !head.LastModified || head.LastModified >= storedBefore) return;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
  }

  async *list(before: Date): AsyncIterable<BlobRef> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'blobs/', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const sha256 = object.Key?.slice('blobs/'.length) ?? '';
        // The copy of a new upload of the same bytes writes the object again, with a new time.
        if (isSha256(sha256) && object.LastModified && object.LastModified < before)
          yield { sha256, size: Number(object.Size ?? 0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Removes incoming objects written before `before`: uploads interrupted between their upload and their copy. */
  async sweep(before: Date): Promise<number> {
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'incoming/', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && object.LastModified < before) {
          await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
          removed++;
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // Multipart uploads a crash left open hold parts that are no object and would be kept (and billed) for ever.
    let keyMarker: string | undefined;
    let uploadMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket,
          Prefix: 'incoming/',
          KeyMarker: keyMarker,
          UploadIdMarker: uploadMarker,
        }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key && upload.UploadId && upload.Initiated && upload.Initiated < before) {
          await this.client.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }),
          );
          removed++;
        }
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return removed;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
