// Turns a file's analysis into LSP diagnostics: positions, severities from settings, rule links.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding, Severity } from '../rules/types';
import type { Settings } from '../settings';
import type { FileAnalysis } from './analysis';
import { levelOf } from './levels';
import { rangeOf } from './positions';

export const SOURCE = 'k8s-persistence';
export const SYNTAX_ERROR_CODE = 'yaml-syntax';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `docsUri` is the folder of the rule pages (`docs/rules/`), as a URI ending in `/`. */
export function toDiagnostics(document: TextDocument, file: FileAnalysis, settings: Settings, docsUri: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { offset, analysis } of file.documents) {
    const syntax = analysis.yaml.errors[0];
    if (syntax) {
      // One per document: after the first error the parser's further complaints are mostly echoes of it.
      diagnostics.push({
        range: rangeOf(document, { start: offset + syntax.start, end: offset + syntax.end }),
        severity: syntax.tooDeep ? DiagnosticSeverity.Information : DiagnosticSeverity.Error,
        source: SOURCE,
        code: SYNTAX_ERROR_CODE,
        message: syntax.message,
      });
    }
  }
  for (const finding of file.findings) {
    const diagnostic = toDiagnostic(document, finding, settings, docsUri);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/** The diagnostic of a finding, or undefined when its rule is off. */
export function toDiagnostic(document: TextDocument, finding: Finding, settings: Settings, docsUri: string): Diagnostic | undefined {
  const level = levelOf(finding.ruleId, settings);
  if (level === 'off') return undefined;
  return {
    range: rangeOf(document, finding.span),
    severity: SEVERITIES[level],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: `${docsUri}${finding.ruleId}.md` },
    message: finding.message,
    // Locations in other files wait for the workspace index, which knows their text.
    relatedInformation: finding.related
      .filter((related) => related.uri === finding.uri)
      .map((related) => ({ location: { uri: document.uri, range: rangeOf(document, related.span) }, message: related.message })),
  };
}
