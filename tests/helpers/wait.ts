/**
 * Retries an assertion until it holds or the deadline passes (HP `retryableAssertion`), so tests
 * wait for behaviour rather than sleeping a fixed time. The last failure is rethrown.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, { timeout = 10_000, interval = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}
