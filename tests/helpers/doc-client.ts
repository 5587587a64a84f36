import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_PATH, DocShape } from '@dialogo/shared';
import { eventually } from './wait.ts';

/** A real y-websocket client from Node: the same provider the browser uses. */
export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

const clients = new Set<DocClient>();

/** Where to connect: a test server, signed in as its coordinator unless a cookie is given. */
export interface DocTarget {
  wsUrl: string;
  adminCookie(): Promise<string>;
}

/** A `ws` WebSocket class that sends the given headers with its upgrade, like a browser sends cookies. */
export function webSocketWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/**
 * Connects a stock WebsocketProvider to `<server>/collab/<name>` and waits for the first sync.
 * `cookie: ''` connects with no session at all.
 */
export async function connectDoc(
  target: DocTarget,
  name: string,
  { synced = true, cookie, headers = {} }: { synced?: boolean; cookie?: string; headers?: Record<string, string> } = {},
): Promise<DocClient> {
  const doc = new Y.Doc();
  const sessionCookie = cookie ?? (await target.adminCookie());
  const provider = new WebsocketProvider(`${target.wsUrl}${COLLAB_PATH}`, name, doc, {
    WebSocketPolyfill: webSocketWithHeaders({ ...(sessionCookie ? { cookie: sessionCookie } : {}), ...headers }),
    disableBc: true,
    maxBackoffTime: 200,
  });
  const client: DocClient = {
    doc,
    provider,
    text: doc.getText('text'),
    destroy() {
      clients.delete(client);
      provider.destroy();
      doc.destroy();
    },
  };
  clients.add(client);
  if (synced) await eventually(() => expectTrue(provider.synced, 'provider synced'), { timeout: 10_000 });
  return client;
}

/** Closes every client a test file opened. */
export function destroyAllDocClients(): void {
  for (const c of [...clients]) c.destroy();
}

/** Plain text of a rich-text body, for assertions on seeded or browser-typed documents. */
export function bodyText(doc: Y.Doc): string {
  return doc.getXmlFragment(DocShape.body).toString();
}

function expectTrue(value: boolean, what: string): void {
  if (!value) throw new Error(`not yet: ${what}`);
}
