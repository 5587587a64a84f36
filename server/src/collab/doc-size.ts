import { CloseCode, CloseReason } from '@dialogo/shared';
import type { Metrics } from '../metrics.ts';
import { RefusedMessage } from './refusals.ts';

/**
 * A document's size without encoding it at every update: the bytes stored since the size was last
 * measured, plus that measure, an upper bound of the encoded size. It is measured again (one
 * encode) only when an update would take the bound past `max`.
 */
export class DocSize {
  private approxBytes = 0;

  /**
   * @param max largest encoded size the document may reach; absent, nothing is refused
   * @param measure the document's encoded size now, with what waits for the store
   */
  constructor(
    private readonly max: number | undefined,
    private readonly measure: () => number,
    private readonly metrics?: Metrics | null,
  ) {}

  /** Bytes loaded or queued for the store. */
  add(bytes: number): void {
    this.approxBytes += bytes;
  }

  /** Bytes queued and then dropped (refused by the store or with their sender). */
  remove(bytes: number): void {
    this.approxBytes -= bytes;
  }

  /** Throws RefusedMessage (`documentTooLarge`) for an update that would take the document beyond `max`. */
  check(adding: number): void {
    const max = this.max;
    if (!max || this.approxBytes + adding <= max) return;
    // The bound was passed: measure (deleted content is gone from the encoded state).
    this.approxBytes = this.measure();
    if (this.approxBytes + adding <= max) return;
    this.metrics?.refuse('document-too-large');
    throw new RefusedMessage(CloseCode.documentTooLarge, CloseReason.documentTooLarge);
  }
}
