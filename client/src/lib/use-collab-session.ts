import { useEffect, useState, useSyncExternalStore } from 'react';
import { createCollabSession, type CollabSession, type ConnectionStatus } from './collab-provider.ts';

/**
 * Opens the collaborative document `name` while the component is mounted (null when `name` is
 * null or before the first effect). StrictMode's mount-unmount-mount just opens a second session
 * after destroying the first.
 */
export function useCollabSession(name: string | null): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    if (name === null) return;
    const opened = createCollabSession(name);
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
