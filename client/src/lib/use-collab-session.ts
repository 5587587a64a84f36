import { useEffect, useState, useSyncExternalStore } from 'react';
import { createCollabSession, type CollabSession, type ConnectionStatus } from './collab-provider.ts';
import { copyOf, localCopyName } from './local-copies.ts';

/** A session opened before its page rendered, for the page to adopt. */
interface EarlySession {
  session: CollabSession;
  localCopy: string;
  timer: ReturnType<typeof setTimeout>;
}
const early = new Map<string, EarlySession>();
/** An early session no page took within this time is closed (the person turned out signed out). */
const ADOPT_WITHIN_MS = 15_000;

/**
 * Opens document `name` now, before its page renders: on a first load straight onto a document,
 * its content downloads and merges while the app checks the session and builds the page, instead
 * of after. `ownerGuess`: whose device copy to open (the person signed in last on this device);
 * the page takes the session only if that guess was right.
 */
export function openCollabSessionEarly(name: string, ownerGuess: string | null): void {
  if (early.has(name)) return;
  const localCopy = copyOf(ownerGuess, name);
  const session = createCollabSession(name, { localCopy });
  const timer = setTimeout(() => {
    if (early.get(name)?.session !== session) return;
    early.delete(name);
    session.destroy();
  }, ADOPT_WITHIN_MS);
  early.set(name, { session, localCopy, timer });
}

/** The early session of `name`, if it opened the signed-in person's copy; else it is closed. */
function adoptEarly(name: string): CollabSession | null {
  const entry = early.get(name);
  if (!entry) return null;
  early.delete(name);
  clearTimeout(entry.timer);
  if (entry.localCopy === localCopyName(name)) return entry.session;
  entry.session.destroy();
  return null;
}

/**
 * Opens the collaborative document `name` while the component is mounted (null when `name` is
 * null or before the first effect). StrictMode's mount-unmount-mount just opens a second session
 * after destroying the first.
 */
export function useCollabSession(name: string | null): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    if (name === null) return;
    const opened = adoptEarly(name) ?? createCollabSession(name);
    setSession(opened);
    return () => {
      setSession(null);
      opened.destroy();
    };
  }, [name]);
  return session;
}

/** The session's connection status, re-rendering on every change. */
export function useConnectionStatus(session: CollabSession): ConnectionStatus {
  return useSyncExternalStore(session.subscribe, session.getStatus);
}
