// A document's syntax check on its own, as the analysis reports it: the problems of a Kubernetes manifest that is not
// a Go template. The documents the keystroke path does not compose get only this, in a worker thread in the server.
import { isGoTemplate } from './goTemplates';
import { parseDocument, SyntaxProblem, YamlDocument } from './parse';

export interface SyntaxCheck {
  /** Empty unless the document is a manifest and not a Go template. */
  readonly errors: readonly SyntaxProblem[];
  readonly goTemplate: boolean;
}

// An `apiVersion` and a `kind` key: a document meant as a Kubernetes object, even while it does not parse.
const API_VERSION_KEY = /(?:^|[\s{,])["']?apiVersion["']?[ \t]*:/m;
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/m;

/** Whether the text has the keys of a Kubernetes object, written anywhere in any style. */
function isManifest(text: string): boolean {
  return API_VERSION_KEY.test(text) && KIND_KEY.test(text);
}

/**
 * Syntax errors are ours to report only in Kubernetes manifests: other YAML (compose files, workflows) gets silence,
 * and the YAML extension reports them there anyway. A Go template is not YAML until rendered: it gets none.
 */
export function syntaxOf(parsed: YamlDocument): SyntaxCheck {
  const goTemplate = isGoTemplate(parsed);
  return { errors: goTemplate || !isManifest(parsed.text) ? [] : parsed.errors, goTemplate };
}

/** Whether a check could find anything: only a manifest has errors we report, and only a `{{` makes a Go template. */
export function mayHaveSyntaxToReport(text: string): boolean {
  return text.includes('{{') || isManifest(text);
}

/** The check without the tree; a text that can have nothing to report is not even parsed. */
export function checkSyntax(text: string): SyntaxCheck {
  return mayHaveSyntaxToReport(text) ? syntaxOf(parseDocument(text)) : { errors: [], goTemplate: false };
}
