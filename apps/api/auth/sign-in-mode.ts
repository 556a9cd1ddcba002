import { isIP } from 'node:net';
import type { SignInConfig } from '../../../libs/contracts/read-views.js';
import type { AppConfig } from '../../../libs/platform/config.js';

/**
 * How a browser signs in:
 * - `embedded`: the product runs on this machine with its own secret (no
 *   JWT_SECRET, no JWT_JWKS_URL) and listens on loopback only, so whoever can
 *   reach it is at this machine already: pick a person and roles, get a token;
 * - `oidc`: an identity provider's authorization code flow with PKCE;
 * - `token`: anything else; a person pastes a bearer token.
 */
export type SignInMode = SignInConfig;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1']);
export const isLoopback = (host: string): boolean =>
  loopbackHosts.has(host) || (isIP(host) === 4 && host.startsWith('127.')) || host === '::ffff:127.0.0.1';

/**
 * A Host header naming this machine by a loopback name, with any port. A
 * page on another site whose name is rebound to 127.0.0.1 reaches the
 * loopback socket too, but its requests carry its own name here.
 */
export const isLoopbackHostHeader = (host: string | undefined): boolean => {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host ?? '');
  const name = (match?.[1] ?? match?.[2] ?? '').toLowerCase();
  return name !== '' && isLoopback(name);
};

/** A proxy forwarded the request: whoever sent it may be anywhere. */
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];
export const isForwarded = (headers: Readonly<Record<string, unknown>>): boolean =>
  forwardingHeaders.some((name) => headers[name] !== undefined);

export const signInModeOf = ({ auth, http }: Pick<AppConfig, 'auth' | 'http'>): SignInMode => {
  if (auth.oidc) return { mode: 'oidc', ...auth.oidc };
  if (!auth.secret && !auth.jwksUrl && isLoopback(http.host)) return { mode: 'embedded' };
  return { mode: 'token' };
};
