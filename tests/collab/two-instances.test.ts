import { afterAll, describe, expect, it } from 'vitest';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

describe('two server processes on one Redis', () => {
  const prefix = uniquePrefix('two-instances');
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('relays edits and awareness from instance A to a client of instance B, and both converge', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const onA = await connectDoc(a, 'minutes:shared');
    const onB = await connectDoc(b, 'minutes:shared');
    onA.text.insert(0, 'written on A. ');
    await eventually(() => expect(onB.text.toString()).toBe('written on A. '));
    onB.text.insert(onB.text.length, 'written on B.');
    await eventually(() => expect(onA.text.toString()).toBe('written on A. written on B.'));

    onA.provider.awareness.setLocalStateField('user', { name: 'Coordinator' });
    // With the name of the session's person (`admin`), written by the server.
    await eventually(() => expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({ user: { name: 'admin' } }));
    onA.destroy();
    await eventually(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));

    // Concurrent bursts through both instances end identical everywhere.
    const a2 = await connectDoc(a, 'minutes:shared');
    for (let i = 0; i < 200; i++) {
      a2.text.insert(0, 'a');
      onB.text.insert(onB.text.length, 'b');
    }
    await eventually(() => {
      expect(a2.text.toString()).toBe(onB.text.toString());
      expect(a2.text.length).toBe('written on A. written on B.'.length + 400);
    });
  });
});
