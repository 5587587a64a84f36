import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { repairStored } from '../lib/update-check.ts';
import type { Origin } from './write-queue.ts';

/** What {@link ColdState} needs from its document. */
export interface ColdStateDeps {
  /** The document's name, for the log. */
  name: string;
  log: Logger;
  metrics?: Metrics | null;
  /** Called when stored updates had to be repaired on load: compacting rewrites the log without them. */
  onRepaired?(): void;
}

/** The stored bytes of a cold document as one update, with its state vector. */
export interface ColdAnswer {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/** Above this many stored updates (a snapshot and its log), a cold document is applied rather than merged. */
const COLD_MERGE_MAX = 32;

/**
 * Stored content not applied to the Y.Doc yet. A document is loaded as bytes and applied only
 * when something needs the Y.Doc (an edit, a relayed update, a server feature reading it): until
 * then readers are answered from the stored bytes themselves (its compacted snapshot), which
 * spares a cold load the replay of the whole document into Yjs structures.
 */
export class ColdState {
  private unapplied: Uint8Array[] = [];
  /** `unapplied` as one update and its state vector, computed once for the readers of a cold document. */
  private cold: ColdAnswer | null = null;

  constructor(private readonly deps: ColdStateDeps) {}

  /** True while stored content waits to be applied to the Y.Doc. */
  get pending(): boolean {
    return this.unapplied.length > 0;
  }

  /** Takes stored content at load time. */
  add(update: Uint8Array): void {
    this.unapplied.push(update);
  }

  /**
   * Applies the stored updates to `ydoc`. Entries stored before updates were checked may hold what
   * Yjs cannot integrate: those parts are set aside (reported, and gone from the log at the next
   * compaction, which the registry runs at once), the rest of the document loads.
   */
  applyTo(ydoc: Y.Doc): void {
    const updates = this.unapplied;
    this.unapplied = [];
    this.cold = null;
    let repaired = false;
    for (let i = 0; i < updates.length; i++) {
      try {
        const { update, problems } = repairStored(updates[i]!, ydoc);
        if (problems.length > 0) {
          repaired = true;
          this.deps.log.error({ docName: this.deps.name, entry: i, problems: [...new Set(problems)] }, 'stored update repaired: unreadable parts set aside');
        }
        Y.applyUpdate(ydoc, update, { source: 'load' } satisfies Origin);
      } catch (err) {
        repaired = true;
        this.deps.log.error({ err: (err as Error).message, docName: this.deps.name, entry: i }, 'stored update set aside: unreadable');
      }
    }
    if (repaired) {
      this.deps.metrics?.refuse('stored-update-repaired');
      this.deps.onRepaired?.();
    }
  }

  /**
   * The stored state of a document nobody has changed since it loaded, or null (then the Y.Doc
   * answers). Only for a snapshot with a short log: merging a long log costs more than applying it.
   * Unsound bytes are applied to `ydoc` at once (the Y.Doc path repairs, reports and skips them).
   */
  answer(ydoc: Y.Doc): ColdAnswer | null {
    if (this.cold || this.unapplied.length === 0) return this.cold;
    if (this.unapplied.length > COLD_MERGE_MAX) return null;
    try {
      // Readers get stored bytes only when they are sound: anything else goes through the repair.
      const scratch = new Y.Doc();
      const sound = this.unapplied.every((update) => repairStored(update, scratch).problems.length === 0);
      scratch.destroy();
      if (!sound) throw new Error('stored update needs repair');
      const state = this.unapplied.length === 1 ? this.unapplied[0]! : Y.mergeUpdates(this.unapplied);
      this.cold = { state, stateVector: Y.encodeStateVectorFromUpdate(state) };
    } catch {
      this.applyTo(ydoc);
    }
    return this.cold;
  }

  /** Forgets the stored bytes (the document is destroyed). */
  clear(): void {
    this.unapplied = [];
    this.cold = null;
  }
}
