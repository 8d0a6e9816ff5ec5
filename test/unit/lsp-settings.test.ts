// Settings for editors other than VS Code: `initializationOptions.k8sPersistence` (Neovim's init_options, Helix's
// config, eglot's :initializationOptions) when the client has no workspace/configuration or answers it with
// nothing for our section; an answer for the section wins; a push without the section keeps them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { corpusRoot } from '../support/fixtures';
import { LspClient, LspClientOptions } from '../support/lspClient';

const seedPath = path.join(corpusRoot, 'seed', 'sts-emptyDir.yaml');
const seedText = fs.readFileSync(seedPath, 'utf8');
const seedUri = pathToFileURL(seedPath).href;
const emptyDirOff = { k8sPersistence: { rules: { 'statefulset-emptydir': 'off' } } };

async function codesWith(
  t: { after(fn: () => void): void },
  options: LspClientOptions,
  capabilities: object,
  initializationOptions: unknown,
  before?: (client: LspClient) => Promise<void>,
): Promise<{ codes: unknown[]; client: LspClient }> {
  const client = new LspClient(options);
  t.after(() => client.kill());
  await client.initialize(capabilities, initializationOptions);
  await before?.(client);
  await client.notify('textDocument/didOpen', { textDocument: { uri: seedUri, languageId: 'yaml', version: 1, text: seedText } });
  const { diagnostics } = await client.waitForDiagnostics(seedUri, 1);
  return { codes: diagnostics.map((d) => d.code).sort(), client };
}

test('initializationOptions give the settings to a client without workspace/configuration', async (t) => {
  const { codes, client } = await codesWith(t, {}, {}, emptyDirOff);
  assert.deepEqual(codes, ['unmounted-claim-template']);
  const emptyDirActions = (c: LspClient) =>
    c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: seedUri },
      range: { start: { line: 27, character: 8 }, end: { line: 27, character: 16 } },
      context: { diagnostics: [] },
    });
  assert.deepEqual(await emptyDirActions(client), [], 'a rule that is off offers no fix');
  // The storage request reaches the fixes.
  const sized = (await codesWith(t, {}, {}, { k8sPersistence: { defaultStorageRequest: '7Gi' } })).client;
  const convert = (await emptyDirActions(sized)).find((a) => a.title === "Convert emptyDir 'empty-dir' to a volumeClaimTemplate");
  assert.match(JSON.stringify(convert?.edit), /storage: 7Gi/);
  assert.equal((await codesWith(t, {}, {}, undefined)).codes.length, 2, 'without them, the defaults');
});

test('...and to one that answers workspace/configuration with null for our section (Neovim without settings)', async (t) => {
  const { codes, client } = await codesWith(t, { configuration: () => null }, { workspace: { configuration: true } }, emptyDirOff);
  assert.deepEqual(codes, ['unmounted-claim-template']);
  assert.ok(client.configurationRequests.length > 0, 'the server asked');
});

test("the client's answer for the section wins over initializationOptions", async (t) => {
  const answer = (item: { section?: string }) => (item.section === 'k8sPersistence' ? { rules: { 'unmounted-claim-template': 'off' } } : null);
  const { codes } = await codesWith(t, { configuration: answer }, { workspace: { configuration: true } }, emptyDirOff);
  assert.deepEqual(codes, ['statefulset-emptydir']);
});

test('a didChangeConfiguration push without our section keeps the initializationOptions; one with it replaces them', async (t) => {
  const pushEmpty = (client: LspClient) => client.notify('workspace/didChangeConfiguration', { settings: {} });
  assert.deepEqual((await codesWith(t, {}, {}, emptyDirOff, pushEmpty)).codes, ['unmounted-claim-template']);
  const pushOurs = (client: LspClient) =>
    client.notify('workspace/didChangeConfiguration', { settings: { k8sPersistence: { rules: { 'unmounted-claim-template': 'off' } } } });
  assert.deepEqual((await codesWith(t, {}, {}, emptyDirOff, pushOurs)).codes, ['statefulset-emptydir']);
});
