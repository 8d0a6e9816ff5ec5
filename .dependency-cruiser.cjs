// The layers of the analysis core, checked by `npm test` (`npm run layers`). Each layer imports only the ones
// before it: yaml → model → fixes → rules → service → lsp / cli / server.ts. See ARCHITECTURE.md.
const core = 'server/src/(yaml|model|fixes|rules|service)/';
const layer = (from, forbidden, comment) => ({
  name: `${from.replace(/\/$/, '')}-imports-upward`,
  severity: 'error',
  comment,
  from: { path: `server/src/${from}` },
  to: { path: `server/src/(${forbidden.join('|')})` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or split on their own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-lsp',
      severity: 'error',
      comment: 'The core speaks LSP data types only (vscode-languageserver-types, -textdocument), never a connection.',
      from: { path: core },
      to: { path: 'node_modules/vscode-languageserver/' },
    },
    {
      name: 'client-imports-server',
      severity: 'error',
      comment: 'The client only starts the server; it shares the custom protocol with it (as vscode-eslint does), nothing else.',
      from: { path: 'client/src/' },
      to: { path: 'server/src/', pathNot: 'server/src/lsp/protocol[.]ts$' },
    },
    layer('yaml/', ['model', 'fixes', 'rules', 'service', 'lsp', 'cli', 'settings', 'server'], 'yaml/ knows YAML syntax only.'),
    layer('model/', ['fixes', 'rules', 'service', 'lsp', 'cli', 'settings', 'server'], 'model/ reads Kubernetes meaning, not findings.'),
    layer('fixes/', ['rules', 'service', 'lsp', 'cli', 'settings', 'server'], 'fixes/ are edits the rules share.'),
    layer('rules/', ['service', 'lsp', 'cli', 'settings', 'server'], 'rules/ know nothing of settings or front ends.'),
    layer('service/', ['lsp', 'cli', 'server'], 'service/ serves every front end; none is its business.'),
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)out/' },
  },
};
