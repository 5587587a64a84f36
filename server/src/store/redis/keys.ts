/**
 * Every Redis key and channel Dialogo uses, built from the configured prefix; no other module
 * spells a key. Document keys share a `{name}` hash tag so a document's keys live on one
 * Cluster slot and can be written in one MULTI.
 */
export function createKeys(prefix: string) {
  return {
    snapshot: (doc: string) => `${prefix}:doc:{${doc}}:snapshot`,
    log: (doc: string) => `${prefix}:doc:{${doc}}:log`,
    compactLock: (doc: string) => `${prefix}:doc:{${doc}}:compact-lock`,
    relay: (doc: string) => `${prefix}:relay:${doc}`,
    records: (collection: string) => `${prefix}:records:${collection}`,
    expiring: (namespace: string, id: string) => `${prefix}:x:${namespace}:${id}`,
    /** Prefix of socket.io's adapter channels. */
    live: `${prefix}:live`,
    /** Everything of this prefix, for tests that clean up after themselves. */
    all: `${prefix}:*`,
  };
}
export type Keys = ReturnType<typeof createKeys>;
