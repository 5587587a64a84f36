import type { Store } from '../store/index.ts';

const CHANGED = 'doc-changed';
/** At most one write per document this often; the last change of a burst is written at its end. */
const WRITE_EVERY_MS = 5_000;

/** When each document last changed (shown on its published page), kept in the store for every instance. */
export class DocActivity {
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; at: number }>();
  private readonly lastWrite = new Map<string, number>();

  constructor(private readonly store: Store) {}

  /** Called when the document server stored a change; cheap, and never on the update path. */
  note(name: string): void {
    if (name.startsWith('version~')) return;
    const now = Date.now();
    const pending = this.pending.get(name);
    if (pending) {
      pending.at = now;
      return;
    }
    const wait = Math.max(0, (this.lastWrite.get(name) ?? 0) + WRITE_EVERY_MS - now);
    const entry = {
      at: now,
      timer: setTimeout(() => {
        this.pending.delete(name);
        this.lastWrite.set(name, Date.now());
        this.store.records.put(CHANGED, name, new Date(entry.at).toISOString()).catch(() => {}); // a display hint: a lost write shows an older time
      }, wait),
    };
    entry.timer.unref();
    this.pending.set(name, entry);
  }

  changedAt(name: string): Promise<string | undefined> {
    return this.store.records.get<string>(CHANGED, name);
  }
}
