// Turns a file's analysis into LSP diagnostics: positions, severities from settings, rule links.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { Severity, Span } from '../rules/types';
import { levelOf, type Settings } from '../settings';
import type { FileAnalysis } from './analysis';

export const SOURCE = 'k8s-persistence';
export const SYNTAX_ERROR_CODE = 'yaml-syntax';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(document: TextDocument, offset: number, span: Span): Range {
  return { start: document.positionAt(offset + span.start), end: document.positionAt(offset + span.end) };
}

/** `docsUri` is the folder of the rule pages (`docs/rules/`), as a URI ending in `/`. */
export function toDiagnostics(document: TextDocument, file: FileAnalysis, settings: Settings, docsUri: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { offset, analysis } of file.documents) {
    const syntax = analysis.yaml.errors[0];
    if (syntax) {
      // One per document: after the first error the parser's further complaints are mostly echoes of it.
      diagnostics.push({
        range: rangeOf(document, offset, syntax),
        severity: syntax.tooDeep ? DiagnosticSeverity.Information : DiagnosticSeverity.Error,
        source: SOURCE,
        code: SYNTAX_ERROR_CODE,
        message: syntax.message,
      });
    }
    for (const finding of analysis.findings) {
      const level = levelOf(finding.ruleId, settings);
      if (level === 'off') continue;
      diagnostics.push({
        range: rangeOf(document, offset, finding.span),
        severity: SEVERITIES[level],
        source: SOURCE,
        code: finding.ruleId,
        codeDescription: { href: `${docsUri}${finding.ruleId}.md` },
        message: finding.message,
        relatedInformation: finding.related.map((related) => ({
          location: { uri: document.uri, range: rangeOf(document, offset, related.span) },
          message: related.message,
        })),
      });
    }
  }
  return diagnostics;
}
