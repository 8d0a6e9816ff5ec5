// The server's copy of a document stays the editor's through incremental edits around lone CRs, CRLFs and LFs (LSP
// counts each of \r\n, \n and \r as one line break): its diagnostics match a fresh analysis of the final text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { FileAnalyser } from '../../server/src/service/analysis';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { example } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

const uri = 'file:///work/line-endings.yaml';

function expected(text: string): { code: unknown; range: Range }[] {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  return toDiagnostics(document, new FileAnalyser(uri).analyse(text), defaultSettings, '').map(({ code, range }) => ({ code, range }));
}

const summary = (diagnostics: Diagnostic[]) => diagnostics.map(({ code, range }) => ({ code, range }));

describe('incremental edits across line-ending kinds', () => {
  let client: LspClient;
  let version = 1;
  let text = example('sts-emptyDir.yaml').replace('\n', '\r');
  before(async () => {
    client = new LspClient();
    await client.initialize();
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    await client.waitForDiagnostics(uri, version);
  });
  after(() => client.kill());

  async function edit(range: Range, newText: string): Promise<Diagnostic[]> {
    version++;
    const document = TextDocument.create(uri, 'yaml', version - 1, text);
    text = TextDocument.applyEdits(document, [{ range, newText }]);
    await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    return (await client.waitForDiagnostics(uri, version)).diagnostics;
  }

  const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });

  test('an LF typed right after a lone CR joins them into one line break (the reproducer)', async () => {
    const diagnostics = await edit(at(1, 0), '\n');
    assert.ok(text.startsWith('apiVersion: apps/v1\r\nkind'));
    assert.deepEqual(summary(diagnostics), expected(text));
  });

  test('a later edit lands on the right line', async () => {
    const diagnostics = await edit({ start: { line: 27, character: 8 }, end: { line: 27, character: 16 } }, 'hostPath');
    assert.match(text.split(/\r\n|\r|\n/)[27], /^ {8}hostPath: \{\}$/);
    assert.deepEqual(summary(diagnostics), expected(text));
  });

  test('splitting a CRLF, deleting a CR, and typing CRs keep the two copies equal', async () => {
    assert.deepEqual(summary(await edit({ start: { line: 0, character: 19 }, end: { line: 0, character: 19 } }, '#')), expected(text));
    assert.deepEqual(summary(await edit({ start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, '# a\r')), expected(text));
    assert.deepEqual(summary(await edit({ start: { line: 2, character: 3 }, end: { line: 3, character: 0 } }, '')), expected(text));
  });
});
