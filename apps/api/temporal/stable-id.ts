import { createHash } from 'node:crypto';

/** The same Idempotency-Key always names the same entity, so a retried registration finds the first. */
export const idFromKey = (kind: string, key: string): string => {
  const hex = createHash('sha256').update(`qloop:${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
