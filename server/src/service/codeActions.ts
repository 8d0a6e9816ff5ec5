// Quick fixes, recomputed from the current text for each request: nothing about an earlier version is trusted,
// so a fix that was applied (or a diagnostic that went stale) offers nothing.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fix } from '../fixes/fix';
import type { Settings } from '../settings';
import { DIRECTIVE_PREFIX } from '../yaml/suppressions';
import type { FileAnalysis } from './analysis';
import { SOURCE, toDiagnostic } from './diagnostics';
import { fixAll, lineChanges } from './fixAll';
import { rangeOf, sameRange } from './positions';

export const SHOW_RULE_DOCUMENTATION = 'k8sPersistence.showRuleDocumentation';
/** Our kind of `source.fixAll`, for `editor.codeActionsOnSave`. */
export const FIX_ALL = `${CodeActionKind.SourceFixAll}.k8sPersistence`;

/** What a client asks for: LSP's `CodeActionParams` in the terms the core needs. */
export interface CodeActionRequest {
  readonly range: Range;
  /** The diagnostics under the cursor, as the client has them. */
  readonly diagnostics: readonly Diagnostic[];
  /** The client's filter of action kinds (`CodeActionContext.only`); quick fixes when absent. */
  readonly only?: readonly string[];
}

export interface CodeActionOptions {
  readonly settings: Settings;
  /** The folder of the rule pages, as a URI ending in `/`. */
  readonly docsUri: string;
  /** The client runs `k8sPersistence.showRuleDocumentation` itself (our VS Code client says so at initialize). */
  readonly ruleDocumentationCommand?: boolean;
}

export function codeActions(
  document: TextDocument,
  file: FileAnalysis,
  { range, diagnostics: requested, only }: CodeActionRequest,
  { settings, docsUri, ruleDocumentationCommand = false }: CodeActionOptions,
): CodeAction[] {
  if (only && !only.some((kind) => matches(CodeActionKind.QuickFix, kind))) {
    const fixAll = only.some((kind) => matches(FIX_ALL, kind)) ? fixAllAction(document, settings) : undefined;
    return fixAll ? [fixAll] : [];
  }
  const actions: CodeAction[] = [];
  const documented = new Set<string>();
  for (const finding of file.findings) {
    const diagnostic = toDiagnostic(document, finding, settings, docsUri);
    if (!diagnostic || !overlaps(diagnostic.range, range) || !wasRequested(diagnostic, requested)) continue;
    for (const fix of finding.fixes(settings)) {
      const edit = workspaceEdit(document, fix);
      if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit });
    }
    actions.push(disableForLine(document, diagnostic, finding.ruleId));
    if (ruleDocumentationCommand && !documented.has(finding.ruleId)) {
      documented.add(finding.ruleId);
      actions.push({
        title: `Show documentation for ${finding.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${finding.ruleId}`, command: SHOW_RULE_DOCUMENTATION, arguments: [finding.ruleId] },
      });
    }
  }
  return actions;
}

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

/** Whether an action of `kind` passes the filter `wanted`: kinds are dotted hierarchies (`source.fixAll.x`). */
function matches(kind: string, wanted: string): boolean {
  return kind === wanted || kind.startsWith(`${wanted}.`);
}

/** Every preferred fix, as `fix` in the CLI applies them, as line edits of the current text. */
function fixAllAction(document: TextDocument, settings: Settings): CodeAction | undefined {
  const before = document.getText();
  const { output, applied } = fixAll(before, settings, document.uri);
  if (applied.length === 0) return undefined;
  const edits = lineChanges(before, output).map((change) => ({ range: rangeOf(document, change), newText: change.text }));
  return { title: `Fix all k8s-persistence problems (${applied.length})`, kind: FIX_ALL, edit: { changes: { [document.uri]: edits } } };
}

/** Inserts `# k8s-persistence-disable-next-line <id>` above the diagnostic's line, at that line's indentation. */
function disableForLine(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const line = diagnostic.range.start.line;
  const lineText = (n: number) => document.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } });
  const text = lineText(line);
  // A directive for this line already stands above it (another rule was disabled there): add this rule to it.
  const above = line > 0 ? NEXT_LINE_DIRECTIVE.exec(lineText(line - 1).replace(/\r?\n$/, '')) : null;
  const edit = above
    ? { range: { start: { line: line - 1, character: above[1].length }, end: { line: line - 1, character: above[1].length } }, newText: `, ${ruleId}` }
    : {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${/^[ \t]*/.exec(text)![0]}# ${DIRECTIVE_PREFIX}-next-line ${ruleId}${text.endsWith('\r\n') ? '\r\n' : '\n'}`,
      };
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [edit] } },
  };
}

/** `# k8s-persistence-disable-next-line a, b -- why`: group 1 runs up to the end of the last rule id. */
const NEXT_LINE_DIRECTIVE = new RegExp(`^([ \\t]*#[ \\t]*${DIRECTIVE_PREFIX}-next-line[ \\t]+[a-z][a-z0-9-]*(?:[ \\t]*,?[ \\t]*[a-z][a-z0-9-]*)*)`);

/** Clients send the diagnostics under the cursor; with none, every finding in the range is fair game. */
function wasRequested(diagnostic: Diagnostic, requested: readonly Diagnostic[]): boolean {
  const ours = requested.filter((d) => d.source === SOURCE);
  return ours.length === 0 || ours.some((d) => d.code === diagnostic.code && sameRange(d.range, diagnostic.range));
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
