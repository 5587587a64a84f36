import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { diffArrays } from 'diff';
import { budgetLines, formatCents, ProposalShape, type BlockChange, type Language, type VersionReason } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import { translatorFor } from '../i18n/index.ts';
import { nodeToHtml, partsToHtml } from '../publishing/render.ts';
import { documentParts, type DocumentPart } from '../documents/outline.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Store } from '../store/index.ts';

/** One saved state of a document. */
export interface Version {
  id: string;
  docName: string;
  createdAt: string;
  /** A name someone gave it ("sent to the ministry"); automatic versions have none. */
  label?: string;
  auto: boolean;
  /** The moment an automatic version marks (a meeting starting or ending). */
  reason?: VersionReason;
  /** Who saved it (named versions). */
  savedBy?: { id: string; name: string };
  /** Ids of the people whose edits were stored since the version before. */
  contributors?: string[];
  /** Base64 of the state vector, to skip an automatic version when nothing changed. */
  stateVector: string;
}

export interface VersionTiming {
  /** An automatic version is taken once a document has been quiet this long after changes... */
  idleMs: number;
  /** ...or after this long of continuous activity. */
  maxIntervalMs: number;
}

const VERSIONS = 'versions';
/** People who wrote to a document since its latest version (ids), shared by every instance. */
const CONTRIBUTORS = 'version-contributors';
/** An instance records a writer of a document at most this often: one store write, not one per edit. */
const CONTRIBUTOR_NOTE_MS = 30_000;
/** A version's content lives in the document store under its own name, outside the document's. */
const contentName = (docName: string, id: string) => `version~${docName}~${id}`;

/** Whose comparison it is: budget lines are written out in their language, cities by name. */
export interface CompareReader {
  language: Language;
  cityName(id: string): string;
}

/** One block of a comparison: its text (what is compared) and, for a table or a list, its HTML. */
interface Block {
  text: string;
  html?: string;
}

const STRUCTURED = new Set(['table', 'bulletList', 'orderedList']);

/**
 * The blocks a comparison is made of: each top-level block of each part (tables and lists keep
 * their shape, as HTML beside their text), then a proposal's budget lines as people read them
 * (city, category, description, amounts in euros), never cents or ids.
 */
function blocks(doc: Y.Doc, parts: DocumentPart[], reader: CompareReader): Block[] {
  const text = parts.flatMap(({ heading, fragment }): Block[] => [
    ...(heading ? [{ text: `## ${heading}` }] : []),
    ...fragment.toArray().map((node): Block => {
      if (node instanceof Y.XmlText) return { text: node.toString() };
      const element = node as Y.XmlElement;
      return STRUCTURED.has(element.nodeName) ? { text: textOf(element), html: nodeToHtml(element) } : { text: textOf(element) };
    }),
  ]);
  const t = translatorFor(reader.language);
  const money = (cents: number) => formatCents(cents, reader.language);
  const budget = budgetLines(doc.getMap(ProposalShape.budget).toJSON() as Record<string, unknown>);
  return [
    ...text,
    ...budget.map((l) => ({
      text: t('version.budgetLine', {
        city: reader.cityName(l.city),
        category: t(`version.categories.${l.category}`),
        description: l.description || '—',
        amount: money(l.amount),
        cofunding: money(l.cofunding),
      }),
    })),
  ];
}

/** A block's text: list items on lines of their own, table rows on lines with ` | ` between cells. */
function textOf(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  const name = node.nodeName;
  const separator = name === 'listItem' || name.endsWith('List') || name === 'table' ? '\n' : name === 'tableRow' ? ' | ' : '';
  return node
    .toArray()
    .map((child) => textOf(child as Y.XmlElement | Y.XmlText))
    .join(separator);
}

/**
 * Versions of every document: automatic ones after a burst of activity (debounced, at most every
 * few minutes, taken by one instance only) and named ones saved by people. A version's content is
 * a full Yjs state stored apart from the document, so the current document loads exactly as fast
 * however many versions it has; restoring is a new change on top, never a rewrite of history.
 */
export class Versions {
  private readonly timers = new Map<string, { idle: NodeJS.Timeout; firstChangeAt: number }>();
  /** When this instance last recorded each writer of each document (see CONTRIBUTOR_NOTE_MS). */
  private readonly writersNoted = new Map<string, Map<string, number>>();
  /** Writers being recorded (not awaited on the edit path), awaited by the next version of the document. */
  private readonly noting = new Map<string, Set<Promise<unknown>>>();
  /** Automatic versions being taken, awaited by close(). */
  private readonly saving = new Set<Promise<void>>();
  /** Set by close(): no automatic version is scheduled or started after it (shutdown). */
  private closed = false;
  /** Called after each version is listed (the live channel tells the document's room). */

  constructor(
    private readonly store: Store,
    /** Where the current document is read (a version holds it as it was then). */
    private readonly docs: LiveDocs,
    private readonly timing: VersionTiming,
    private readonly log: Logger,
    /** `version.saved` after each version is stored (everyone with the document open reloads its list). */
    private readonly events: DomainEvents,
  ) {}

  list(docName: string): Promise<Version[]> {
    return this.store.records.list<Version>(`${VERSIONS}:${docName}`).then((all) => all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }

  get(docName: string, id: string): Promise<Version | undefined> {
    return this.store.records.get<Version>(`${VERSIONS}:${docName}`, id);
  }

  /** Saves the document as it stands now. */
  async save(
    docName: string,
    options: { label?: string; savedBy?: { id: string; name: string }; auto?: boolean; reason?: VersionReason } = {},
  ): Promise<Version> {
    // Someone who wrote just before is recorded by then (the record is written after the edit).
    await Promise.all(this.noting.get(docName) ?? []);
    const doc = await this.docs.read(docName);
    try {
      const contributors = (await this.store.records.list<{ id: string }>(`${CONTRIBUTORS}:${docName}`)).map((c) => c.id);
      const version: Version = {
        id: `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`,
        docName,
        createdAt: new Date().toISOString(),
        auto: options.auto ?? false,
        stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
        ...(options.label ? { label: options.label } : {}),
        ...(options.savedBy ? { savedBy: options.savedBy } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
        contributors,
      };
      // Content first, listing second: a listed version always has its content.
      await this.store.docs.append(contentName(docName, version.id), [Y.encodeStateAsUpdate(doc)]);
      await this.store.records.put(`${VERSIONS}:${docName}`, version.id, version);
      // Only the writers this version took: one noted meanwhile stays for the next.
      await Promise.all(contributors.map((id) => this.store.records.delete(`${CONTRIBUTORS}:${docName}`, id)));
      this.writersNoted.delete(docName);
      void this.events.emit('version.saved', { docName });
      return version;
    } finally {
      doc.destroy();
    }
  }

  /** A version's full Yjs state (what a client restores from). */
  async content(docName: string, id: string): Promise<Uint8Array> {
    return Y.mergeUpdates(await this.store.docs.load(contentName(docName, id)));
  }

  private async docOf(docName: string, id: string | 'current'): Promise<Y.Doc> {
    if (id === 'current') return this.docs.read(docName);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.content(docName, id));
    return doc;
  }

  /** A version rendered as HTML (escaped, as on published pages). */
  async html(docName: string, id: string): Promise<string> {
    const doc = await this.docOf(docName, id);
    try {
      return partsToHtml(await documentParts(this.docs, docName, doc));
    } finally {
      doc.destroy();
    }
  }

  /** Block-by-block differences from `from` to `to` (`current` for the document as it is). */
  async compare(docName: string, from: string, to: string, reader: CompareReader): Promise<BlockChange[]> {
    const [a, b] = await Promise.all([this.docOf(docName, from), this.docOf(docName, to)]);
    try {
      const [partsA, partsB] = await Promise.all([documentParts(this.docs, docName, a), documentParts(this.docs, docName, b)]);
      return diffArrays(blocks(a, partsA, reader), blocks(b, partsB, reader), { comparator: (x, y) => x.text === y.text }).flatMap((part) =>
        part.value.map(({ text, html }): BlockChange => ({
          change: part.added ? 'added' : part.removed ? 'removed' : 'same',
          text,
          ...(html ? { html } : {}),
        })),
      );
    } finally {
      a.destroy();
      b.destroy();
    }
  }

  /**
   * Called after each stored batch of a document: schedules an automatic version once the
   * document has been quiet for `idleMs`, or at the latest `maxIntervalMs` after the first change.
   */
  noteChange(docName: string, writers: ReadonlySet<string> = new Set()): void {
    if (this.closed || docName.startsWith('version~')) return;
    const now = Date.now();
    if (writers.size > 0) this.noteWriters(docName, writers, now);
    const pending = this.timers.get(docName);
    const firstChangeAt = pending?.firstChangeAt ?? now;
    if (pending) clearTimeout(pending.idle);
    const wait = Math.max(0, Math.min(this.timing.idleMs, firstChangeAt + this.timing.maxIntervalMs - now));
    const idle = setTimeout(() => {
      this.timers.delete(docName);
      this.writersNoted.delete(docName); // the burst is over: the next one records its writers afresh
      this.track(this.autoSave(docName));
    }, wait);
    idle.unref();
    this.timers.set(docName, { idle, firstChangeAt });
  }

  /** Records who wrote, for the next version's contributors (rarely: see CONTRIBUTOR_NOTE_MS). */
  private noteWriters(docName: string, writers: ReadonlySet<string>, now: number): void {
    let noted = this.writersNoted.get(docName);
    if (!noted) this.writersNoted.set(docName, (noted = new Map()));
    for (const id of writers) {
      if (now - (noted.get(id) ?? -Infinity) < CONTRIBUTOR_NOTE_MS) continue;
      noted.set(id, now);
      const put = this.store.records
        .put(`${CONTRIBUTORS}:${docName}`, id, { id })
        .catch((err: Error) => this.log.warn({ err: err.message, docName }, 'recording a contributor failed'));
      let pending = this.noting.get(docName);
      if (!pending) this.noting.set(docName, (pending = new Set()));
      pending.add(put);
      void put.finally(() => {
        pending.delete(put);
        if (pending.size === 0 && this.noting.get(docName) === pending) this.noting.delete(docName);
      });
    }
  }

  /** Keeps a version being taken until it settles, so that shutdown waits for it. */
  private track(saving: Promise<void>): void {
    this.saving.add(saving);
    void saving.finally(() => this.saving.delete(saving));
  }

  private async autoSave(docName: string): Promise<void> {
    if (this.closed) return;
    try {
      // One instance takes it: the first to count this window.
      const { count } = await this.store.expiring.increment('version-lock', docName, Math.max(1000, this.timing.idleMs / 2));
      if (count > 1) return;
      const [latest] = await this.list(docName);
      const doc = await this.docs.read(docName);
      const unchanged = latest && Buffer.from(Y.encodeStateVector(doc)).toString('base64') === latest.stateVector;
      doc.destroy();
      if (!unchanged) await this.save(docName, { auto: true });
    } catch (err) {
      // Expected while the store is unreachable: the next burst of changes takes a version again.
      this.log.warn({ err: (err as Error).message, docName }, 'automatic version failed');
    }
  }

  /** An automatic version marking a moment (a meeting starting or ending), taken even when nothing changed. */
  async mark(docName: string, reason: VersionReason): Promise<void> {
    if (this.closed) return;
    try {
      await this.save(docName, { auto: true, reason });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, docName, reason }, 'automatic version failed');
    }
  }

  /**
   * Shutdown: drops the versions not yet due (the store stays as it is; the next burst after a
   * restart takes one) and waits for those being taken, so none reads a store that closed under it.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const { idle } of this.timers.values()) clearTimeout(idle);
    this.timers.clear();
    this.writersNoted.clear();
    await Promise.allSettled([...this.saving]);
  }
}
