/**
 * One collaborative document on this device: a Y.Doc kept in IndexedDB (so edits survive being
 * offline and reloads) and synced with the server by y-websocket at `/collab/<name>`. The session
 * also tracks the connection as the interface shows it: connected, connecting or offline, and
 * whether local edits have not reached the server yet.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { localCopyName } from './local-copies.ts';
import { COLLAB_PATH } from '@dialogo/shared';

/** What the connection indicator shows. */
export const ConnectionState = { connected: 'connected', connecting: 'connecting', offline: 'offline' } as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** A snapshot of the connection; a new object whenever something in it changes. */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Local edits were made while not connected and the server has not caught up with them yet. */
  unsynced: boolean;
  /** Why the server closed the socket for good (a `CloseReason`), or null. */
  closedReason: string | null;
}

/** A document opened for editing; {@link CollabSession.destroy} releases all of it. */
export interface CollabSession {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  getStatus(): ConnectionStatus;
  /** Calls `listener` after every status change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

/** Options of {@link createCollabSession}. */
export interface CollabSessionOptions {
  /**
   * Base URL of the document WebSocket.
   * @default `ws(s)://<this host>/collab`
   */
  serverUrl?: string;
  /**
   * The IndexedDB database of the device copy.
   * @default the signed-in person's copy (`localCopyName`)
   */
  localCopy?: string;
}

/** Failed connection attempts in a row after which "connecting" is shown as "offline". */
const OFFLINE_AFTER_FAILURES = 3;

/** The document WebSocket on the page's own origin (the dev server proxies it). */
export function defaultCollabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${COLLAB_PATH}`;
}

/**
 * Opens a document: local copy first (IndexedDB), server second (y-websocket). Both run at once:
 * whatever IndexedDB restores is sent to the server by the provider's update handler, and the
 * sync protocol exchanges whatever each side is missing on every (re)connection.
 */
export function createCollabSession(name: string, options: CollabSessionOptions = {}): CollabSession {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(options.localCopy ?? localCopyName(name), doc);
  const provider = new WebsocketProvider(options.serverUrl ?? defaultCollabUrl(), name, doc);

  const listeners = new Set<() => void>();
  let unsynced = false;
  let closedReason: string | null = null;
  let pausedWhileOffline = false;
  let status: ConnectionStatus = { state: ConnectionState.connecting, unsynced, closedReason };

  const deriveState = (): ConnectionState => {
    if (provider.wsconnected && provider.synced) return ConnectionState.connected;
    if (provider.wsconnected) return ConnectionState.connecting; // open, not yet caught up
    if (closedReason !== null || !provider.shouldConnect || !navigator.onLine) return ConnectionState.offline;
    return provider.wsUnsuccessfulReconnects >= OFFLINE_AFTER_FAILURES ? ConnectionState.offline : ConnectionState.connecting;
  };

  const refresh = () => {
    const next: ConnectionStatus = { state: deriveState(), unsynced, closedReason };
    if (next.state === status.state && next.unsynced === status.unsynced && next.closedReason === status.closedReason) return;
    status = next;
    for (const listener of listeners) listener();
  };

  // Edits from the editor (any origin but the provider and IndexedDB) made while the server is not
  // listening are "unsynced" until the next full sync, when the provider has sent them.
  const handleUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === persistence) return;
    if (provider.wsconnected && provider.synced) return;
    unsynced = true;
    refresh();
  };
  const handleSync = (synced: boolean) => {
    if (synced) {
      unsynced = false;
      closedReason = null;
    }
    refresh();
  };
  const handleClosed = (event: { code: number; reason: string }) => {
    closedReason = event.reason || 'other';
    refresh();
  };
  // Under the browser's offline mode an open WebSocket can linger without carrying anything (and
  // Chromium's offline emulation keeps it open), so we drop it ourselves and come back on `online`.
  const handleOffline = () => {
    if (provider.shouldConnect) {
      pausedWhileOffline = true;
      provider.disconnect();
    }
    refresh();
  };
  const handleOnline = () => {
    if (pausedWhileOffline) {
      pausedWhileOffline = false;
      provider.connect();
    }
    refresh();
  };

  doc.on('update', handleUpdate);
  provider.on('sync', handleSync);
  provider.on('status', refresh);
  provider.on('connection-close', refresh);
  provider.on('closed', handleClosed);
  window.addEventListener('offline', handleOffline);
  window.addEventListener('online', handleOnline);
  if (!navigator.onLine) handleOffline();
  refresh();

  return {
    name,
    doc,
    provider,
    persistence,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      window.removeEventListener('offline', handleOffline);
      window.removeEventListener('online', handleOnline);
      doc.off('update', handleUpdate);
      provider.destroy();
      // Every update is already written to IndexedDB as it happens; this only closes the database.
      void persistence.destroy();
      doc.destroy();
    },
  };
}
