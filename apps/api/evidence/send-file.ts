import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from '../../../libs/blob-store/index.js';
import type { Evidence } from '../../../libs/domain/index.js';
import { problemSaying } from '../problems/problem.js';
import { isInline, savedName } from './media-types.js';

/**
 * The one range the API serves (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within a
 * file of `size` bytes; undefined for no Range, or one it does not serve
 * (several ranges, another unit), which RFC 9110 answers with the whole file.
 * A range that starts past the end is a 416.
 */
export const rangeOf = (header: string | undefined, size: number): ByteRange | undefined => {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, from, to] = match;
  const range =
    from === ''
      ? { start: Math.max(0, size - Number(to)), end: size - 1 }
      : { start: Number(from), end: to === '' ? size - 1 : Math.min(Number(to), size - 1) };
  // A range that ends before it starts is no range at all (RFC 9110): the whole file.
  if (from !== '' && to !== '' && Number(to) < Number(from)) return undefined;
  if (range.start >= size || (from === '' && Number(to) === 0))
    throw problemSaying('range-not-satisfiable', 'range-not-satisfiable', { range: header.slice(6), size }, { size });
  return range;
};

/** `attachment; filename="…"; filename*=UTF-8''…`: the name as display text, never a path, in any script. */
export const contentDisposition = (disposition: 'inline' | 'attachment', fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};

/**
 * What no uploaded file may do in the product's origin: run a script, load
 * anything, be framed. A PDF is shown by the browser's own viewer, which a
 * sandboxed document may not use; it still loads nothing and runs nothing of ours.
 */
const policyFor = (mediaType: string): string =>
  mediaType === 'application/pdf'
    ? "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    : "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** The headers every file answer carries: what it is, that it is not to be sniffed or run, and its hash as its ETag. */
export const fileHeaders = (response: Response, file: Evidence, cache: 'private' | 'link'): void => {
  // The record is opened before it is sent (EntityEvidence.fileOf); a name still sealed is never put in a header.
  const name = typeof file.fileName === 'string' ? file.fileName : 'file';
  response.setHeader('Content-Type', file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader(
    'Content-Disposition',
    contentDisposition(isInline(file.mediaType) ? 'inline' : 'attachment', savedName(name, file.mediaType)),
  );
  response.setHeader('Content-Security-Policy', policyFor(file.mediaType));
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('ETag', `"${file.sha256}"`);
  // The bytes behind a file never change (its name is their hash): a link may be kept as long as it lives.
  response.setHeader('Cache-Control', cache === 'link' ? 'private, max-age=3000, immutable' : 'private, no-cache');
};

/** Whether the client holds these bytes already (If-None-Match), when a 304 says so. */
export const notModified = (request: Request, file: Evidence): boolean =>
  (request.headers['if-none-match'] ?? '')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === `"${file.sha256}"` || tag === '*');

/** Streams a file (or the range asked for) to the client, with its headers. */
export const sendBytes = async (
  response: Response,
  opened: Readonly<{ size: number; range?: ByteRange; bytes: NodeJS.ReadableStream }>,
): Promise<void> => {
  const { size, range, bytes } = opened;
  response.setHeader('Accept-Ranges', 'bytes');
  if (range) {
    response.status(206);
    response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    response.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    response.status(200);
    response.setHeader('Content-Length', String(size));
  }
  await pipeline(bytes, response);
};
