import { isIP } from 'node:net';
import type { AppConfig } from '../../../libs/platform/config.js';

/**
 * How a browser signs in:
 * - `embedded`: the product runs on this machine with its own secret (no
 *   JWT_SECRET, no JWT_JWKS_URL) and listens on loopback only, so whoever can
 *   reach it is at this machine already: pick a person and roles, get a token;
 * - `oidc`: an identity provider's authorization code flow with PKCE;
 * - `token`: anything else; a person pastes a bearer token.
 */
export type SignInMode = Readonly<
  { mode: 'embedded' } | { mode: 'oidc'; issuer: string; clientId: string; scope: string } | { mode: 'token' }
>;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1']);
export const isLoopback = (host: string): boolean =>
  loopbackHosts.has(host) || (isIP(host) === 4 && host.startsWith('127.')) || host === '::ffff:127.0.0.1';

export const signInModeOf = ({ auth, http }: Pick<AppConfig, 'auth' | 'http'>): SignInMode => {
  if (auth.oidc) return { mode: 'oidc', ...auth.oidc };
  if (!auth.secret && !auth.jwksUrl && isLoopback(http.host)) return { mode: 'embedded' };
  return { mode: 'token' };
};
