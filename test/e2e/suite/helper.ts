// Helpers for tests that run inside VS Code's extension host: they poll VS Code's state, never sleep blindly.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'k8s-persistence.k8s-persistence';

export async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

/** Our diagnostics for a document, once there are `count` of them. */
export function ourDiagnostics(uri: vscode.Uri, count: number, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return poll(`${count} k8s-persistence diagnostics on ${uri.path}`, () => {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'k8s-persistence');
    return ours.length === count ? ours : undefined;
  }, timeoutMs);
}

export function rangeOf(d: vscode.Diagnostic): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}
