// Documents no rule reads (a ConfigMap, a CRD) are syntax-checked off the server's main thread (issue "Keystroke-fast"):
// the diagnostics of the other documents are published first, the check's error follows, and the status says when
// no check is pending. Through the bundled server process, against a fresh analysis in this process.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { FileAnalyser } from '../../server/src/service/analysis';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { LspClient } from '../support/lspClient';
import { workload } from '../support/workloads';

const statefulSet = workload(
  'StatefulSet',
  'containers:\n- name: db\n  image: busybox:1.36\n  volumeMounts:\n  - {name: scratch, mountPath: /data}\nvolumes:\n- name: scratch\n  emptyDir: {}\n',
);
const brokenConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  key: [unclosed
`;
const text = `${statefulSet}---\n${brokenConfigMap}`;
const uri = 'file:///deferred.yaml';
const client = new LspClient({ configuration: () => ({}) });
after(() => client.kill());

const statuses = () => client.notifications.filter((n) => n.method === 'k8sPersistence/status').map((n) => n.params as { pendingSyntaxChecks: number });

test('the other documents are published before the ConfigMap is checked; its error follows, as a fresh analysis has it', async () => {
  await client.initialize();
  await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const first = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(first.diagnostics.map((d) => d.code), ['statefulset-emptydir']);
  const settled = await client.waitForSettledDiagnostics(uri, 1);
  const expected = toDiagnostics(TextDocument.create(uri, 'yaml', 1, text), new FileAnalyser(uri).analyse(text), defaultSettings, '');
  const syntax = (list: Diagnostic[]) => list.filter((d) => d.code === 'yaml-syntax').map((d) => [d.range, d.message]);
  assert.equal(syntax(expected).length, 1);
  assert.deepEqual(syntax(settled.diagnostics), syntax(expected));
  assert.equal(statuses()[0].pendingSyntaxChecks, 1, 'the first status was sent while the check was pending');
  assert.equal(statuses().at(-1)!.pendingSyntaxChecks, 0);
});

test('fixing the ConfigMap clears its error at once; editing the StatefulSet does not check the ConfigMap again', async () => {
  const fixed = text.replace('[unclosed', '[closed]');
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const published = await client.waitForDiagnostics(uri, 2);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['statefulset-emptydir']);
  await client.waitForSettledDiagnostics(uri, 2);
  const before = statuses().length;
  const edited = fixed.replace('name: db\nspec', 'name: db2\nspec');
  await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: edited }] });
  await client.waitForSettledDiagnostics(uri, 3);
  assert.deepEqual(statuses().slice(before).map((s) => s.pendingSyntaxChecks), [0], 'no check was asked for');
});

test('a file closed while a request waits, and opened again with other text, gets the new text\'s diagnostics', async () => {
  let slow = false;
  const reopening = new LspClient({
    configuration: () => (slow ? new Promise((resolve) => setTimeout(() => resolve({}), 300)) : {}),
  });
  try {
    await reopening.initialize();
    const at = 'file:///reopened.yaml';
    await reopening.notify('textDocument/didOpen', { textDocument: { uri: at, languageId: 'yaml', version: 1, text: statefulSet } });
    assert.deepEqual((await reopening.waitForSettledDiagnostics(at, 1)).diagnostics.map((d) => d.code), ['statefulset-emptydir']);
    // Settings that take 300 ms to arrive hold the revalidation and the hover across the close and the reopen.
    slow = true;
    await reopening.notify('workspace/didChangeConfiguration', { settings: {} });
    const hovered = reopening.request('textDocument/hover', { textDocument: { uri: at }, position: TextDocument.create(at, 'yaml', 1, statefulSet).positionAt(statefulSet.indexOf('emptyDir')) });
    await reopening.notify('textDocument/didClose', { textDocument: { uri: at } });
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    await reopening.notify('textDocument/didOpen', { textDocument: { uri: at, languageId: 'yaml', version: 1, text: configMap } });
    await hovered;
    await reopening.waitForSettledDiagnostics(at, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const last = reopening.published.filter((p) => p.uri === at).at(-1)!;
    assert.deepEqual(last.diagnostics, [], 'the ConfigMap has nothing to report');
  } finally {
    reopening.kill();
  }
});
