import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorCode, type Me } from '@dialogo/shared';
import { ApiRequestError, NETWORK_ERROR } from '../../lib/api.ts';
import { setLanguage } from '../../lib/i18n.ts';
import * as authApi from './api.ts';
import { closeLiveSocket } from '../../lib/live.ts';
import { setLocalCopyOwner } from '../../lib/local-copies.ts';

/**
 * Who is signed in, for the whole app. The server decides (the cookie is HttpOnly); the client asks
 * `/api/auth/me` once at start. The last answer is kept on the device so that a page reloaded
 * while offline still opens the documents kept in IndexedDB: the server re-checks everything when
 * the connection returns.
 */
export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

interface SessionContextValue {
  state: SessionState;
  /** Signs in and switches the interface to the person's language. */
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /**
   * Takes on a session the server has just opened some other way (an accepted invitation, a
   * changed password): the answer's person is signed in, in their language.
   */
  adopt(me: Me): Promise<void>;
  /** Asks the server again (after a profile change, or when a channel said "sign in"). */
  refresh(): Promise<void>;
}

const ME_KEY = 'dialogo.me';

/** The first `/api/auth/me`, asked as the page starts; see {@link askWhoIsSignedIn}. */
let firstAnswer: Promise<Me> | null = null;

/**
 * Asks the server who is signed in before the first render (main.tsx), so the answer travels
 * together with the interface's strings and the page's chunks instead of after them; the
 * provider's first check then reads this answer.
 */
export function askWhoIsSignedIn(): void {
  firstAnswer = authApi.fetchMe();
  firstAnswer.catch(() => {}); // handled by the provider's check, which awaits the same answer
}
const SessionContext = createContext<SessionContextValue | null>(null);

/** Who was signed in last on this device (their id), as kept for offline reloads. */
export function lastSignedIn(): string | null {
  return cachedMe()?.person.id ?? null;
}

function cachedMe(): Me | null {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

function cacheMe(me: Me | null): void {
  setLocalCopyOwner(me?.person.id ?? null);
  try {
    if (me) localStorage.setItem(ME_KEY, JSON.stringify(me));
    else localStorage.removeItem(ME_KEY);
  } catch {
    // storage disabled: nothing kept for offline reloads
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const refresh = useCallback(async () => {
    try {
      const pending = firstAnswer;
      firstAnswer = null;
      const me = await (pending ?? authApi.fetchMe());
      cacheMe(me);
      setState({ status: 'signed-in', me });
    } catch (err) {
      const offline = err instanceof ApiRequestError && err.code === NETWORK_ERROR;
      const cached = offline ? cachedMe() : null;
      if (cached) {
        setLocalCopyOwner(cached.person.id);
        setState({ status: 'signed-in', me: cached });
        return;
      }
      if (err instanceof ApiRequestError && err.code !== ErrorCode.unauthorized && !offline) throw err;
      cacheMe(null);
      setState({ status: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signed-out' }));
  }, [refresh]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      refresh,
      async signIn(email, password) {
        const me = await authApi.signIn(email, password);
        // Answers cached for whoever was signed in before are not this person's to see.
        queryClient.clear();
        cacheMe(me);
        await setLanguage(me.person.language);
        setState({ status: 'signed-in', me });
        return me;
      },
      async adopt(me) {
        queryClient.clear();
        cacheMe(me);
        await setLanguage(me.person.language);
        setState({ status: 'signed-in', me });
      },
      async signOut() {
        await authApi.signOut().catch(() => {}); // the cookie is dropped either way
        cacheMe(null);
        queryClient.clear();
        closeLiveSocket();
        setState({ status: 'signed-out' });
      },
    }),
    [state, refresh, queryClient],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session context; components below {@link SessionProvider} only. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only for pages rendered after sign-in. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe before sign-in');
  return state.me;
}
