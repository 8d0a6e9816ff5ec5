// Analyses a file document by document and remembers each document's result by its text, so that an edit
// re-parses and re-checks only the documents it touched.
import type { Document } from 'yaml';
import { K8sObject, objectsOf } from '../model/workload';
import { rules } from '../rules';
import type { Finding } from '../rules/types';
import { parseDocument, splitDocuments, YamlDocument } from '../yaml/parse';
import { countLines, isSuppressed, Suppression, suppressionsOf } from '../yaml/suppressions';

/** One YAML document's analysis, independent of where the document sits in its file. */
export interface DocumentAnalysis {
  readonly yaml: YamlDocument;
  readonly objects: readonly { readonly object: K8sObject; readonly doc: Document.Parsed }[];
  /** The findings no suppression comment of the document silences (`-disable-file` is applied per file). */
  readonly findings: readonly Finding[];
  readonly suppressions: readonly Suppression[];
}

export interface FileAnalysis {
  /** Go-template files (Helm charts) are not YAML until rendered: they get no diagnostics at all. */
  readonly template: boolean;
  readonly documents: readonly { readonly offset: number; readonly analysis: DocumentAnalysis }[];
}

// `{{` opens a Go template action (Helm, kustomize-less generators).
const TEMPLATE = /\{\{/;

export function analyseDocument(text: string): DocumentAnalysis {
  const yaml = parseDocument(text);
  const objects = yaml.errors.length > 0 ? [] : yaml.docs.flatMap((doc) => objectsOf(doc).map((object) => ({ object, doc })));
  const findings: Finding[] = [];
  for (const { object, doc } of objects) {
    for (const rule of rules) {
      if (rule.meta.kinds.includes(object.kind)) findings.push(...rule.check({ text, doc, object }));
    }
  }
  const suppressions = suppressionsOf(text);
  const kept = findings.filter((f) => !isSuppressed(f.ruleId, countLines(text, f.span.start), suppressions, []));
  return { yaml, objects, findings: kept, suppressions };
}

/** Keeps the document analyses of one file between versions. */
export class FileAnalyser {
  private byText = new Map<string, DocumentAnalysis>();

  analyse(text: string): FileAnalysis {
    if (TEMPLATE.test(text)) {
      this.byText.clear();
      return { template: true, documents: [] };
    }
    const next = new Map<string, DocumentAnalysis>();
    const documents = splitDocuments(text).map(({ offset, text: documentText }) => {
      const analysis = next.get(documentText) ?? this.byText.get(documentText) ?? analyseDocument(documentText);
      next.set(documentText, analysis);
      return { offset, analysis };
    });
    this.byText = next;
    const fileWide = documents.flatMap(({ analysis }) => analysis.suppressions.filter((s) => s.scope === 'file'));
    if (fileWide.length === 0) return { template: false, documents };
    const unsuppressed = documents.map(({ offset, analysis }) => ({
      offset,
      analysis: { ...analysis, findings: analysis.findings.filter((f) => !isSuppressed(f.ruleId, -1, [], fileWide)) },
    }));
    return { template: false, documents: unsuppressed };
  }
}
