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

/** Connects a stock WebsocketProvider to `<server>/collab/<name>` and waits for the first sync. */
export async function connectDoc(wsUrl: string, name: string, { synced = true } = {}): Promise<DocClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}${COLLAB_PATH}`, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
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
