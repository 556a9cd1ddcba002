import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from '../../../libs/blob-store/index.js';
import type { Evidence } from '../../../libs/domain/index.js';
import { problemSaying } from '../problems/problem.js';
import { isInline } from './media-types.js';

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

/** The extensions a file of each type may be saved with; the first is added to a name that has none of them. */
const extensions: Readonly<Record<string, readonly string[]>> = {
  'text/plain': ['txt', 'csv', 'log', 'eml', 'md', 'json', 'xml'],
  'application/x-cfb': ['doc', 'xls', 'ppt', 'msg'],
  'application/zip': ['zip'],
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'image/bmp': ['bmp'],
  'image/heic': ['heic'],
  'image/heif': ['heif'],
  'image/avif': ['avif'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a', 'mp4'],
  'audio/wav': ['wav'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
};

/**
 * The name a file is saved under: its display name, with an extension of the
 * type its bytes were recognised as, so text named `run.hta` or `page.html`
 * is saved as `run.hta.txt`, never as something a click would run.
 */
export const savedName = (fileName: string, mediaType: string): string => {
  const allowed = extensions[mediaType];
  if (!allowed) return fileName;
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension && allowed.includes(extension) ? fileName : `${fileName}.${allowed[0]}`;
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
  response.setHeader('Content-Type', file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader(
    'Content-Disposition',
    contentDisposition(isInline(file.mediaType) ? 'inline' : 'attachment', savedName(file.fileName, file.mediaType)),
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
