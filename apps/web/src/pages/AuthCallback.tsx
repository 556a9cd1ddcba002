import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { fetchSignInConfig } from '../api/session.js';
import { useSession } from '../auth/session.js';
import { userManager } from '../auth/oidc.js';

/** Back from the identity provider: the code becomes a token (PKCE), the token a session. */
export const AuthCallback = () => {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    // Once: a code can be exchanged only once, and StrictMode runs effects twice.
    if (started.current) return;
    started.current = true;
    void (async () => {
      try {
        const config = await fetchSignInConfig();
        if (config.mode !== 'oidc') throw new Error('This product does not sign in with an identity provider');
        const user = await userManager(config).signinRedirectCallback();
        await session.signIn(user.access_token);
        await navigate((user.state as { from?: string } | undefined)?.from ?? '/', { replace: true });
      } catch (caught) {
        setError(String((caught as Error).message ?? caught));
      }
    })();
  }, [session, navigate]);
  return error ? <Alert type="error" showIcon title={error} style={{ margin: 48 }} /> : <Spin style={{ margin: 48 }} />;
};
