import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function in a V8 CPU profile. */
export interface HotSpot {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

/** Where a script lives, shortened: `yjs/dist/yjs.mjs:1234`, `server/src/collab/shared-doc.ts:88`. */
function shortUrl(url: string, line: number): string {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  const short = nm >= 0 ? clean.slice(nm + 'node_modules/'.length) : clean.replace(/^.*?\/(server|shared|bench)\/src\//, '$1/src/');
  return `${short}:${line + 1}`;
}

/** Top self-time functions and packages of a `.cpuprofile`. */
export function summarizeProfile(file: string, top = 20): { total: number; functions: HotSpot[]; packages: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fns = new Map<string, HotSpot>();
  const pkgs = new Map<string, HotSpot>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!;
    const ms = us / 1000;
    total += ms;
    const where = shortUrl(frame.url, frame.lineNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const fn = fns.get(key) ?? { name, where, selfMs: 0, percent: 0 };
    fn.selfMs += ms;
    fns.set(key, fn);
    const pkg = packageOf(frame.url, name);
    const p = pkgs.get(pkg) ?? { name: pkg, where: '', selfMs: 0, percent: 0 };
    p.selfMs += ms;
    pkgs.set(pkg, p);
  }
  const rank = (m: Map<string, HotSpot>) =>
    [...m.values()]
      .map((h) => ({ ...h, percent: (h.selfMs / total) * 100 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { total, functions: rank(fns), packages: rank(pkgs) };
}

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/(server|shared|bench)\/src\/([^/]+)/.exec(url);
  return own ? `${own[1]}/src/${own[2]}` : url;
}

/** The largest profile in a folder: the serving process, not the tsx launcher in front of it. */
export function largestProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  return files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

/** A plain-text table of a summary, for the console. */
export function formatProfile(file: string, top = 20): string {
  const { total, functions, packages } = summarizeProfile(file, top);
  const lines = [`CPU profile ${file}: ${total.toFixed(0)} ms sampled`, '', 'top self time by function:'];
  for (const f of functions) lines.push(`  ${f.selfMs.toFixed(0).padStart(7)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`);
  lines.push('', 'self time by package or module:');
  for (const p of packages) lines.push(`  ${p.selfMs.toFixed(0).padStart(7)} ms ${p.percent.toFixed(1).padStart(5)}%  ${p.name}`);
  return lines.join('\n');
}
