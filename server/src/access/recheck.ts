/** What one transport does in a round of access checks over its open connections. */
export interface RecheckRound {
  /** False when there is nothing open to check: the round is skipped. */
  hasConnections(): boolean;
  /** Asks the policy again for every open connection and cuts (or narrows) the ones that lost access. */
  run(): Promise<void>;
}

/** The revocation loop of one transport; see {@link createAccessRecheck}. */
export interface AccessRecheck {
  /** A check now (a person or a document's scope changed): one asked for during a round runs right after it. */
  trigger(): void;
  /** No more rounds (shutdown). */
  stop(): void;
}

/**
 * The one revocation path, the same for the document WebSocket and socket.io: a round of checks
 * every `everyMs` (a sign-out or an expiry reaches connections that only listen) and at once when
 * triggered (app.ts and live/ trigger it on `access.changed`, on every instance). Rounds never
 * overlap; a round's failure is reported to `onError` and the next round tries again.
 */
export function createAccessRecheck(round: RecheckRound, everyMs: number, onError: (err: Error) => void): AccessRecheck {
  let running = false;
  let again = false;
  let stopped = false;
  const trigger = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (!round.hasConnections()) return;
    running = true;
    void round
      .run()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          trigger();
        }
      });
  };
  const timer = setInterval(trigger, everyMs);
  timer.unref();
  return {
    trigger,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
