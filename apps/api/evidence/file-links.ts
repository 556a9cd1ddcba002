import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link opens: one file of one entity, or its thumbnail. */
export type FileTarget = Readonly<{
  kind: 'complaints' | 'suppliers';
  id: string;
  evidenceId: string;
  variant: 'file' | 'thumbnail';
}>;

/** Links live an hour, and stay the same for ten minutes, so a page that refreshes keeps its images cached. */
const lifetimeMs = 60 * 60_000;
const stableForMs = 10 * 60_000;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signed links to files, for what a browser fetches itself (an <img>, a PDF
 * in a new tab) and so cannot send the bearer token: the link names exactly
 * one file and expires; whoever may list the files is given their links.
 */
export class FileLinks {
  constructor(private readonly secret: Uint8Array) {}

  private signature(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`qloop:file-link:${payload}`).digest();
  }

  /** The token of a link to `target`, good for at least 50 minutes from `now`. */
  sign(target: FileTarget, now = Date.now()): string {
    const expires = Math.ceil((now + lifetimeMs - stableForMs) / stableForMs) * stableForMs;
    const payload = encode([target.kind, target.id, target.evidenceId, target.variant, expires]);
    return `${payload}.${this.signature(payload).toString('base64url')}`;
  }

  /** What a token opens, if it is one of ours and has not expired. */
  verify(token: string, now = Date.now()): FileTarget | undefined {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = this.signature(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const [kind, id, evidenceId, variant, expires] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [
        FileTarget['kind'],
        string,
        string,
        FileTarget['variant'],
        number,
      ];
      return expires > now ? { kind, id, evidenceId, variant } : undefined;
    } catch {
      return undefined;
    }
  }
}
