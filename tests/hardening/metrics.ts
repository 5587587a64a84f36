/** Reads the server's own Prometheus metrics (METRICS_ENABLED=true). */
export async function scrapeMetrics(server: { url: string }, token?: string): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** The value of one sample, e.g. `dialogo_refused_total{reason="slow-consumer"}`; 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (!wanted.every((w) => rest.includes(w))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
