// A file's findings as every report shows them: the CLI's formats (text, JSON, SARIF, GitHub, GitLab) read this,
// and the editor gets the same data as diagnostics and code actions. Built from those very diagnostics, so the
// rule id, severity, message, ranges and docs link cannot differ between the CLI and the editor.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { Severity } from '../rules/types';
import type { Settings } from '../settings';
import type { FileAnalysis } from './analysis';
import { REMOVE_UNUSED_SUPPRESSION, removeComment } from './codeActions';
import { documentDiagnostics, SEVERITIES, toDiagnostic, unusedSuppressionDiagnostic } from './diagnostics';
import { workspaceEdit } from './workspaceEdit';

/** One reported problem. Ranges are LSP's: 0-based lines, UTF-16 code-unit columns, end exclusive. */
export interface Result {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** Other places the message speaks of, in the same file. */
  readonly related: readonly { readonly range: Range; readonly message: string }[];
  /** The rule's page; problems that no rule reports (`yaml-syntax`, `unused-suppression`…) have none. */
  readonly docsUri?: string;
  /** The fix the editor marks preferred and `fix` applies, as edits of this file. */
  readonly fix?: { readonly title: string; readonly edits: readonly TextEdit[] };
}

const SEVERITY_WORDS = new Map(Object.entries(SEVERITIES).map(([word, severity]) => [severity, word as Severity]));

/** The file's problems in the order of their positions (then rule ids); rules that are off report none. */
export function resultsOf(document: TextDocument, file: FileAnalysis, settings: Settings, docsUri: string): Result[] {
  const results = documentDiagnostics(document, file).map((diagnostic) => fromDiagnostic(diagnostic));
  for (const finding of file.findings) {
    const diagnostic = toDiagnostic(document, finding, settings, docsUri);
    if (!diagnostic) continue;
    const preferred = finding.fixes(settings).find((fix) => fix.preferred);
    const edits = preferred && workspaceEdit(document, preferred)?.changes?.[document.uri];
    results.push(fromDiagnostic(diagnostic, preferred && edits && { title: preferred.title, edits }));
  }
  for (const unused of file.unusedSuppressions) {
    const fix = unused.whole ? { title: REMOVE_UNUSED_SUPPRESSION, edits: [removeComment(document, unused.span)] } : undefined;
    results.push(fromDiagnostic(unusedSuppressionDiagnostic(document, unused), fix));
  }
  return results.sort(byPosition);
}

function fromDiagnostic(diagnostic: Diagnostic, fix?: Result['fix']): Result {
  return {
    ruleId: String(diagnostic.code),
    severity: SEVERITY_WORDS.get(diagnostic.severity ?? SEVERITIES.error) ?? 'error',
    message: diagnostic.message,
    range: diagnostic.range,
    related: (diagnostic.relatedInformation ?? []).map(({ location, message }) => ({ range: location.range, message })),
    ...(diagnostic.codeDescription && { docsUri: diagnostic.codeDescription.href }),
    ...(fix && { fix }),
  };
}

function byPosition(a: Result, b: Result): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
