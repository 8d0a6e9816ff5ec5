// Analyses a file document by document and remembers each document's result by its text, so that an edit
// re-parses and re-checks only the documents it touched.
import type { Document } from 'yaml';
import { K8sObject, objectsOf } from '../model/workload';
import { rules } from '../rules';
import type { Finding } from '../rules/types';
import { parseDocument, splitDocuments, YamlDocument } from '../yaml/parse';

/** One YAML document's analysis, independent of where the document sits in its file. */
export interface DocumentAnalysis {
  readonly yaml: YamlDocument;
  readonly objects: readonly { readonly object: K8sObject; readonly doc: Document.Parsed }[];
  readonly findings: readonly Finding[];
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
  return { yaml, objects, findings };
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
    return { template: false, documents };
  }
}
