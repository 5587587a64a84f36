// Which folders may import which (issue 17). `pnpm lint` runs this over server/, client/ and shared/;
// scripts/folder-cycles.mjs adds the one rule dependency-cruiser cannot say alone (no cycle between
// the folders of server/src). Type-only imports: the transport and package rules count them (a type
// from a transport still ties the domain to it); the cycle rules do not (they are erased when the
// code runs, so they create no load order and no runtime coupling).

/** The domain areas: their services, their rules and their presenters. */
const DOMAIN = '^server/src/(access|network|documents|meetings|polls|proposals|history|comments|publishing|action-plan|mail|scheduler|dashboard|ports)/';
/** The transports: they call the domain, never the reverse. */
const TRANSPORTS = '^server/src/(http|live|collab)/';
/** The composition roots: they build everything, so nothing below them imports them. */
const ROOTS = '^server/src/(app|services|main|index)[.]ts$';
/** The one file of the server the client may read, for the types of its HTTP contract. */
const APP_TYPE = '^server/src/http/app-type[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-not-transport',
      comment:
        'Domain code reaches documents and live clients through its ports (documents/live-docs.ts, domain-events.ts), never through http/, live/ or collab/.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: TRANSPORTS },
    },
    {
      name: 'transports-apart',
      comment: 'http/, live/ and collab/ never import each other: app.ts wires them (they meet on the ports and the domain events).',
      severity: 'error',
      from: { path: '^server/src/(http|live|collab)/' },
      to: { path: TRANSPORTS, pathNot: '^server/src/$1/' },
    },
    {
      name: 'reads-through-live-docs',
      comment:
        'A document is read through LiveDocs.read (ports/live-docs.ts), which reads the copy this instance holds live when it holds one: ' +
        'only collab/ (its implementation) reads the store directly with documents/content.ts (loadStoredDoc).',
      severity: 'error',
      from: { path: '^(server|tests|bench)/', pathNot: '^server/src/collab/' },
      to: { path: '^server/src/documents/content[.]ts$' },
    },
    {
      name: 'store-at-the-bottom',
      comment:
        'store/ and lib/ are what everything builds on: they never import a transport (collab/, http/, live/), a domain folder or a root. ' +
        'Code both a store and a transport need (checking a Yjs update) lives in lib/.',
      severity: 'error',
      from: { path: '^server/src/(store|lib)/' },
      to: { path: [TRANSPORTS, DOMAIN, ROOTS] },
    },
    {
      name: 'roots-on-top',
      comment: 'app.ts, services.ts and main.ts compose the server: code below them receives what it needs as arguments.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: ROOTS },
      to: { path: ROOTS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-not-roots',
      comment: 'The domain does not even name the composition roots (the all-services type tied every folder to every other).',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: ROOTS },
    },
    {
      name: 'ports-are-types',
      comment: 'ports/ says what the domain needs in types; at run time it loads nothing of the server (so every folder may import it).',
      severity: 'error',
      from: { path: '^server/src/ports/', pathNot: '[.]test[.]ts$' },
      to: { path: '^server/src/', pathNot: '^server/src/ports/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-imports-neither-side',
      comment: 'shared/ is what both sides speak: it imports neither the server nor the client.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'client-not-server',
      comment: 'The client talks to the server over HTTP and sockets; it may only read the type of the HTTP contract.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: APP_TYPE },
    },
    {
      name: 'client-app-type-only',
      comment: 'The app type is read with `import type`, so no server code ends up in the bundle.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: APP_TYPE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No cycle between modules at run time (type-only imports are left out: see the top of this file).',
      severity: 'error',
      from: { path: '^(server|client|shared)/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    // Keep `import type` in the graph, marked type-only, so the rules above can tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
