import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long after filing the form may still send its files. */
export const uploadWindowMs = 60 * 60 * 1000;

/**
 * The right to add files to the case a public form just filed, for an hour:
 * `<case id>.<expiry>.<HMAC of both>` under a key of the deployment's own,
 * so it names one case and cannot be made for another.
 */
export class PublicUploads {
  private readonly key: Buffer;

  constructor(deploymentSecret: Uint8Array) {
    this.key = createHmac('sha256', deploymentSecret).update('qloop:public-upload').digest();
  }

  make(complaintId: string, now = Date.now()): { token: string; expiresAt: string } {
    const expires = now + uploadWindowMs;
    return {
      token: `${complaintId}.${expires}.${this.mac(complaintId, expires)}`,
      expiresAt: new Date(expires).toISOString(),
    };
  }

  /** The case a token names while it holds; undefined for one altered, made elsewhere or expired. */
  caseOf(token: string, now = Date.now()): string | undefined {
    const [complaintId, expiresText, mac, ...rest] = token.split('.');
    const expires = Number(expiresText);
    if (rest.length > 0 || !complaintId || !mac || !Number.isSafeInteger(expires) || expires < now) return undefined;
    const expected = Buffer.from(this.mac(complaintId, expires));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? complaintId : undefined;
  }

  private mac(complaintId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${complaintId}:${expires}`).digest('base64url');
  }
}
