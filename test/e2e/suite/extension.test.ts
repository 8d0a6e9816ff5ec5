// The extension in desktop VS Code, through VS Code's own API: diagnostics, quick fix, hover, snippet, commands,
// crash restart. Fixtures: a temporary copy of test/e2e/workspace (see ../runTest.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, open, ourDiagnostics, poll, rangeOf, workspaceFile } from './helper';

const SEED = 'sts-emptyDir.yaml';

suite('k8s-persistence in VS Code', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await open(SEED);
    await poll('the extension to activate', () => (ext.isActive ? true : undefined));
  });

  test('the seed StatefulSet gets exactly its two diagnostics, with their ranges', async () => {
    const uri = workspaceFile(SEED);
    const diagnostics = await ourDiagnostics(uri, 2);
    const byCode = new Map(diagnostics.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d]));
    const emptyDir = byCode.get('statefulset-emptydir');
    const unmounted = byCode.get('unmounted-claim-template');
    assert.ok(emptyDir && unmounted, JSON.stringify(diagnostics));
    assert.deepEqual(rangeOf(emptyDir), [27, 8, 27, 16]); // `emptyDir` of volume `empty-dir`
    assert.deepEqual(rangeOf(unmounted), [12, 12, 12, 20]); // the claim template's name `sts-test`
    assert.equal(emptyDir.severity, vscode.DiagnosticSeverity.Warning);
    const code = emptyDir.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/statefulset-emptydir\.md$/);
  });

  test('a hover on the emptyDir key explains that its files go with the Pod', async () => {
    const uri = workspaceFile(SEED);
    await ourDiagnostics(uri, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(27, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /emptyDir/);
    assert.match(text, /Pod/);
    assert.match(text, /deleted/);
  });

  test('"Show documentation for <rule>" is offered and its command opens the rule page', async () => {
    const uri = workspaceFile(SEED);
    const [diagnostic] = (await ourDiagnostics(uri, 2)).filter((d) => rangeOf(d)[0] === 27);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const docs = actions.find((a) => a.title === 'Show documentation for statefulset-emptydir');
    assert.ok(docs?.command, actions.map((a) => a.title).join('\n'));
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    await poll('the rule page in a tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.includes('statefulset-emptydir.md')) ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(SEED);
  });

  test('the preferred quick fix mounts the claim template instead of the emptyDir', async () => {
    const editor = await open(SEED);
    const uri = editor.document.uri;
    const before = editor.document.getText();
    const [diagnostic] = (await ourDiagnostics(uri, 2)).filter((d) => rangeOf(d)[0] === 27);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.equal(fix?.title, "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'");
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    const expected = before
      .replace('      volumes:\n      - name: empty-dir\n        emptyDir: {}\n', '')
      .replace(/name: empty-dir$/, 'name: sts-test');
    assert.equal(editor.document.getText(), expected);
    await ourDiagnostics(uri, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the k8s-statefulset snippet is offered in YAML and expands', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'k8s-statefulset' });
    const editor = await vscode.window.showTextDocument(doc);
    const end = new vscode.Position(0, 'k8s-statefulset'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, end);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'k8s-statefulset');
    assert.ok(item && item.kind === vscode.CompletionItemKind.Snippet, list.items.map((i) => JSON.stringify(i.label)).join('\n'));
    const body = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText));
    assert.ok(await editor.insertSnippet(body, new vscode.Range(0, 0, 0, end.character)));
    const text = doc.getText();
    assert.match(text, /^apiVersion: apps\/v1$/m);
    assert.match(text, /kind: StatefulSet/);
    assert.match(text, /volumeClaimTemplates:/);
    await ourDiagnostics(doc.uri, 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Restart Server restarts, and a killed server is restarted by the client', async () => {
    const uri = workspaceFile(SEED);
    await open(SEED);
    await ourDiagnostics(uri, 2);
    await vscode.commands.executeCommand('k8sPersistence.restartServer');
    await ourDiagnostics(uri, 2, 60_000);
    const pid = serverPid();
    process.kill(pid, 'SIGKILL');
    const restarted = await poll('a new language server process', () => {
      const next = serverPids();
      return next.length === 1 && next[0] !== pid ? next[0] : undefined;
    }, 60_000);
    assert.notEqual(restarted, pid);
    const hovers = await poll('a hover from the new server', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(27, 10));
      return h.length > 0 ? h : undefined;
    }, 60_000);
    assert.ok(hovers.length > 0);
  });
});

/** The language server runs as a child of this extension host, from this extension's folder. */
function serverPids(): number[] {
  const script = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'server', 'out', 'server.js').fsPath;
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(script);
      } catch {
        return false;
      }
    })
    .map(Number);
}
function serverPid(): number {
  const pids = serverPids();
  assert.equal(pids.length, 1, `one language server process (found ${pids.join(', ') || 'none'}; Linux only)`);
  return pids[0];
}
