// Quick fixes, recomputed from the current text for each request: nothing about an earlier version is trusted,
// so a fix that was applied (or a diagnostic that went stale) offers nothing.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { ignoreOnObject } from '../fixes/ignoreAnnotation';
import type { Span } from '../yaml/span';
import type { Settings } from '../settings';
import { DIRECTIVE_PREFIX } from '../yaml/suppressions';
import { FileAnalysis, isSafeFix } from './analysis';
import { SOURCE, toDiagnostic, unusedSuppressionDiagnostic } from './diagnostics';
import { fixAll, lineChanges } from './fixAll';
import { rangeOf, sameRange } from './positions';
import { refactors } from './refactors';
import { workspaceEdit } from './workspaceEdit';

export const SHOW_RULE_DOCUMENTATION = 'k8sPersistence.showRuleDocumentation';
export const REMOVE_UNUSED_SUPPRESSION = 'Remove unused suppression';
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
  const wants = (kind: string) => !only || only.some((wanted) => matches(kind, wanted));
  const actions: CodeAction[] = [];
  if (only?.some((wanted) => matches(FIX_ALL, wanted))) {
    const fixAll = fixAllAction(document, file, settings);
    if (fixAll) actions.push(fixAll);
  }
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(document, file, { range, diagnostics: requested }, { settings, docsUri, ruleDocumentationCommand }));
  if (wants(CodeActionKind.RefactorRewrite)) {
    // A refactor that makes the very edits of a quick fix on offer would be the same action twice.
    const offered = new Set(actions.map((action) => JSON.stringify(action.edit)));
    actions.push(...refactors(document, file, range, settings).filter((action) => !offered.has(JSON.stringify(action.edit))));
  }
  return actions;
}

function quickFixes(
  document: TextDocument,
  file: FileAnalysis,
  { range, diagnostics: requested }: Omit<CodeActionRequest, 'only'>,
  { settings, docsUri, ruleDocumentationCommand = false }: CodeActionOptions,
): CodeAction[] {
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
    const ignore = ignoreOnObject(finding.subject, finding.ruleId);
    const ignoreFix = ignore && { title: '', preferred: false, changes: [ignore] };
    const objectEdit = ignoreFix && isSafeFix(file, finding.subject.object, ignoreFix) ? workspaceEdit(document, ignoreFix) : undefined;
    if (objectEdit) {
      const name = finding.subject.object.name ?? finding.subject.object.kind;
      actions.push({ title: `Disable ${finding.ruleId} for ${finding.subject.object.kind} '${name}'`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: objectEdit });
    }
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
  for (const unused of file.unusedSuppressions) {
    const diagnostic = unusedSuppressionDiagnostic(document, unused);
    if (!unused.whole || !overlaps(diagnostic.range, range) || !wasRequested(diagnostic, requested)) continue;
    actions.push({
      title: REMOVE_UNUSED_SUPPRESSION,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [document.uri]: [removeComment(document, unused.span)] } },
    });
  }
  return actions;
}

/** Deletes a comment: its whole line when it stands alone there, else the comment and the blanks before it. */
export function removeComment(document: TextDocument, span: Span): TextEdit {
  const text = document.getText();
  const position = document.positionAt(span.start);
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  let start = span.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start === lineStart) {
    // The whole line, its line break (CR, LF or CRLF) included; the last line has none.
    const end = position.line + 1 < document.lineCount ? document.offsetAt({ line: position.line + 1, character: 0 }) : text.length;
    return { range: rangeOf(document, { start: lineStart, end }), newText: '' };
  }
  return { range: rangeOf(document, { start, end: span.end }), newText: '' };
}

/** Whether an action of `kind` passes the filter `wanted`: kinds are dotted hierarchies (`source.fixAll.x`). */
function matches(kind: string, wanted: string): boolean {
  return kind === wanted || kind.startsWith(`${wanted}.`);
}

/** Every preferred fix, as `fix` in the CLI applies them, as line edits of the current text. */
function fixAllAction(document: TextDocument, file: FileAnalysis, settings: Settings): CodeAction | undefined {
  const before = document.getText();
  const { output, applied } = fixAll(before, settings, document.uri, file);
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
const NEXT_LINE_DIRECTIVE = new RegExp(
  // Ids are parted by a comma or blanks, never by nothing: an empty separator would let the regex cut one id in
  // exponentially many ways before the lookahead fails (a directive ending in a comma hung the server).
  `^([ \\t]*#[ \\t]*${DIRECTIVE_PREFIX}-next-line[ \\t]+[a-z][a-z0-9-]*(?:(?:[ \\t]*,[ \\t]*|[ \\t]+)[a-z][a-z0-9-]*)*)` +
    // Only a directive that ends there, or with its reason: one with other text after its ids is not extended.
    '(?=[ \\t]*(?:--.*)?$)',
);

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
