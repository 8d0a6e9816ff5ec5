// Analyses a file document by document and remembers each document's result by its text, so that an edit
// re-parses and re-checks only the documents it touched.
import { K8sObject, objectsOf } from '../model/workload';
import { rules } from '../rules';
import type { Finding } from '../rules/types';
import { isCollection, isScalar, Node, visit } from 'yaml';
import { applyChanges } from '../yaml/edits';
import { isGoTemplate } from '../yaml/goTemplates';
import { parseDocument, splitDocuments, YamlDocument } from '../yaml/parse';
import { countLines, isSuppressed, Suppression, suppressionsOf } from '../yaml/suppressions';

/** One YAML document's analysis, independent of where the document sits in its file. */
export interface DocumentAnalysis {
  readonly yaml: YamlDocument;
  readonly objects: readonly K8sObject[];
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

// An `apiVersion` and a `kind` key: a document meant as a Kubernetes object, even while it does not parse.
const API_VERSION_KEY = /(?:^|[\s{,])["']?apiVersion["']?[ \t]*:/m;
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/m;

export function analyseDocument(text: string): DocumentAnalysis {
  const parsed = parseDocument(text);
  const template = isGoTemplate(parsed);
  // Syntax errors are ours to report only in Kubernetes manifests: other YAML (compose files, workflows) gets
  // silence, and the YAML extension reports them there anyway.
  const manifest = API_VERSION_KEY.test(text) && KIND_KEY.test(text);
  const yaml = template || !manifest ? { ...parsed, errors: [] } : parsed;
  if (template) return { yaml, objects: [], findings: [], suppressions: [], template };
  const objects = yaml.errors.length > 0 ? [] : yaml.docs.flatMap(objectsOf);
  const findings: Finding[] = [];
  for (const object of objects) {
    const anchored = hasAnchors(object.node);
    for (const rule of rules) {
      if (!rule.meta.kinds.includes(object.kind)) continue;
      findings.push(...rule.check({ text, object }).map((finding) => guardFixes(text, finding, anchored)));
    }
  }
  const suppressions = suppressionsOf(text);
  const kept = findings.filter((f) => !isSuppressed(f.ruleId, countLines(text, f.span.start), suppressions, []));
  return { yaml, objects, findings: kept, suppressions, template };
}

/** Whether an anchor (`&name`) stands anywhere in the node: aliases elsewhere may copy what it marks. */
function hasAnchors(node: Node): boolean {
  let found = false;
  visit(node, (_, n) => {
    if ((isScalar(n) || isCollection(n)) && n.anchor) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/**
 * Offers only fixes that leave the document parsing, and none in an object with anchors: an edit there would
 * change, or strand, the aliases that copy what it edits. No fix is better than a wrong one.
 */
function guardFixes(text: string, finding: Finding, anchored: boolean): Finding {
  return {
    ...finding,
    fixes: (settings) =>
      anchored ? [] : finding.fixes(settings).filter((fix) => parseDocument(applyChanges(text, fix.changes)).errors.length === 0),
  };
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
