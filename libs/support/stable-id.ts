import { createHash, randomBytes } from 'node:crypto';

/** The same Idempotency-Key always names the same entity, so a retried registration finds the first. */
export const idFromKey = (kind: string, key: string): string => {
  const hex = createHash('sha256').update(`qloop:${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Crockford's base 32: no I, L, O or U, so a code read aloud or retyped is not misread. */
const readable = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short code people can read out, `SUP-7K3M9QXA`: from the Idempotency-Key
 * when there is one (a retry names the same entity), random otherwise.
 * 40 bits: a clash is refused as the id already taken, never merged.
 */
export const readableCode = (prefix: string, key?: string): string => {
  const bytes = key ? createHash('sha256').update(`qloop:${prefix}:${key}`).digest() : randomBytes(5);
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i++, bits >>= 5n) code = readable[Number(bits & 31n)] + code;
  return `${prefix}-${code}`;
};
