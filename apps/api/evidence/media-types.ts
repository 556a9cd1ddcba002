import { fileTypeFromBuffer } from 'file-type';

/** How many bytes of a file its type is decided from. */
export const sniffBytes = 4100;

/** What the product does with a type of file: the extensions it is saved with, and whether it shows it itself. */
type MediaType = Readonly<{
  /** The first is added to a name that has none of them. */
  extensions: readonly string[];
  /** Shown in the product's own pages (an image, a PDF); every other type is only ever downloaded. */
  inline?: true;
  /** An image the server makes thumbnails of. */
  thumbnail?: true;
}>;

/**
 * The types a file may be, decided by its own bytes (never its name or what
 * the client said): photos, scans, documents, short recordings, archives of
 * them, text. A format the product cannot tell apart from a program is not on it.
 */
const mediaTypes: Readonly<Record<string, MediaType>> = {
  'image/jpeg': { extensions: ['jpg', 'jpeg'], inline: true, thumbnail: true },
  'image/png': { extensions: ['png'], inline: true, thumbnail: true },
  'image/gif': { extensions: ['gif'], inline: true, thumbnail: true },
  'image/webp': { extensions: ['webp'], inline: true, thumbnail: true },
  'image/tiff': { extensions: ['tif', 'tiff'], thumbnail: true },
  'image/bmp': { extensions: ['bmp'] },
  // HEIC and HEIF are taken and kept, but the image library here decodes neither: no thumbnail promised.
  'image/heic': { extensions: ['heic'] },
  'image/heif': { extensions: ['heif'] },
  'image/avif': { extensions: ['avif'], thumbnail: true },
  'application/pdf': { extensions: ['pdf'], inline: true },
  'video/mp4': { extensions: ['mp4', 'm4v'] },
  'video/quicktime': { extensions: ['mov'] },
  'audio/mpeg': { extensions: ['mp3'] },
  'audio/mp4': { extensions: ['m4a', 'mp4'] },
  'audio/wav': { extensions: ['wav'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { extensions: ['pptx'] },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'] },
  'application/vnd.oasis.opendocument.spreadsheet': { extensions: ['ods'] },
  'application/x-cfb': { extensions: ['doc', 'xls', 'ppt', 'msg'] },
  'application/zip': { extensions: ['zip'] },
  // Text has no signature: taken when its bytes are UTF-8 (see `isText`).
  'text/plain': { extensions: ['txt', 'csv', 'log', 'eml', 'md', 'json', 'xml'] },
};

export const isInline = (mediaType: string): boolean => mediaTypes[mediaType]?.inline === true;
export const hasThumbnail = (mediaType: string): boolean => mediaTypes[mediaType]?.thumbnail === true;

/**
 * The name a file is saved under: its display name, with an extension of the
 * type its bytes were recognised as, so text named `run.hta` or `page.html`
 * is saved as `run.hta.txt`, never as something a click would run.
 */
export const savedName = (fileName: string, mediaType: string): string => {
  const allowed = mediaTypes[mediaType]?.extensions;
  if (!allowed) return fileName;
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension && allowed.includes(extension) ? fileName : `${fileName}.${allowed[0]}`;
};

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
  if (found) return found.mime !== 'text/plain' && mediaTypes[found.mime] ? found.mime : undefined;
  return isText(head, complete) ? 'text/plain' : undefined;
};
