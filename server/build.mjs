// Compiles the server into one ES module (dist/main.js) that Node runs without a TypeScript loader:
// faster to start and lighter in memory than tsx, which compiles every file at run time.
// Dependencies stay in node_modules; the workspace's own TypeScript (@dialogo/shared) is bundled.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !name.startsWith('@dialogo/'));

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outdir: new URL('./dist', import.meta.url).pathname,
  // What the server loads on first use (`await import(...)`: the document importer with its DOM,
  // the converters) stays in chunks of its own, so it is not loaded at start.
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Subpaths too (`@tiptap/pm/model`, `lib0/decoding`...).
  external: external.flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  // Packages bundled from @dialogo/shared's dependencies may still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
