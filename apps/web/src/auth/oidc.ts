import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInConfig } from '../api/types.js';
import { callbackPath } from './callback-path.js';

export type OidcConfig = Extract<SignInConfig, { mode: 'oidc' }>;

/**
 * The identity provider's authorization code flow with PKCE: the browser
 * proves it started the flow, so no client secret lives in it. What it keeps
 * stays in this tab's sessionStorage.
 */
export const userManager = ({ issuer, clientId, scope }: OidcConfig): UserManager =>
  new UserManager({
    authority: issuer,
    client_id: clientId,
    redirect_uri: `${window.location.origin}${callbackPath}`,
    response_type: 'code',
    scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
  });
