import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStorableText } from '../../../libs/event-store/index.js';
import { BlobTooLarge, type BlobRef, type BlobStore } from '../../../libs/blob-store/index.js';
import { fieldError, problemSaying, validationProblem, type FieldError, type Problem } from '../problems/problem.js';
import { sniffBytes, sniffMediaType } from './media-types.js';

/** One file of an upload, kept in the blob store, its type decided by its bytes. */
export type ReceivedFile = Readonly<{ ref: BlobRef; mediaType: string; fileName: string }>;
export type ReceivedUpload = Readonly<{ files: readonly ReceivedFile[]; fields: Readonly<Record<string, string>> }>;

export type UploadLimits = Readonly<{ maxBytes: number; maxFiles: number; fields: readonly string[] }>;

const maxFileNameLength = 200;
/** A field's text, in characters; busboy counts bytes, and a Chinese character is three of them in UTF-8. */
const maxFieldLength = 2000;
const maxFieldBytes = maxFieldLength * 4;

/**
 * A file's name is display text, never a path: its last segment, without
 * control characters, NFC, at most 255 characters; "file" when nothing is left.
 */
export const displayName = (name: string | undefined): string => {
  // Browsers send a quote, CR and LF in a name as %22, %0D and %0A; the line breaks go, the quote is the name's.
  const decoded = (name ?? '').replace(/%22/gi, '"').replace(/%0[ad]/gi, '');
  const last = decoded.split(/[/\\]/).pop() ?? '';
  // Control and format characters (a right-to-left override makes `exe.pdf` of `fdp.exe`) are not shown.
  const clean = [...last.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, '')]
    .slice(0, maxFileNameLength)
    .join('')
    .trim();
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
};

/**
 * Reads `stream` until `bytes` are held or it ends: the head to decide the
 * type from, and whether it was all. The stream stays open for the rest.
 */
const readHead = async (stream: Readable, bytes: number): Promise<{ head: Buffer; ended: boolean }> => {
  const parts: Buffer[] = [];
  let held = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    parts.push(chunk as Buffer);
    held += (chunk as Buffer).byteLength;
    if (held >= bytes) return { head: Buffer.concat(parts), ended: false };
  }
  return { head: Buffer.concat(parts), ended: true };
};

/** The head read to type the file, then the rest; a store that stops early (too large) leaves the part to be drained, not destroyed, so the parser reaches the next one. */
async function* headThenRest(head: Buffer, rest: Readable | undefined): AsyncGenerator<Uint8Array> {
  if (head.byteLength > 0) yield head;
  if (rest) for await (const chunk of rest.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
}

/**
 * Receives a multipart/form-data upload as it streams: each `file` part is
 * typed from its first bytes (refused before anything is stored when the
 * product does not take its type, or it is empty), then hashed into the blob
 * store a chunk at a time, never held whole. The first refusal is the
 * answer; the rest of the body is read and dropped, so the client hears it.
 * Blobs kept for the files before a refused one are named by no event: the
 * blob sweep removes them (`sweepUnnamedBlobs`).
 */
export const receiveUpload = (request: Request, blobs: BlobStore, limits: UploadLimits): Promise<ReceivedUpload> =>
  new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: {
          files: limits.maxFiles,
          fields: limits.fields.length,
          fieldSize: maxFieldBytes,
          fieldNameSize: 100,
          // busboy says a limit is reached once the count equals it, even by the last part allowed: one more.
          parts: limits.maxFiles + limits.fields.length + 1,
        },
      });
    } catch {
      return reject(problemSaying('unsupported-media-type', 'evidence-not-multipart'));
    }
    const files: Promise<ReceivedFile | undefined>[] = [];
    const fields: Record<string, string> = {};
    const fieldErrors: FieldError[] = [];
    let refusal: Problem | undefined;
    const refuse = (problem: Problem) => {
      refusal ??= problem;
    };

    parser.on('file', (name, stream, info) => {
      const index = files.length;
      if (name !== 'file' || refusal) {
        if (name !== 'file') fieldErrors.push(fieldError(name, 'unknown-part'));
        stream.resume();
        files.push(Promise.resolve(undefined));
        return;
      }
      const fileName = displayName(info.filename);
      // Settles whatever happens, so the parser always reaches its end: a store that fails is a 503, the part drained.
      files.push(
        (async (): Promise<ReceivedFile | undefined> => {
          const fileRefusal = (problem: Problem) => {
            stream.resume();
            refuse(problem);
            return undefined;
          };
          try {
            const { head, ended } = await readHead(stream, sniffBytes);
            if (head.byteLength === 0)
              return fileRefusal(
                problemSaying('rule-violated', 'evidence-empty', { fileName }, { field: `file[${index}]` }),
              );
            const mediaType = await sniffMediaType(head, ended);
            if (!mediaType)
              return fileRefusal(
                problemSaying(
                  'unsupported-media-type',
                  'evidence-type-refused',
                  { fileName },
                  { field: `file[${index}]` },
                ),
              );
            const ref = await blobs.put(headThenRest(head, ended ? undefined : stream), { maxBytes: limits.maxBytes });
            return { ref, mediaType, fileName };
          } catch (error) {
            if (error instanceof BlobTooLarge)
              return fileRefusal(
                problemSaying(
                  'too-large',
                  'evidence-too-large',
                  { fileName, maxBytes: limits.maxBytes },
                  { field: `file[${index}]`, maxBytes: limits.maxBytes },
                ),
              );
            // The client went away (the parser says so itself), or the store failed: nothing is recorded.
            return fileRefusal(problemSaying('unavailable', 'evidence-store-unavailable', { fileName }));
          }
        })(),
      );
    });
    parser.on('field', (name, value, info) => {
      if (!limits.fields.includes(name)) fieldErrors.push(fieldError(name, 'unknown-part'));
      else if (info.valueTruncated || [...value].length > maxFieldLength)
        fieldErrors.push(fieldError(name, 'maxLength', { property: name, max: maxFieldLength }));
      else if (!isStorableText(value)) fieldErrors.push(fieldError(name, 'unstorable-text'));
      else if (value.trim() !== '') fields[name] = value.trim();
    });
    parser.on('filesLimit', () =>
      refuse(problemSaying('too-large', 'evidence-too-many-files', { max: limits.maxFiles }, { max: limits.maxFiles })),
    );
    parser.on('partsLimit', () => fieldErrors.push(fieldError('body', 'unknown-part')));
    parser.on('fieldsLimit', () => fieldErrors.push(fieldError('body', 'unknown-part')));
    let failed = false;
    parser.on('error', () => {
      failed = true;
      // Whatever was kept waits for the sweep; the parts still open end with the parser.
      Promise.allSettled(files).then(() => reject(problemSaying('malformed', 'evidence-malformed')), reject);
    });
    parser.on('close', () => {
      if (failed) return;
      Promise.all(files).then((received) => {
        if (refusal) return reject(refusal);
        if (fieldErrors.length > 0) return reject(validationProblem(fieldErrors));
        const kept = received.filter((file): file is ReceivedFile => file !== undefined);
        if (kept.length === 0) return reject(validationProblem([fieldError('file', 'evidence-no-file')]));
        resolve({ files: kept, fields });
      }, reject);
    });
    // A client that goes away mid-upload ends the parser with an error, and with it every part's stream and store.
    pipeline(request, parser).catch(() => undefined);
  });
