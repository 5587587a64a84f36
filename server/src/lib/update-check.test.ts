import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { checkUpdate, type CheckResult } from './update-check.ts';

const limits = { maxDeleteRanges: 1000 };
const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );

/** The update inside a `[sync, update, bytes]` frame. */
const POISON_FRAME = hex('00021001 01c1a8a5 04000101 04746578 740000');
const POISON_UPDATE = POISON_FRAME.subarray(3);

function check(doc: Y.Doc, update: Uint8Array, queued?: Map<number, number>): CheckResult {
  return checkUpdate(update, { doc, limits, ...(queued ? { queued } : {}) });
}

function refusal(result: CheckResult): string {
  return result.ok ? 'accepted' : result.reason;
}

/** An update of one item written by hand: `[1 client][1 struct] client clock info ...`. */
function itemUpdate(client: number, clock: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  write(e);
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** A ContentString item (ref 4) with a left origin. */
function stringWithOrigin(client: number, clock: number, origin: { client: number; clock: number }, text: string): Uint8Array {
  return itemUpdate(client, clock, (e) => {
    encoding.writeUint8(e, 4 | 0x80);
    encoding.writeVarUint(e, origin.client);
    encoding.writeVarUint(e, origin.clock);
    encoding.writeVarString(e, text);
  });
}

/** Every update a client emits, checked and applied in turn as the server does. */
function replay(server: Y.Doc, client: Y.Doc, edit: () => void): CheckResult[] {
  const results: CheckResult[] = [];
  const onUpdate = (update: Uint8Array) => {
    const result = check(server, update);
    results.push(result);
    if (result.ok) Y.applyUpdate(server, result.update);
  };
  client.on('update', onUpdate);
  edit();
  client.off('update', onUpdate);
  return results;
}

describe('checkUpdate', () => {
  it('refuses the 19-byte frame of a zero-length deleted item, which Yjs cannot apply', () => {
    const doc = new Y.Doc();
    expect(() => Y.applyUpdate(new Y.Doc(), POISON_UPDATE)).toThrow(); // what it did to documents
    expect(refusal(check(doc, POISON_UPDATE))).toBe('empty struct');
  });

  it('refuses an item whose origin is itself, and one that follows a later item of its client', () => {
    const doc = new Y.Doc();
    const root = itemUpdate(7, 0, (e) => {
      encoding.writeUint8(e, 4);
      encoding.writeVarUint(e, 1); // parent is a root type, by name
      encoding.writeVarString(e, 'text');
      encoding.writeVarString(e, 'ab');
    });
    expect(check(doc, root).ok).toBe(true);
    Y.applyUpdate(doc, root);
    expect(refusal(check(doc, stringWithOrigin(7, 2, { client: 7, clock: 2 }, 'x')))).toBe('item refers to itself');
    expect(refusal(check(doc, stringWithOrigin(7, 2, { client: 7, clock: 5 }, 'x')))).toBe('item refers to later content of its client');
    expect(check(doc, stringWithOrigin(7, 2, { client: 7, clock: 1 }, 'x')).ok).toBe(true);
  });

  it('refuses content after a gap in its client clock, and references to content that does not exist', () => {
    const doc = new Y.Doc();
    const client = new Y.Doc();
    client.getText('text').insert(0, 'hello');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(client));
    const before = Y.encodeStateVector(client);
    client.getText('text').insert(5, '!');
    const next = Y.encodeStateAsUpdate(client, before);
    client.getText('text').insert(6, '?');
    const afterGap = Y.encodeStateAsUpdate(client, Y.encodeStateVector(client));
    expect(check(doc, next).ok).toBe(true);
    const gap = Y.encodeStateAsUpdate(client, Y.encodeStateVectorFromUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(doc), next])));
    expect(refusal(check(doc, gap))).toBe('missing earlier content of the same client');
    expect(afterGap.byteLength).toBeGreaterThan(0);
    // Another client building on content the server does not have.
    expect(refusal(check(doc, stringWithOrigin(99, 0, { client: 12345, clock: 3 }, 'x')))).toBe('reference to missing content');
  });

  it('accepts what follows queued content of the same client, and nothing of another client', () => {
    const doc = new Y.Doc();
    const client = new Y.Doc();
    const text = client.getText('text');
    const results: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => results.push(u));
    text.insert(0, 'a');
    text.insert(1, 'b');
    const queued = new Map<number, number>();
    const first = check(doc, results[0]!, queued);
    expect(first.ok).toBe(true);
    if (first.ok) for (const [c, end] of first.ends) queued.set(c, end);
    expect(check(doc, results[1]!, queued).ok).toBe(true);
    expect(refusal(check(doc, stringWithOrigin(99, 0, { client: client.clientID, clock: 0 }, 'x'), queued))).toBe('reference to content not stored yet');
  });

  it('refuses a delete set beyond the document or with more ranges than allowed', () => {
    const doc = new Y.Doc();
    const author = new Y.Doc();
    author.getText('text').insert(0, 'x'.repeat(5000));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(author));
    const bomb = (ranges: number, client = author.clientID) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0); // no structs
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, ranges);
      for (let i = 0; i < ranges; i++) {
        encoding.writeVarUint(e, i * 2);
        encoding.writeVarUint(e, 1);
      }
      return encoding.toUint8Array(e);
    };
    expect(check(doc, bomb(10)).ok).toBe(true);
    expect(refusal(check(doc, bomb(2000)))).toBe('too many delete ranges');
    expect(refusal(check(doc, bomb(10, 424242)))).toBe('delete of missing content');
  });

  it('accepts every update of real editing: rich text, nested types, maps, deletes, undo, a late sync', () => {
    const server = new Y.Doc();
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    const all: CheckResult[] = [];
    const relay = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    all.push(
      ...replay(server, alice, () => {
        const body = alice.getXmlFragment('body');
        const p = new Y.XmlElement('paragraph');
        body.insert(0, [p]);
        const t = new Y.XmlText();
        p.insert(0, [t]);
        t.insert(0, 'Ordine del giorno');
        t.format(0, 6, { bold: true });
        alice.getMap('meta').set('title', 'Verbale');
        const items = new Y.Array<Y.Map<unknown>>();
        alice.getMap('agenda').set('items', items);
        const item = new Y.Map<unknown>();
        items.push([item]);
        item.set('title', new Y.Text('Punto 1'));
      }),
    );
    relay(server, bob);
    all.push(
      ...replay(server, bob, () => {
        const t = (bob.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
        t.insert(3, 'XYZ');
        t.delete(0, 2);
        bob.getMap('meta').set('title', 'Verbale 18 giugno');
        const undo = new Y.UndoManager(bob.getMap('meta'));
        bob.getMap('meta').set('title', 'x');
        undo.undo();
      }),
    );
    // Alice edited offline meanwhile; her reconnect sends everything the server lacks in one update.
    alice.getMap('meta').set('place', 'Reggio Emilia');
    relay(bob, alice);
    const late = check(server, Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server)));
    all.push(late);
    if (late.ok) Y.applyUpdate(server, late.update);
    for (const result of all) expect(refusal(result)).toBe('accepted');
    expect(server.getMap('meta').toJSON()).toEqual(alice.getMap('meta').toJSON());
    expect(server.store.pendingStructs).toBeNull();
  });

  it('turns client writes into the authors map into collected ranges, keeping the rest of the update', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const results = replay(server, client, () => {
      client.transact(() => {
        client.getText('text').insert(0, 'mine');
        client.getMap('authors').set(String(client.clientID), { person: 'coordinator', name: 'Chiara' });
      });
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.getText('text').toString()).toBe('mine');
    expect(server.getMap('authors').size).toBe(0);
    // The client's clock stays continuous: its next edit is accepted.
    const next = replay(server, client, () => client.getText('text').insert(4, '!'));
    expect(refusal(next[0]!)).toBe('accepted');
    expect(server.getText('text').toString()).toBe('mine!');
  });

  it('takes deletes of authors entries out of an update, keeping its other deletes', () => {
    const server = new Y.Doc();
    server.getMap('authors').set('1', { person: 'p', name: 'P' });
    server.getText('text').insert(0, 'abc');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const removed = replay(server, client, () => {
      client.transact(() => {
        client.getMap('authors').delete('1');
        client.getText('text').delete(0, 1);
      });
    });
    expect(refusal(removed[0]!)).toBe('accepted');
    expect(server.getMap('authors').get('1')).toEqual({ person: 'p', name: 'P' });
    expect(server.getText('text').toString()).toBe('bc');
    const overwritten = replay(server, client, () => client.getMap('authors').set('1', { person: 'q', name: 'Q' }));
    expect(overwritten.every((r) => r.ok)).toBe(true);
    expect(server.getMap('authors').get('1')).toEqual({ person: 'p', name: 'P' });
  });

  it('leaves resent content out: only new content is stored, and only its clients are named', () => {
    const server = new Y.Doc();
    const alice = new Y.Doc();
    alice.getText('text').insert(0, 'di Alice');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(alice));
    const bob = new Y.Doc();
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(server));
    bob.getText('text').insert(0, 'Bob: ');
    // Bob's answer to an old state vector resends Alice's text with his new content.
    const result = check(server, Y.encodeStateAsUpdate(bob));
    expect(result.ok && [...result.clients]).toEqual([bob.clientID]);
    if (!result.ok) return;
    const decoded = Y.decodeUpdate(result.update);
    expect(new Set(decoded.structs.map((s) => s.id.client))).toEqual(new Set([bob.clientID]));
    Y.applyUpdate(server, result.update);
    expect(server.getText('text').toString()).toBe('Bob: di Alice');
    // A resend of Alice's ids with other content (impersonation) stores nothing.
    const forged = new Y.Doc();
    forged.clientID = alice.clientID;
    forged.getText('text').insert(0, 'falso');
    const again = check(server, Y.encodeStateAsUpdate(forged));
    expect(again.ok && again.empty).toBe(true);
  });

  it('accepts one update of two client ids whose content alternates 20,000 times (offline edits across a reload)', () => {
    const server = new Y.Doc();
    const offline = new Y.Doc();
    const text = offline.getText('text');
    const [first, second] = [offline.clientID, offline.clientID + 1];
    for (let i = 0; i < 20_000; i++) {
      offline.clientID = i % 2 === 0 ? first : second;
      text.insert(text.length, i % 2 === 0 ? 'a' : 'b');
    }
    const result = check(server, Y.encodeStateAsUpdate(offline));
    expect(refusal(result)).toBe('accepted');
    if (result.ok) Y.applyUpdate(server, result.update);
    expect(server.getText('text').toString()).toBe('ab'.repeat(10_000));
  });

  it('refuses subdocuments and bytes that do not decode', () => {
    const doc = new Y.Doc();
    const client = new Y.Doc();
    const results = replay(doc, client, () => client.getMap('m').set('sub', new Y.Doc()));
    expect(refusal(results[0]!)).toBe('subdocuments are not allowed');
    expect(refusal(check(doc, hex('0101ff')))).toMatch(/decode|well-formed/);
  });
});
