// The language server as the editor sees it: the bundle (server/out/server.js, built by `npm run build`) runs as
// a real child process and this test speaks JSON-RPC to it over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, Range, TextEdit } from 'vscode-languageserver-types';
import { prepareInSlices } from '../../server/src/lsp/slicedAnalysis';
import { ValidationQueue } from '../../server/src/lsp/validationQueue';
import { FileAnalyser } from '../../server/src/service/analysis';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/settings';
import { guard } from '../../server/src/lsp/guard';
import { corpusRoot } from '../support/fixtures';
import { LspClient, serverPath } from '../support/lspClient';

const seedPath = path.join(corpusRoot, 'seed', 'sts-emptyDir.yaml');
const seedText = fs.readFileSync(seedPath, 'utf8');
const seedUri = pathToFileURL(seedPath).href;

const PREFERRED = "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'";
const CONVERT = "Convert emptyDir 'empty-dir' to a volumeClaimTemplate";

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function open(client: LspClient, uri: string, text: string, version = 1): Promise<void> {
  return client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

function change(client: LspClient, uri: string, version: number, text: string): Promise<void> {
  return client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

function askActions(client: LspClient, uri: string, at: Range, diagnostics: Diagnostic[]): Promise<CodeAction[] | null> {
  return client.request('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics } });
}

function edits(action: CodeAction, uri: string): TextEdit[] {
  const list = action.edit?.changes?.[uri];
  assert.ok(list && list.length > 0, `'${action.title}' has edits for ${uri}`);
  return list;
}

test('the server bundle exists (run `npm run build` first)', () => {
  assert.ok(fs.existsSync(serverPath), `${serverPath} is missing`);
});

describe('seed story over stdio: diagnostics, hover, quick fix, re-analysis', () => {
  let client: LspClient;
  let emptyDir: Diagnostic;
  let actions: CodeAction[];
  let capabilities: Record<string, unknown>;

  before(async () => {
    client = new LspClient({
      configuration: (item) => (item.section === 'k8sPersistence' ? { defaultStorageRequest: '5Gi' } : null),
    });
    // As our VS Code client does: it runs the rule-documentation command itself.
    capabilities = (await client.initialize(undefined, { ruleDocumentationCommand: true })).capabilities;
  });
  after(() => client.kill());

  test('initialize announces incremental sync, hover, quick fixes and refactors', () => {
    assert.equal(capabilities.textDocumentSync, 2, 'incremental sync');
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.rewrite', 'source.fixAll.k8sPersistence'] });
  });

  test('didOpen publishes exactly the two seed diagnostics, for the opened version', async () => {
    await open(client, seedUri, seedText, 1);
    const published = await client.waitForDiagnostics(seedUri, 1);
    assert.equal(published.version, 1);
    const summary = published.diagnostics.map((d) => ({ code: d.code, range: d.range }));
    assert.deepEqual(summary, [
      // The `emptyDir` key of the pod volume `empty-dir` (1-based line 28).
      { code: 'statefulset-emptydir', range: range(27, 8, 16) },
      // `sts-test`, the name of the volumeClaimTemplate (1-based line 13).
      { code: 'unmounted-claim-template', range: range(12, 12, 20) },
    ]);
    for (const diagnostic of published.diagnostics) {
      assert.equal(diagnostic.source, 'k8s-persistence');
      assert.equal(diagnostic.severity, 2, `${diagnostic.code} is a warning`);
      const href = diagnostic.codeDescription?.href ?? '';
      assert.ok(href.endsWith(`docs/rules/${diagnostic.code}.md`), href);
      assert.ok(fs.existsSync(fileURLToPath(href)), `rule page ${href} exists`);
      assert.ok(diagnostic.relatedInformation && diagnostic.relatedInformation.length > 0, 'related information');
      for (const related of diagnostic.relatedInformation) assert.equal(related.location.uri, seedUri);
    }
    emptyDir = published.diagnostics[0];
    // The related mount is the volumeMount's `name: empty-dir` value (1-based line 37).
    assert.deepEqual(emptyDir.relatedInformation?.[0].location.range, range(36, 18, 27));
  });

  test('settings are pulled per document from the k8sPersistence section', () => {
    const items = client.configurationRequests.flatMap((r) => (r as { items: { scopeUri?: string; section?: string }[] }).items);
    assert.ok(items.some((item) => item.section === 'k8sPersistence' && item.scopeUri === seedUri), JSON.stringify(items));
  });

  test('the status notification counts the analysed document', async () => {
    const status = await client.waitFor(
      () => client.notifications.find((n) => n.method === 'k8sPersistence/status'),
      5_000,
      'k8sPersistence/status',
    );
    assert.deepEqual(status.params, { analysedDocuments: 1, skippedGoTemplates: 0, pendingSyntaxChecks: 0 });
  });

  test('hover on the emptyDir key explains it in markdown', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: seedUri },
      position: { line: 27, character: 10 },
    });
    assert.ok(hover, 'a hover');
    const contents = hover.contents as { kind?: string; value?: string };
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value ?? '', /emptyDir/);
  });

  test('codeAction offers the preferred mount fix and a convert fix using the configured 5Gi', async () => {
    const result = await askActions(client, seedUri, emptyDir.range, [emptyDir]);
    assert.ok(Array.isArray(result));
    actions = result;
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(preferred.map((a) => a.title), [PREFERRED]);
    assert.equal(preferred[0].kind, 'quickfix');
    assert.equal(preferred[0].diagnostics?.[0]?.code, 'statefulset-emptydir');
    const convert = actions.find((a) => a.title === CONVERT);
    assert.ok(convert, 'convert fix offered');
    assert.ok(edits(convert, seedUri).some((e) => /storage: 5Gi\n/.test(e.newText)), 'storage request from settings');
    const docs = actions.find((a) => a.command?.command === 'k8sPersistence.showRuleDocumentation');
    assert.deepEqual(docs?.command?.arguments, ['statefulset-emptydir']);
  });

  test('applying the preferred fix clears the diagnostics of the new version; the fix is not offered again', async () => {
    const preferred = actions.find((a) => a.title === PREFERRED)!;
    const fixed = TextDocument.applyEdits(TextDocument.create(seedUri, 'yaml', 1, seedText), edits(preferred, seedUri));
    assert.notEqual(fixed, seedText);
    assert.match(fixed, /mountPath: \/test\n\s+name: sts-test\s*$/);
    assert.doesNotMatch(fixed, /emptyDir/);
    await change(client, seedUri, 2, fixed);
    const published = await client.waitForDiagnostics(seedUri, 2);
    assert.deepEqual(published.diagnostics, []);
    const again = await askActions(client, seedUri, emptyDir.range, [emptyDir]);
    assert.deepEqual(again, []);
  });

  test('an incremental edit that breaks the YAML yields one yaml-syntax diagnostic', async () => {
    // Open a flow sequence that never closes: `kind: [StatefulSet`.
    await client.notify('textDocument/didChange', {
      textDocument: { uri: seedUri, version: 3 },
      contentChanges: [{ range: range(1, 6, 6), text: '[' }],
    });
    const published = await client.waitForDiagnostics(seedUri, 3);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['yaml-syntax']);
    assert.equal(published.diagnostics[0].severity, 1);
  });

  test('Helm templates and docker-compose files get no diagnostics', async () => {
    const helmUri = 'file:///virtual/chart/templates/statefulset.yaml';
    const helm = seedText.replace('replicas: 1', 'replicas: {{ .Values.replicas }}');
    const composeUri = 'file:///virtual/docker-compose.yaml';
    const compose = 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - data:/var/lib/postgresql/data\nvolumes:\n  data: {}\n';
    await open(client, helmUri, helm, 7);
    await open(client, composeUri, compose, 4);
    assert.deepEqual((await client.waitForDiagnostics(helmUri, 7)).diagnostics, []);
    assert.deepEqual((await client.waitForDiagnostics(composeUri, 4)).diagnostics, []);
    // The status says the template was skipped: silence there is not a clean bill of health.
    await client.waitFor(
      () => client.notifications.find((n) => n.method === 'k8sPersistence/status' && (n.params as { skippedGoTemplates: number }).skippedGoTemplates === 1),
      5_000,
      'a status counting the skipped template',
    );
  });

  test('out-of-range positions and unknown documents answer null / [] and the server keeps running', async () => {
    const far = { line: 10_000, character: 500 };
    const hover = (uri: string, position: object) =>
      client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.equal(await hover(seedUri, far), null);
    assert.equal(await hover(seedUri, { line: 0, character: 10_000 }), null);
    assert.equal(await hover('file:///nowhere.yaml', { line: 0, character: 0 }), null);
    assert.deepEqual(await askActions(client, seedUri, { start: far, end: far }, []), []);
    assert.deepEqual(await askActions(client, 'file:///nowhere.yaml', range(0, 0, 1), []), []);
    // Still alive: it answers, and the analysis follows a new version.
    assert.equal(client.process.exitCode, null);
    await change(client, seedUri, 4, seedText);
    assert.equal((await client.waitForDiagnostics(seedUri, 4)).diagnostics.length, 2);
  });

  test('didClose clears the document\'s diagnostics', async () => {
    const before = client.published.length;
    await client.notify('textDocument/didClose', { textDocument: { uri: seedUri } });
    const cleared = await client.waitFor(
      () => client.published.slice(before).find((p) => p.uri === seedUri),
      5_000,
      'diagnostics after close',
    );
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: seedUri }, position: { line: 27, character: 10 } }), null);
  });
});

test('without the ruleDocumentationCommand option (Neovim, Helix), no code action carries a command', async (t) => {
  for (const initializationOptions of [undefined, {}, { ruleDocumentationCommand: 'yes' }]) {
    const client = new LspClient({ configuration: () => ({}) });
    t.after(() => client.kill());
    await client.initialize(undefined, initializationOptions);
    await open(client, seedUri, seedText, 1);
    const { diagnostics } = await client.waitForDiagnostics(seedUri, 1);
    assert.equal(diagnostics.length, 2);
    for (const diagnostic of diagnostics) {
      const actions = (await askActions(client, seedUri, diagnostic.range, [diagnostic])) ?? [];
      const what = `${JSON.stringify(initializationOptions)}, ${diagnostic.code}`;
      assert.ok(actions.some((a) => a.title.startsWith('Disable ')), `still offers its edits (${what})`);
      assert.deepEqual(actions.filter((a) => a.command !== undefined).map((a) => a.title), [], what);
    }
    client.kill();
  }
});

test('a version superseded while settings were being fetched is never published', async (t) => {
  const client = new LspClient({ configuration: () => ({}) });
  t.after(() => client.kill());
  await client.initialize();
  // Both messages are in the pipe before the server's configuration request can be answered.
  await open(client, seedUri, seedText, 1);
  await change(client, seedUri, 2, seedText.replace('emptyDir: {}', 'emptyDir: {medium: Memory}'));
  const published = await client.waitForDiagnostics(seedUri, 2);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['unmounted-claim-template']);
  assert.deepEqual(client.published.filter((p) => p.uri === seedUri).map((p) => p.version), [2]);
});

test('a burst of edits ends with the diagnostics of the last version, never an older one after it', async (t) => {
  const client = new LspClient({ configuration: () => ({}) });
  t.after(() => client.kill());
  await client.initialize();
  await open(client, seedUri, seedText, 1);
  await client.waitForDiagnostics(seedUri, 1);
  // Versions 2..6 alternate between the broken seed and the mount-fixed one; 6 is the broken seed again.
  const fixed = seedText.replace('name: empty-dir\n', 'name: sts-test\n').replace(/ {6}volumes:\n.*\n.*\n/, '');
  assert.notEqual(fixed, seedText);
  for (let version = 2; version <= 6; version++) await change(client, seedUri, version, version % 2 === 0 ? seedText : fixed);
  const last = await client.waitForDiagnostics(seedUri, 6);
  assert.equal(last.diagnostics.length, 2);
  const versions = client.published.filter((p) => p.uri === seedUri).map((p) => p.version ?? -1);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published in order: ${versions}`);
  assert.equal(versions.at(-1), 6);
});

test('ValidationQueue: starts at once when idle, runs once more (not once per request) for requests during a run', async () => {
  const ran: string[] = [];
  const gates: (() => void)[] = [];
  let requests = 0;
  const queue = new ValidationQueue(async (key) => {
    ran.push(`${key}${++requests}`);
    await new Promise<void>((resolve) => gates.push(resolve));
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  queue.request('a');
  await settle();
  assert.deepEqual(ran, ['a1'], 'an idle key is validated on the next turn, without a delay');
  // Three edits while 'a' runs: one more run, after this one; another key runs alongside.
  queue.request('a');
  queue.request('a');
  queue.request('a');
  queue.request('b');
  await settle();
  assert.deepEqual(ran, ['a1', 'b2']);
  gates.shift()!();
  await settle();
  assert.deepEqual(ran, ['a1', 'b2', 'a3']);
  gates.shift()!();
  gates.shift()!();
  await settle();
  assert.deepEqual(ran, ['a1', 'b2', 'a3'], 'nothing is left to run');
  // A key cancelled while it runs (its document closed) does not run again.
  queue.request('c');
  await settle();
  queue.request('c');
  queue.cancel('c');
  gates.shift()!();
  await settle();
  assert.deepEqual(ran, ['a1', 'b2', 'a3', 'c4']);
});

test('prepareInSlices: analyses document by document, and stops at a pause once the text is out of date', async () => {
  // 40 documents of 2,000 keys each: far more than one slice of work.
  const data = Array.from({ length: 2_000 }, (_, k) => `  k${k}: v${k}\n`).join('');
  const text = Array.from({ length: 40 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec:\n${data}`).join('---\n');
  const document = TextDocument.create('file:///many.yaml', 'yaml', 1, text);
  const analyser = new FileAnalyser();
  let asked = 0;
  // Out of date from the first pause on: the rest of the file is left for the next version.
  const prepared = await prepareInSlices(analyser, document, DEFAULT_MAX_FILE_SIZE, () => ++asked === 0);
  assert.equal(prepared, false);
  assert.equal(asked, 1, 'one pause, then it stopped');
  const left = [...analyser.prepare(text)].length;
  assert.ok(left > 0 && left < 40, `it stopped part way (${left} of 40 documents left)`);
  const spy = new FileAnalyser();
  assert.equal(await prepareInSlices(spy, document, DEFAULT_MAX_FILE_SIZE, () => true), true);
  assert.equal([...spy.prepare(text)].length, 0, 'once prepared, no document is left to analyse');
  assert.equal([...new FileAnalyser().prepare(text)].length, 40, 'a step per document');
  assert.equal([...new FileAnalyser().prepare(text, 1000)].length, 0, 'a file over the budget is not analysed at all');
});

test('without workspace/configuration, settings come from didChangeConfiguration', async (t) => {
  const client = new LspClient();
  t.after(() => client.kill());
  await client.initialize({});
  await open(client, seedUri, seedText, 1);
  const first = await client.waitForDiagnostics(seedUri, 1);
  assert.equal(first.diagnostics.length, 2);
  const convertRequest = async () => {
    const actions = (await askActions(client, seedUri, first.diagnostics[0].range, [first.diagnostics[0]])) ?? [];
    const convert = actions.find((a) => a.title === CONVERT);
    assert.ok(convert);
    return edits(convert, seedUri).map((e) => e.newText).join('');
  };
  assert.match(await convertRequest(), /storage: 1Gi\n/, 'default storage request');
  const before = client.published.length;
  await client.notify('workspace/didChangeConfiguration', {
    settings: { k8sPersistence: { defaultStorageRequest: '3Gi', rules: { 'unmounted-claim-template': 'off' } } },
  });
  // The open document is re-validated under the new settings.
  const again = await client.waitFor(
    () => client.published.slice(before).find((p) => p.uri === seedUri),
    5_000,
    're-validation after didChangeConfiguration',
  );
  assert.deepEqual(again.diagnostics.map((d) => d.code), ['statefulset-emptydir']);
  assert.match(await convertRequest(), /storage: 3Gi\n/);
  assert.equal(client.configurationRequests.length, 0);
});

test('shutdown then exit ends the process with code 0', async (t) => {
  const client = new LspClient();
  t.after(() => client.kill());
  await client.initialize();
  assert.equal(await client.stop(), 0);
});

test('guard: an exception in a handler is logged and answered with the empty result', () => {
  const logged: string[] = [];
  const failing = guard({ error: (m) => logged.push(m) }, 'Hover', null, (n: number): string | null => {
    if (n < 0) throw new Error('core bug');
    return String(n);
  });
  assert.equal(failing(1), '1');
  assert.deepEqual(logged, []);
  assert.equal(failing(-1), null);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^Hover failed: Error: core bug/);
});
