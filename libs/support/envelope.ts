import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Sealed } from '../domain/personal.js';

export { isSealed, type Sealed } from '../domain/personal.js';

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

/** A key of the right size from any secret text or bytes (a configured master key, a file kept under DATA_DIR). */
export const keyFromSecret = (secret: Uint8Array | string): Uint8Array =>
  createHash('sha256').update('qloop:data-key:').update(secret).digest();

export const newDataKey = (): Uint8Array => randomBytes(keyBytes);

export const seal = (key: Uint8Array, keyId: string, plaintext: string): Sealed => {
  if (key.length !== keyBytes) throw new Error('A data key is 32 bytes');
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(keyId, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { sealed: 1, key: keyId, iv: iv.toString('base64url'), data: data.toString('base64url') };
};

/** The value sealed; throws when the key is not the one it was sealed under, or the envelope was altered. */
export const unseal = (key: Uint8Array, envelope: Sealed): string => {
  const data = Buffer.from(envelope.data, 'base64url');
  if (data.length < tagBytes) throw new Error('Not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64url'))
    .setAAD(Buffer.from(envelope.key, 'utf8'))
    .setAuthTag(data.subarray(data.length - tagBytes));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - tagBytes)), decipher.final()]).toString('utf8');
};
