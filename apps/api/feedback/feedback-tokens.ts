import { createHash, createHmac, randomBytes } from 'node:crypto';
import { idFromKey } from '../../../libs/support/stable-id.js';

/** A link's token: 256 random bits, as URL text. */
export type FeedbackToken = Readonly<{ token: string; tokenHash: string; linkId: string }>;

/** What is kept of a token: its SHA-256, by which the public page finds the case; the token itself is never kept. */
export const hashOfToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Tokens are 43 characters of base64url: anything else names no link, and is not looked up. */
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes link tokens. With an Idempotency-Key the token comes from the key
 * (an HMAC under the deployment's secret), so a retried request gives the
 * owner the same link it recorded; without one, from the system's random
 * source.
 */
export class FeedbackTokens {
  constructor(private readonly secret: Uint8Array) {}

  make(complaintId: string, idempotencyKey?: string): FeedbackToken {
    const bytes = idempotencyKey
      ? createHmac('sha256', this.secret).update(`qloop:feedback-link:${complaintId}:${idempotencyKey}`).digest()
      : randomBytes(32);
    const token = bytes.toString('base64url');
    const tokenHash = hashOfToken(token);
    return { token, tokenHash, linkId: this.linkIdOf(tokenHash) };
  }

  /** A link's id on its case, from its token's hash: the page checks the token it was given is the case's current one. */
  linkIdOf(tokenHash: string): string {
    return idFromKey('feedback-link', tokenHash);
  }
}
