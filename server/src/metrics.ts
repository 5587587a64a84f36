import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Why the document server refused a message or a connection (the `reason` label). */
export type RefusedReason =
  | 'malformed'
  | 'invalid-update'
  | 'foreign-client-id'
  | 'stored-update-repaired'
  | 'sync-rate'
  | 'sync-unread'
  | 'sync-deferred'
  | 'too-big'
  | 'read-only'
  | 'document-too-large'
  | 'awareness-rate'
  | 'awareness-size'
  | 'awareness-not-own'
  | 'slow-consumer'
  | 'too-many-connections'
  | 'auth-timeout'
  | 'store-unavailable';

/**
 * The server's counters in the Prometheus text format (prom-client). One registry per server, so
 * tests and benchmarks that start several servers in one process do not share counts. Updating a
 * metric is a few additions: nothing here waits on the update path.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Updates stored and applied (rate() of it is updates per second). */
  readonly updates = new Counter({ name: 'dialogo_updates_total', help: 'Document updates stored and applied', registers: [this.registry] });
  readonly storeWrite = new Histogram({
    name: 'dialogo_store_write_seconds',
    help: 'Time of one batched store append of a document',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'dialogo_refused_total',
    help: 'Messages and connections refused by the document server, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor(sources: { connections(): number; documents(): number }) {
    new Gauge({
      name: 'dialogo_connections',
      help: 'Open document WebSocket connections',
      registers: [this.registry],
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'dialogo_documents_in_memory',
      help: 'Documents loaded in memory',
      registers: [this.registry],
      collect() {
        this.set(sources.documents());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  refuse(reason: RefusedReason): void {
    this.refused.inc({ reason });
  }
}
