/**
 * Cross-site request refusal, one rule for every channel: a state-changing HTTP request, a
 * document WebSocket upgrade or a socket.io handshake that carries an `Origin` must come from
 * this server's own origin or one configured as trusted. Browsers always send `Origin` on these
 * requests, so a cookie can never be used from another site; clients that are not browsers
 * (tests, scripts) send none and carry no ambient cookie to abuse.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, trusted: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (trusted.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the literal "null" of sandboxed frames and file: pages
  }
  return !!host && parsed.host === host && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}
