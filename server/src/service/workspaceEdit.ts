// A core fix as an LSP WorkspaceEdit.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix } from '../fixes/fix';
import { rangeOf } from './positions';

/**
 * A fix as LSP edits, or undefined when it changes a file other than this document: those files' texts reach the
 * server with the workspace index.
 */
export function workspaceEdit(document: TextDocument, fix: Fix): WorkspaceEdit | undefined {
  const edits: TextEdit[] = [];
  for (const change of fix.changes) {
    if (change.uri !== document.uri) return undefined;
    edits.push({ range: rangeOf(document, change), newText: change.text });
  }
  return { changes: { [document.uri]: edits } };
}
