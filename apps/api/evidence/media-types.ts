import { fileTypeFromBuffer } from 'file-type';

/** How many bytes of a file its type is decided from. */
export const sniffBytes = 4100;

/**
 * The types a file may be, decided by its own bytes (never its name or what
 * the client said): photos, scans, documents, short recordings, archives of
 * them. A format the product cannot tell apart from a program is not on it.
 */
const allowed: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/bmp',
  'image/heic',
  'image/heif',
  'image/avif',
  'application/pdf',
  'video/mp4',
  'video/quicktime',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-cfb',
  'application/zip',
]);

/** Shown in the product's own pages (a thumbnail, a preview); every other type is only ever downloaded. */
const inline: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);
/** Images the server makes thumbnails of. */
const thumbnailed: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  // HEIC and HEIF are taken and kept, but the image library here decodes neither: no thumbnail promised.
  'image/avif',
]);

export const isInline = (mediaType: string): boolean => inline.has(mediaType);
export const hasThumbnail = (mediaType: string): boolean => thumbnailed.has(mediaType);

/** Control characters text does not hold (all but tab, line feed, form feed, carriage return, escape). */
const binaryControl = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;

/**
 * Text (a letter, a CSV, a saved e-mail) has no signature: it is UTF-8 with
 * no binary control characters. `complete` says whether `head` is the whole
 * file; if not, a character cut at its end is not held against it.
 */
const isText = (head: Uint8Array, complete: boolean): boolean => {
  let bytes = head;
  if (!complete) {
    // Step back over a multi-byte character the cut may have split.
    let end = bytes.length;
    for (let back = 1; back <= 3 && end - back >= 0; back++) {
      const byte = bytes[end - back]!;
      if ((byte & 0xc0) === 0x80) continue;
      if (byte >= 0xc0) end -= back;
      break;
    }
    bytes = bytes.subarray(0, end);
  }
  try {
    return !binaryControl.test(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return false;
  }
};

/** The file's type as its first bytes say, if the product takes it; `complete` when `head` is the whole file. */
export const sniffMediaType = async (head: Uint8Array, complete: boolean): Promise<string | undefined> => {
  const found = await fileTypeFromBuffer(head);
  if (found) return allowed.has(found.mime) ? found.mime : undefined;
  return isText(head, complete) ? 'text/plain' : undefined;
};
