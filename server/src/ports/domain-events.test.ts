import { describe, expect, it } from 'vitest';
import { DomainEvents } from './domain-events.ts';

describe('DomainEvents', () => {
  it('runs handlers in the order they subscribed and stops calling one after its unsubscribe', async () => {
    const events = new DomainEvents();
    const seen: string[] = [];
    events.on('version.saved', ({ docName }) => void seen.push(`first ${docName}`));
    const off = events.on('version.saved', ({ docName }) => void seen.push(`second ${docName}`));
    await events.emit('version.saved', { docName: 'note:a' });
    off();
    await events.emit('version.saved', { docName: 'note:b' });
    expect(seen).toEqual(['first note:a', 'second note:a', 'first note:b']);
  });

  it('resolves emit once asynchronous handlers are done (a poll closes after its results block is written)', async () => {
    const events = new DomainEvents();
    let written = false;
    events.on('access.changed', async () => {
      await Promise.resolve();
      written = true;
    });
    await events.emit('access.changed', {});
    expect(written).toBe(true);
  });

  it('reports a failing handler, sync or async, without stopping the others or rejecting emit', async () => {
    const failures: string[] = [];
    const events = new DomainEvents((event, err) => failures.push(`${event}: ${err.message}`));
    const seen: string[] = [];
    events.on('access.changed', () => {
      throw new Error('sync');
    });
    events.on('access.changed', async () => {
      throw new Error('async');
    });
    events.on('access.changed', () => void seen.push('third'));
    await expect(events.emit('access.changed', {})).resolves.toBeUndefined();
    expect(seen).toEqual(['third']);
    expect(failures).toEqual(['access.changed: sync', 'access.changed: async']);
  });
});
