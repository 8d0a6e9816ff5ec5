// Analyses a file document by document and remembers each document's result by its text, so that an edit
// re-parses and re-checks only the documents it touched.
import { Document, isScalar, Scalar, visit } from 'yaml';
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
  /** A Go template (a Helm chart's) is not YAML until rendered: it gets no diagnostics at all. */
  readonly template: boolean;
}

export interface FileAnalysis {
  readonly documents: readonly { readonly offset: number; readonly analysis: DocumentAnalysis }[];
  /** How many of the documents are Go templates, left unanalysed. */
  readonly templates: number;
}

const BLOCK_SCALARS = new Set<string | undefined>([Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED]);

/**
 * A document is a Go template when `{{` stands anywhere but inside a block scalar (`|`, `>`): there it is text, such
 * as an alerting template in a ConfigMap, and the manifest around it is plain YAML.
 */
function isGoTemplate(yaml: YamlDocument): boolean {
  if (!yaml.text.includes('{{')) return false;
  if (yaml.errors.length > 0) return true;
  const text: [number, number][] = [];
  for (const doc of yaml.docs) {
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node) && BLOCK_SCALARS.has(node.type) && node.range) text.push([node.range[0], node.range[1]]);
      },
    });
  }
  for (let at = yaml.text.indexOf('{{'); at !== -1; at = yaml.text.indexOf('{{', at + 2)) {
    if (!text.some(([start, end]) => start <= at && at < end)) return true;
  }
  return false;
}

export function analyseDocument(text: string): DocumentAnalysis {
  const yaml = parseDocument(text);
  const template = isGoTemplate(yaml);
  if (template) return { yaml: { ...yaml, errors: [] }, objects: [], findings: [], suppressions: [], template };
  const objects = yaml.errors.length > 0 ? [] : yaml.docs.flatMap((doc) => objectsOf(doc).map((object) => ({ object, doc })));
  const findings: Finding[] = [];
  for (const { object, doc } of objects) {
    for (const rule of rules) {
      if (rule.meta.kinds.includes(object.kind)) findings.push(...rule.check({ text, doc, object }));
    }
  }
  const suppressions = suppressionsOf(text);
  const kept = findings.filter((f) => !isSuppressed(f.ruleId, countLines(text, f.span.start), suppressions, []));
  return { yaml, objects, findings: kept, suppressions, template };
}

/** Keeps the document analyses of one file between versions. */
export class FileAnalyser {
  private byText = new Map<string, DocumentAnalysis>();

  analyse(text: string): FileAnalysis {
    const next = new Map<string, DocumentAnalysis>();
    const documents = splitDocuments(text).map(({ offset, text: documentText }) => {
      const analysis = next.get(documentText) ?? this.byText.get(documentText) ?? analyseDocument(documentText);
      next.set(documentText, analysis);
      return { offset, analysis };
    });
    this.byText = next;
    const templates = documents.filter(({ analysis }) => analysis.template).length;
    const fileWide = documents.flatMap(({ analysis }) => analysis.suppressions.filter((s) => s.scope === 'file'));
    if (fileWide.length === 0) return { documents, templates };
    const unsuppressed = documents.map(({ offset, analysis }) => ({
      offset,
      analysis: { ...analysis, findings: analysis.findings.filter((f) => !isSuppressed(f.ruleId, -1, [], fileWide)) },
    }));
    return { documents: unsuppressed, templates };
  }
}
