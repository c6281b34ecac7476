/**
 * The layer boundaries, checked on resolved paths (`npm run lint:deps`, part of
 * `npm test`). Every import — relative, `#subpath` (package.json "imports") or
 * type-only — is resolved to a file first, so no spelling of a path slips past.
 * The layers and why each rule exists: docs/architecture.md.
 */

/** npm packages that tie code to one runtime: Electron, React (the screen), the server's. */
const RUNTIME_PACKAGES =
  '^node_modules/(electron|electron-updater|react|react-dom|react-i18next|fastify|@fastify/[^/]+|pg|@electric-sql/pglite|pino|@node-rs/argon2|bonjour-service)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'resolvable',
      comment:
        'Every import resolves to a file. An import the tool cannot resolve would escape every rule below, so it fails on its own.',
      severity: 'error',
      from: { path: '^(electron|renderer|sync|console)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'renderer-not-device',
      comment:
        'The renderer reaches the device only through window.kiosk (renderer/platform); from electron/ it may use the shared contract in electron/ipc, nothing else.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/', pathNot: '^electron/ipc/' },
    },
    {
      name: 'renderer-not-server',
      comment: 'The renderer talks to the district over the sync protocol, never by importing server code.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { path: '^sync/server/' },
    },
    {
      name: 'renderer-not-node',
      comment:
        'The renderer runs in a sandboxed page: no Node built-ins (its Vite config is build tooling, not renderer code).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'device-not-renderer',
      comment:
        'electron/ never reaches renderer/: what both need (the contract, printed words, update naming) lives in electron/ipc, sync/protocol or assets/.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'device-server-only-in-hub',
      comment:
        'A device runs the district server only as the embedded demo district (electron/services/embedded-district.ts) or the station hub (electron/services/station-hub.ts); anything else the device shares with the server lives in sync/protocol.',
      severity: 'error',
      from: { path: '^electron/', pathNot: '^electron/services/(embedded-district|station-hub)\\.ts$' },
      to: { path: '^sync/server/' },
    },
    {
      name: 'protocol-runtime-free',
      comment:
        'sync/protocol is imported by the devices, the screen and the district alike: no Node built-ins, no runtime packages, no other project folder.',
      severity: 'error',
      from: { path: '^sync/protocol/' },
      to: { pathNot: '^(sync/protocol/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'protocol-no-runtime',
      comment: 'sync/protocol runs everywhere, so it uses no Node built-in and no runtime-specific package.',
      severity: 'error',
      from: { path: '^(sync/protocol|electron/ipc)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'protocol-no-runtime-package',
      comment: 'sync/protocol and electron/ipc run in every runtime: no Electron, React or server package.',
      severity: 'error',
      from: { path: '^(sync/protocol|electron/ipc)/' },
      to: { path: RUNTIME_PACKAGES },
    },
    {
      name: 'ipc-contract-only',
      comment:
        'electron/ipc is the contract the renderer and the device share: it builds on sync/protocol and nothing else of the project.',
      severity: 'error',
      from: { path: '^electron/ipc/' },
      to: { pathNot: '^(electron/ipc/|sync/protocol/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'server-not-device',
      comment:
        'The district server never imports device code; the station hub embeds the server, not the other way round.',
      severity: 'error',
      from: { path: '^sync/server/' },
      // One exception: the staff PIN hash (PBKDF2 over Web Crypto). The district hashes a
      // new PIN with it and a counter verifies it offline, so both must run the very same
      // function; it lives in sync/client because sync/protocol's tsconfig has no Web
      // Crypto types (neither DOM nor Node). And the station hub's uplink, a client of the
      // district like a device (sync/README.md, "Station hub"): it settles an upload conflict
      // with the very ticket merge a device uses, and talks to the district with the device
      // client's transport (deadlines, stream reader, backoff, Retry-After) — no second copy.
      to: {
        path: '^(electron|renderer|sync/client)/',
        pathNot:
          '^sync/client/(staff-pin|ticket-conflicts|sse|deadlines|http-error|status|abortable-sleep|retry-after)\\.ts$',
      },
    },
    {
      name: 'client-not-device',
      comment:
        'sync/client is the replication wiring of the screen: it knows the protocol, not the device, the screens or the server (the IPC contract only as types).',
      severity: 'error',
      from: { path: '^sync/client/' },
      to: { path: '^(electron|renderer|sync/server)/', pathNot: '^electron/ipc/' },
    },
    {
      name: 'client-ipc-types-only',
      comment: 'sync/client may name device API types, never load device code.',
      severity: 'error',
      from: { path: '^sync/client/' },
      to: { path: '^electron/ipc/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'console-not-device',
      comment:
        "The district operator's console shares the renderer's components, words and stylesheet (its live preview draws the kiosk's own detail view), never device code (electron/, the kiosk's features, database and platform).",
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^(electron/|renderer/)', pathNot: '^renderer/(components/|i18n/|app/styles\\.css$)' },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(node_modules|dist|release|coverage|tests|bench|scripts|\\.ci)/' },
    // Type-only imports count: a type from the wrong layer still couples the two.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    // package.json "imports" (#protocol/* …) resolve through enhanced-resolve, whose
    // importsFields is ["imports"] by default; the `resolvable` rule proves they do.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
