import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { isRole, type Role } from '../domain/index.js';
import type { AuthConfig } from './config.js';
import { isEmailAddress } from './people.js';

/** Who the bearer of a valid token is. */
export type Identity = Readonly<{
  subject: string;
  roles: readonly Role[];
  /** What the identity provider says of the person (OIDC's `email`, `name`, `locale`): whom e-mail reaches. */
  profile?: StaffProfile;
}>;

export type StaffProfile = Readonly<{ email?: string; name?: string; language?: 'zh-CN' | 'en' }>;

/**
 * The standard claims that say who a person is, where the token carries
 * them. An address is taken only when its provider says it verified it
 * (`email_verified`): one that lets people type any address would let them
 * have mail meant for someone else.
 */
export const profileOf = (payload: Readonly<Record<string, unknown>>): StaffProfile | undefined => {
  const { email, email_verified: verified, name, locale } = payload;
  const profile: StaffProfile = {
    ...(typeof email === 'string' && (verified === true || verified === 'true') && isEmailAddress(email)
      ? { email: email.trim() }
      : {}),
    ...(typeof name === 'string' && name.trim() ? { name: name.trim().slice(0, 200) } : {}),
    ...(typeof locale === 'string' && /^zh/i.test(locale) ? { language: 'zh-CN' as const } : {}),
    ...(typeof locale === 'string' && /^en/i.test(locale) ? { language: 'en' as const } : {}),
  };
  return Object.keys(profile).length > 0 ? profile : undefined;
};

/** A token that proves nothing: missing, malformed, expired, badly signed, or naming no usable subject. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

/** The identity provider's keys could not be fetched: nobody's fault but the provider's, so 503, not 401. */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
}

/** Subjects become the actor of every event they cause, so they must read as one. */
/** How far the issuer's clock may stand from ours. */
const clockSkewSeconds = 60;

export const subjectPattern = /^[\p{L}\p{N}._@:-]{1,100}$/u;

/**
 * Actors the product records for itself (`system:sla`, `system:supplier-cycle`)
 * and for its customers: a token naming one would let a person pass as them.
 */
const reservedPrefixes = '(?:system|customer):';
export const unreservedSubjectPattern = new RegExp(`^(?!${reservedPrefixes})`, 'i');
export const isReservedSubject = (subject: string): boolean => !unreservedSubjectPattern.test(subject);

/** Why `subject` cannot be a token's subject, if it cannot. */
export const subjectProblem = (subject: unknown): string | undefined => {
  if (typeof subject !== 'string' || !subjectPattern.test(subject))
    return 'The token subject must be a string of 1 to 100 letters, digits or ._@:-';
  if (isReservedSubject(subject)) return `The subject ${subject} is reserved for the product itself`;
  return undefined;
};

export const embeddedSecretPath = (dataDir: string): string => join(dataDir, 'auth', 'jwt-secret');

/**
 * The HS256 secret: JWT_SECRET, or the one kept under DATA_DIR (made on first
 * use, readable by its owner only). None when an identity provider signs.
 */
export const signingSecret = (auth: AuthConfig, dataDir: string): Uint8Array | undefined => {
  if (auth.jwksUrl) return undefined;
  if (auth.secret) return new TextEncoder().encode(auth.secret);
  return keptSecret(embeddedSecretPath(dataDir));
};

/** A secret made on first use and kept at `path`, readable by its owner only: the same on every start. */
export const keptSecret = (path: string): Uint8Array => {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return new TextEncoder().encode(readFileSync(path, 'utf8').trim());
};

/** The secret file links are signed with: EVIDENCE_LINK_SECRET, else one kept under DATA_DIR. */
export const fileLinkSecret = (secret: string | undefined, dataDir: string): Uint8Array =>
  secret ? new TextEncoder().encode(secret) : keptSecret(join(dataDir, 'auth', 'file-link-secret'));

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      payload,
    );

/** Roles as a list or a space-separated string; roles qloop does not know are ignored. */
const rolesOf = (claim: unknown): Role[] => {
  const listed = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return [...new Set(listed.filter((role): role is string => typeof role === 'string').filter(isRole))];
};

/**
 * Checks bearer tokens: signature, expiry (required) and lifetime (at most
 * JWT_MAX_TTL, so a stolen token cannot serve for years), issuer and audience
 * when configured, and a subject a person may hold.
 */
export const tokenVerifier = (auth: AuthConfig, dataDir: string): ((token: string) => Promise<Identity>) => {
  const secret = signingSecret(auth, dataDir);
  const keys = secret ?? createRemoteJWKSet(new URL(auth.jwksUrl!));
  const options = {
    algorithms: secret ? ['HS256'] : undefined,
    issuer: auth.issuer,
    audience: auth.audience,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: 30,
  };
  const verified = verifiedTokens();
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys as Parameters<typeof jwtVerify>[1], options));
    } catch (error) {
      // By name, not instanceof: fetch's TypeError may come from another realm (a vm context, a test runner).
      const typeError = (error as Error | undefined)?.name === 'TypeError';
      if (
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        (typeError && /fetch/i.test((error as Error).message))
      ) {
        throw new KeysUnavailable(`The identity provider's keys could not be fetched (${(error as Error).message})`);
      }
      if (error instanceof errors.JOSEError || typeError) throw new InvalidToken(reasonOf(error as Error));
      throw error;
    }
    const badSubject = subjectProblem(payload.sub);
    if (badSubject) throw new InvalidToken(badSubject);
    // What is left of its life counts, and so does its whole life when it says when it was issued; an iat in the
    // future (a way to make a century-long token look short) is refused outright.
    const now = Date.now() / 1000;
    if (typeof payload.iat === 'number' && payload.iat > now + clockSkewSeconds)
      throw new InvalidToken('The token says it was issued in the future');
    const issued = typeof payload.iat === 'number';
    const whole = issued ? payload.exp! - payload.iat! : 0;
    // A token that says when it was issued is allowed the issuer's clock skew on what is left of its life.
    if (whole > auth.maxTtlSeconds || payload.exp! - now > auth.maxTtlSeconds + (issued ? clockSkewSeconds : 0))
      throw new InvalidToken(`The token lives longer than the ${auth.maxTtlSeconds} s accepted here (JWT_MAX_TTL)`);
    const profile = profileOf(payload);
    const identity = {
      subject: payload.sub!,
      roles: rolesOf(claimAt(payload, auth.rolesClaim)),
      ...(profile ? { profile } : {}),
    };
    verified.set(token, identity, payload.exp! * 1000);
    return identity;
  };
};

/**
 * Tokens already verified, so a client's every request does not pay for an
 * HMAC or signature check again: each is kept until it expires, and at most a
 * minute (a key the identity provider withdraws stops working soon), at most
 * 10,000 of them, the oldest dropped first.
 */
const verifiedTokens = (maxEntries = 10_000, maxAgeMs = 60_000) => {
  const entries = new Map<string, { identity: Identity; until: number }>();
  return {
    get(token: string): Identity | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (Date.now() < entry.until) return entry.identity;
      entries.delete(token);
      return undefined;
    },
    set(token: string, identity: Identity, expiresAt: number): void {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(token, { identity, until: Math.min(expiresAt, Date.now() + maxAgeMs) });
    },
  };
};

const reasonOf = (error: Error): string => {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is missing or not accepted here`;
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return 'The token is not signed by a key trusted here';
  return 'The token is malformed or not signed as expected';
};

/** A token for `identity`, signed with the HS256 secret: for `npm start`, the CLI, and operators' scripts. */
export const issueToken = (
  secret: Uint8Array,
  { subject, roles }: Identity,
  { ttlSeconds = 12 * 3600, issuer, audience }: { ttlSeconds?: number; issuer?: string; audience?: string } = {},
): Promise<string> => {
  let jwt = new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(secret);
};
