import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInConfig } from '../api/types.js';
import { callbackPath } from './callback-path.js';

export type OidcConfig = Extract<SignInConfig, { mode: 'oidc' }>;

/**
 * The identity provider's authorization code flow with PKCE: the browser
 * proves it started the flow, so no client secret lives in it. The flow's
 * state stays in the tab that started it; the signed-in user is shared by
 * every tab, as the session is (auth/session.tsx).
 */
export const userManager = ({ issuer, clientId, scope }: OidcConfig): UserManager =>
  new UserManager({
    authority: issuer,
    client_id: clientId,
    redirect_uri: `${window.location.origin}${callbackPath}`,
    response_type: 'code',
    scope,
    userStore: new WebStorageStateStore({ store: window.localStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
  });
