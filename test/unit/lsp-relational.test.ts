// Relational findings through the server process: a finding that rests on another YAML document follows that
// document's edits (incremental didChange), and is never served from a stale cache.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { LspClient } from '../support/lspClient';

const uri = 'file:///work/relational.yaml';
const text = [
  'apiVersion: v1',
  'kind: PersistentVolumeClaim',
  'metadata: {name: data}',
  'spec:',
  '  accessModes: [ReadWriteOnce]',
  '  resources: {requests: {storage: 1Gi}}',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  replicas: 3',
  '  strategy: {type: Recreate}',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '      - {name: web, image: nginx, volumeMounts: [{name: files, mountPath: /srv}]}',
  '      volumes:',
  '      - name: files',
  '        persistentVolumeClaim: {claimName: data}',
  '',
].join('\n');

/** The `ReadWriteOnce` of line 5 (0-based 4), characters 16–29. */
const MODE = { start: { line: 4, character: 16 }, end: { line: 4, character: 29 } };

describe('relational findings over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.kill());

  const shared = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'rwo-claim-shared');

  async function edit(version: number, newText: string, range = MODE): Promise<Diagnostic[]> {
    await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    return (await client.waitForDiagnostics(uri, version)).diagnostics;
  }

  test('the Deployment is warned about its ReadWriteOnce claim in the other document', async () => {
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const [diagnostic, ...rest] = shared((await client.waitForDiagnostics(uri, 1)).diagnostics);
    assert.deepEqual(rest, []);
    assert.deepEqual(diagnostic.range, { start: { line: 21, character: 43 }, end: { line: 21, character: 47 } });
    assert.deepEqual(
      diagnostic.relatedInformation?.map((r) => r.location.range.start.line),
      [4, 11],
      'the claim access modes and the replicas',
    );
  });

  test('changing the claim to ReadWriteMany clears it; changing it back brings it back', async () => {
    assert.deepEqual(shared(await edit(2, 'ReadWriteMany')), []);
    const back = shared(await edit(3, 'ReadWriteOnce'));
    assert.equal(back.length, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: back[0].range,
      context: { diagnostics: back },
    });
    const replicas = actions.find((a) => a.title === 'Set replicas to 1');
    assert.deepEqual(replicas?.edit?.changes?.[uri], [
      { range: { start: { line: 11, character: 12 }, end: { line: 11, character: 13 } }, newText: '1' },
    ]);
  });

  test('an edit to the Deployment alone also re-joins: one replica, no finding', async () => {
    const replicas = { start: { line: 11, character: 12 }, end: { line: 11, character: 13 } };
    assert.deepEqual(shared(await edit(4, '1', replicas)), []);
    assert.equal(shared(await edit(5, '2', replicas)).length, 1);
  });

  test('the refactor menu on kind: Deployment offers the conversion, as a workspace edit of this file', async () => {
    const kind = { start: { line: 8, character: 8 }, end: { line: 8, character: 8 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: kind,
      context: { diagnostics: [], only: ['refactor'] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [["Convert Deployment 'web' to a StatefulSet (new, empty claims per replica replace 'data')", 'refactor.rewrite']]);
    const edits = actions[0].edit?.changes?.[uri] ?? [];
    assert.ok(edits.some((e) => e.newText === 'StatefulSet'), 'the kind');
    assert.ok(edits.some((e) => /kind: Service\n/.test(e.newText)), 'a headless Service document');
  });
});
