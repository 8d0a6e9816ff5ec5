// What the bundles can do (issue "Never hang, never corrupt"): the language server and the CLI start no process and
// open no connection (esbuild.mjs replaces those modules with one that throws), the client only starts the server,
// and a whole editing session through the server writes nothing to disk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { repoRoot } from '../support/fixtures';
import { LspClient, serverPath } from '../support/lspClient';

const FORBIDDEN = ['child_process', 'cluster', 'net', 'http', 'https', 'http2', 'tls', 'dgram'];

/** The modules a bundle loads with a literal require, and whether it loads any other way. */
function requiresOf(bundle: string): { modules: Set<string>; dynamic: boolean } {
  const code = fs.readFileSync(path.join(repoRoot, bundle), 'utf8');
  const modules = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1].replace(/^node:/, '')));
  const dynamic = /\bprocess\.(binding|dlopen)\s*\(|\bimport\(\s*[^"'`\s)]/.test(code);
  return { modules, dynamic };
}

for (const [bundle, allowed] of [
  ['server/out/server.js', []],
  ['server/out/syntaxCheckWorker.js', []],
  ['server/out/cli.js', []],
  // vscode-languageclient forks the bundled server (a fixed module path, its transport's arguments) and nothing else.
  ['client/out/extension.js', ['child_process']],
] as const) {
  test(`${bundle} requires none of ${FORBIDDEN.join(', ')}${allowed.length ? ` but ${allowed.join(', ')}` : ''}`, () => {
    const { modules, dynamic } = requiresOf(bundle);
    assert.ok(modules.size > 0, 'the bundle was read');
    assert.deepEqual(FORBIDDEN.filter((name) => modules.has(name)), [...allowed]);
    assert.equal(dynamic, false, 'no process.binding, process.dlopen or import() of a computed name');
  });
}

test('the server refuses a socket transport with a clear error instead of opening one', () => {
  const run = spawnSync(process.execPath, [serverPath, '--socket=7777'], { encoding: 'utf8', timeout: 10_000, input: '' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /k8s-persistence opens no connection and starts no process: net\.createConnection is not available/);
});

const trap = path.join(repoRoot, 'test', 'fixtures', 'security', 'trap.cjs');
const client = new LspClient({ configuration: () => ({}), execArgv: ['--require', trap] });
after(() => client.kill());

test('an editing session through the server writes nothing, starts nothing, connects nowhere', async () => {
  const file = path.join(repoRoot, 'examples', 'sts-emptyDir.yaml');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  await client.initialize();
  await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const { diagnostics } = await client.waitForDiagnostics(uri, 1);
  assert.ok(diagnostics.length >= 2);
  const at = diagnostics[0].range;
  await client.request('textDocument/hover', { textDocument: { uri }, position: at.start });
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics } });
  assert.ok(actions.length > 0);
  const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
  await client.request('textDocument/codeAction', { textDocument: { uri }, range: all, context: { diagnostics: [] as Diagnostic[], only: ['source.fixAll'] } });
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('emptyDir: {}', 'emptyDir: {medium: Memory}') }] });
  await client.waitForDiagnostics(uri, 2);
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  assert.equal(await client.stop(), 0);
  const stderr = client.stderr.join('');
  // The trap works: it is loaded (its own check below) and reports what it sees.
  assert.doesNotMatch(stderr, /TRAP /, stderr);
});

test('the trap itself reports a write, so its silence above means something', () => {
  const run = spawnSync(process.execPath, ['--require', trap, '-e', "require('fs').writeFileSync('/dev/null', 'x'); require('child_process').spawnSync('true')"], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.match(run.stderr, /TRAP fs\.writeFileSync/);
  assert.match(run.stderr, /TRAP child_process\.spawnSync/);
});
