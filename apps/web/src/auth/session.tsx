import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setSession } from '../api/client.js';
import { fetchMe } from '../api/session.js';
import type { GlobalAction, Me } from '../api/types.js';

const storageKey = 'qloop.session';

/**
 * Signed in: the token and who it says the person is. Kept in localStorage,
 * so a new tab or a link from an e-mail opens signed in while the token
 * holds; the token's own expiry ends it (a 401), and signing out in one tab
 * signs out every tab.
 */
export type SignedIn = Readonly<{ token: string; me: Me }>;

type SessionContext = Readonly<{
  signedIn?: SignedIn;
  /** Why the person was sent back to sign in, if they were. */
  ended: boolean;
  signIn(token: string): Promise<void>;
  signOut(): void;
  /** What the caller may do outside any case or supplier, as the API says (`/me`). */
  may(action: GlobalAction): boolean;
}>;

const Context = createContext<SessionContext | undefined>(undefined);

const stored = (): SignedIn | undefined => {
  try {
    const text = localStorage.getItem(storageKey);
    return text ? (JSON.parse(text) as SignedIn) : undefined;
  } catch {
    return undefined;
  }
};

export const SessionProvider = ({ children }: { children: ReactNode }) => {
  const { i18n } = useTranslation();
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>(stored);
  const [ended, setEnded] = useState(false);

  const signOut = useCallback(() => {
    localStorage.removeItem(storageKey);
    setSignedIn(undefined);
  }, []);
  // Another tab signed in or out.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === storageKey) setSignedIn(stored());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  // Every request carries the token and the UI's language; a 401 ends the session.
  // Set while rendering, not in an effect: children's queries start in their own
  // effects, which run before this provider's would.
  const endSession = useCallback(() => {
    setEnded(true);
    signOut();
  }, [signOut]);
  setSession(
    signedIn
      ? { token: signedIn.token, language: i18n.language, onUnauthenticated: endSession }
      : { token: '', language: i18n.language, onUnauthenticated: () => undefined },
  );
  useEffect(() => () => setSession(undefined), []);

  const signIn = useCallback(
    async (token: string) => {
      setSession({ token, language: i18n.language, onUnauthenticated: () => undefined });
      const me = await fetchMe();
      const next = { token, me };
      localStorage.setItem(storageKey, JSON.stringify(next));
      setEnded(false);
      setSignedIn(next);
    },
    [i18n.language],
  );

  // A session stored before `/me` said what the person may do: ask it again, once, under the session's own
  // handling (a token that no longer holds ends it, saying why).
  const stale = signedIn !== undefined && signedIn.me.allowedActions === undefined ? signedIn.token : undefined;
  useEffect(() => {
    if (!stale) return;
    void fetchMe()
      .then((me) => {
        const next = { token: stale, me };
        localStorage.setItem(storageKey, JSON.stringify(next));
        setSignedIn(next);
      })
      .catch(() => undefined);
  }, [stale]);

  const value = useMemo<SessionContext>(
    () => ({
      signedIn,
      ended,
      signIn,
      signOut,
      may: (action) => !!signedIn?.me.allowedActions?.includes(action),
    }),
    [signedIn, ended, signIn, signOut],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
};

export const useSession = (): SessionContext => {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
};
