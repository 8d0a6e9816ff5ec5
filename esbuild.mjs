// Bundles the extension client and the language server (plus its CLI) into self-contained files.
// `--production` (npm run package, npm run bench): minified, no source maps. The client is minified in every build:
// it is almost all vscode-languageclient, and its source map still maps our few lines back for debugging; the
// server stays readable in development builds, for the stack traces it logs.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

/**
 * Node's modules that start processes or open connections, replaced by a module whose every export throws: the
 * server and the CLI open no connection and start no process, although the libraries bundled into them could
 * (vscode-languageserver's --socket and --pipe transports, its global-module lookup). The client keeps
 * child_process, with which vscode-languageclient starts the bundled server.
 */
function unavailable(modules) {
  const filter = new RegExp(`^(node:)?(${modules.join('|')})$`);
  return {
    name: 'unavailable-modules',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path.replace(/^node:/, ''), namespace: 'unavailable' }));
      build.onLoad({ filter: /.*/, namespace: 'unavailable' }, (args) => ({
        loader: 'js',
        contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => {
          throw new Error('k8s-persistence opens no connection and starts no process: ${args.path}.' + String(key) +
            ' is not available (the language server speaks LSP over --stdio or --node-ipc)');
        } });`,
      }));
    },
  };
}
const NETWORK = ['net', 'http', 'https', 'http2', 'tls', 'dgram'];
const PROCESSES = ['child_process', 'cluster'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/extension.js',
    external: ['vscode'],
    minify: true,
    plugins: [unavailable(NETWORK)],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'server/out/server.js',
    // Both server bundles are the package's bins (k8s-persistence-language-server, k8s-persistence).
    banner: { js: '#!/usr/bin/env node' },
    plugins: [unavailable([...NETWORK, ...PROCESSES])],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/syntaxCheckWorker.ts'],
    outfile: 'server/out/syntaxCheckWorker.js',
    plugins: [unavailable([...NETWORK, ...PROCESSES])],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    plugins: [unavailable([...NETWORK, ...PROCESSES])],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
