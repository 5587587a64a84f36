// The import rules of .dependency-cruiser.cjs, plus one it cannot state alone: no cycle between the
// folders of server/src at run time (a module in polls/ importing http/ while http/ imports polls/
// is a cycle even when no single module imports itself back). Exits 1 on any violation.
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOTS = ['server/src', 'client/src', 'shared/src'];
const SERVER = 'server/src/';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const result = await cruise(ROOTS, { ...options, validate: true }, {}, { tsConfig: extractTSConfig('./tsconfig.json') });
const report = await format(result.output, { outputType: 'err' });
process.stdout.write(report.output);

/** The folder of server/src a module belongs to, or null for files at its top (the composition roots). */
function folderOf(source) {
  if (!source.startsWith(SERVER)) return null;
  const rest = source.slice(SERVER.length);
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : null;
}

// Folder graph from runtime imports only (type-only imports are erased when the code runs).
const edges = new Map();
const evidence = new Map();
for (const module of result.output.modules) {
  const from = folderOf(module.source);
  if (!from || /[.]test[.]tsx?$/.test(module.source)) continue;
  for (const dep of module.dependencies) {
    const to = folderOf(dep.resolved);
    if (!to || to === from || dep.dependencyTypes.includes('type-only')) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    const key = `${from}>${to}`;
    if (!evidence.has(key)) evidence.set(key, `${module.source} → ${dep.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one folder is a cycle.
let index = 0;
const indices = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(node) {
  indices.set(node, index);
  low.set(node, index);
  index += 1;
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node) ?? []) {
    if (!indices.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indices.get(next)));
  }
  if (low.get(node) === indices.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const node of edges.keys()) if (!indices.has(node)) visit(node);

for (const component of components) {
  console.log(`\n  error folder-cycle: server/src folders ${component.join(', ')} import each other at run time`);
  for (const from of component) for (const to of edges.get(from) ?? []) if (component.includes(to)) console.log(`      ${evidence.get(`${from}>${to}`)}`);
}
const errors = result.output.summary.error + components.length;
console.log(`\n${components.length} folder cycle(s) in server/src.`);
process.exit(errors > 0 ? 1 : 0);
