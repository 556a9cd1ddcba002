import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The JWT_SECRET every test app starts with, unless a test wants the embedded one. */
export const testJwtSecret = 'qloop-tests-only-secret-0123456789abcdef';
/** The master key of the data keys every process of a test's cluster shares (DATA_KEY). */
export const testDataKey = 'test-master-key-of-the-customers-data-keys-0123456789';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 JWT, made by hand rather than with the product's own signer, so the
 * tests check the API against the standard and not against itself.
 */
export const signJwt = (
  claims: Record<string, unknown>,
  secret = testJwtSecret,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string => {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

export const tokenFor = (subject: string, roles: readonly string[], expiresInSeconds = 3600): string =>
  signJwt({
    sub: subject,
    roles,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + expiresInSeconds,
  });

/** Request headers for `subject` holding `roles`. */
export const as = (subject: string, ...roles: string[]): Record<string, string> => ({
  authorization: `Bearer ${tokenFor(subject, roles)}`,
});

/** Request headers per role (subject `demo.<role>`), signed with the secret the embedded product keeps under DATA_DIR. */
export const embeddedTokens = (dataDir: string): Record<string, Record<string, string>> => {
  const secret = readFileSync(join(dataDir, 'auth', 'jwt-secret'), 'utf8').trim();
  const now = Math.floor(Date.now() / 1000);
  return Object.fromEntries(
    ['admin', 'auditor', 'owner', 'quality-engineer', 'supervisor'].map((role) => [
      role,
      { authorization: `Bearer ${signJwt({ sub: `demo.${role}`, roles: [role], iat: now, exp: now + 3600 }, secret)}` },
    ]),
  );
};
