// Turns a file's analysis into LSP diagnostics: positions, severities from settings, rule links.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Finding, Severity } from '../rules/types';
import type { Settings } from '../settings';
import { unservedKind } from '../model/objects';
import { scalarAt, spanOf } from '../yaml/nodes';
import { shiftSpan } from '../yaml/span';
import type { FileAnalysis, UnusedSuppression } from './analysis';
import { levelOf } from './levels';
import { rangeOf } from './positions';

export const SOURCE = 'k8s-persistence';
export const SYNTAX_ERROR_CODE = 'yaml-syntax';
export const UNUSED_SUPPRESSION_CODE = 'unused-suppression';
export const UNSERVED_VERSION_CODE = 'unserved-api-version';
export const FILE_TOO_LARGE_CODE = 'file-too-large';

export const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `docsUri` is the folder of the rule pages (`docs/rules/`), as a URI ending in `/`. */
export function toDiagnostics(document: TextDocument, file: FileAnalysis, settings: Settings, docsUri: string): Diagnostic[] {
  const diagnostics = documentDiagnostics(document, file);
  for (const finding of file.findings) {
    const diagnostic = toDiagnostic(document, finding, settings, docsUri);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  for (const unused of file.unusedSuppressions) diagnostics.push(unusedSuppressionDiagnostic(document, unused));
  return diagnostics;
}

/** What is wrong with the documents themselves, rather than found by a rule: syntax errors, unserved versions. */
export function documentDiagnostics(document: TextDocument, file: FileAnalysis): Diagnostic[] {
  if (file.tooLarge) return [tooLargeDiagnostic(document, file.tooLarge)];
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
  for (const { offset, analysis } of file.documents) {
    for (const object of analysis.objects) {
      const served = unservedKind(object);
      const node = served && scalarAt(object.node, 'apiVersion');
      if (!served || !node) continue;
      diagnostics.push({
        range: rangeOf(document, shiftSpan(spanOf(node), offset)),
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        code: UNSERVED_VERSION_CODE,
        message:
          `Not analysed: Kubernetes serves ${object.kind} in ${served.join(' and ')}, no longer in ${object.apiVersion} ` +
          '(the API server answers "no matches for kind").',
      });
    }
  }
  return diagnostics;
}

/** The one diagnostic of a file over the size budget, on its first line. */
function tooLargeDiagnostic(document: TextDocument, { bytes, limit }: { bytes: number; limit: number }): Diagnostic {
  const firstLine = /^[^\r\n]*/.exec(document.getText())![0].length;
  return {
    range: rangeOf(document, { start: 0, end: firstLine }),
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: FILE_TOO_LARGE_CODE,
    message:
      `Not analysed: this file is ${bytes} bytes, larger than the maxFileSize setting (${limit} bytes). ` +
      'Raise the setting to analyse it.',
  };
}

/** A hint on a directive that silenced nothing, faded out like unused code. */
export function unusedSuppressionDiagnostic(document: TextDocument, unused: UnusedSuppression): Diagnostic {
  const what = unused.rules.length === 0 ? 'no problem' : `no ${unused.rules.map((id) => `'${id}'`).join(' or ')} problem`;
  return {
    range: rangeOf(document, unused.span),
    severity: DiagnosticSeverity.Hint,
    tags: [DiagnosticTag.Unnecessary],
    source: SOURCE,
    code: UNUSED_SUPPRESSION_CODE,
    message: `Unused suppression: there is ${what} here to silence.`,
  };
}

/** The diagnostic of a finding, or undefined when its rule is off. */
export function toDiagnostic(document: TextDocument, finding: Finding, settings: Settings, docsUri: string): Diagnostic | undefined {
  const level = levelOf(finding.ruleId, settings, finding.severity);
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
