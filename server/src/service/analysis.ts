// Analyses a file in two steps. Per YAML document, remembered by its text: parse, read the objects, run the object
// rules; an edit redoes this only for the documents it touched. Then, on every analysis, a join over the objects of
// all documents: the index, the relational rules, and suppressions.
import { isCollection, isNode, isScalar, Node, Pair, Scalar, visit } from 'yaml';
import { Fix, placeFix } from '../fixes/fix';
import { ignoredRules } from '../fixes/ignoreAnnotation';
import { createIndex, DocumentPlace, IndexedObject, ObjectIndex, placeSpan } from '../model/objectIndex';
import { isReadKind, K8sObject, objectsOf } from '../model/objects';
import { rules } from '../rules';
import { defaultSettings } from '../settings';
import type { DocumentFinding, Finding, ObjectRule, RelationalRule } from '../rules/types';
import { DocumentSlice, parseDocument, splitDocuments, YamlDocument } from '../yaml/parse';
import { checkSyntax, mayHaveSyntaxToReport, SyntaxCheck, syntaxOf } from '../yaml/syntax';
import { plainTopLevelKind } from '../yaml/topLevel';
import { applyChanges, shiftSpan, Span } from '../yaml/span';
import { countLines, DIRECTIVE_PREFIX, suppressing, Suppression, suppressionsOf } from '../yaml/suppressions';

/** One YAML document's analysis, independent of where the document sits in its file. */
export interface DocumentAnalysis {
  readonly yaml: YamlDocument;
  readonly objects: readonly K8sObject[];
  /** The object rules' findings, before suppression, each with the object it is about. */
  readonly findings: readonly { readonly object: K8sObject; readonly finding: DocumentFinding }[];
  readonly suppressions: readonly Suppression[];
  /** A Go template (a Helm chart's) is not YAML until rendered: it gets no diagnostics at all. */
  readonly goTemplate: boolean;
  /** A document without a tree whose syntax check runs elsewhere: `yaml.errors` and `goTemplate` are not known yet. */
  readonly syntaxPending?: boolean;
}

export interface PlacedDocument {
  readonly offset: number;
  readonly analysis: DocumentAnalysis;
}

/** A finding with the object it is about. */
export interface AnalysedFinding extends Finding {
  readonly subject: IndexedObject;
}

/** A suppression directive that silenced nothing, and the rule ids in it that did not (all of them when empty). */
export interface UnusedSuppression {
  /** In file offsets. */
  readonly span: Span;
  readonly rules: readonly string[];
  /** Nothing of the directive silenced anything: it can go. */
  readonly whole: boolean;
}

export interface FileAnalysis {
  readonly uri: string;
  readonly text: string;
  readonly documents: readonly PlacedDocument[];
  /** The objects in view of the relational rules. */
  readonly index: ObjectIndex;
  /** Every finding that no suppression silences, in file offsets: document by document, object by object. */
  readonly findings: readonly AnalysedFinding[];
  /** Directives that silenced nothing (as eslint's unused-directive report); none where a document was not analysed. */
  readonly unusedSuppressions: readonly UnusedSuppression[];
  /** How many of the documents are Go templates, left unanalysed. */
  readonly goTemplates: number;
  /** Set when the file is over the size budget: then nothing of it is analysed. */
  readonly tooLarge?: { readonly bytes: number; readonly limit: number };
}

const objectRules = rules.filter((rule): rule is ObjectRule => rule.scope === 'object');
const relationalRules = rules.filter((rule): rule is RelationalRule => rule.scope === 'relational');

/**
 * Whether a document needs its syntax tree: no rule reads an object whose plainly written kind is none of the read
 * kinds (a CRD, a ConfigMap, RBAC); where the text does not show the kind for certain, only the parser can tell. A
 * suppression directive needs the tree to tell comments from text.
 */
function needsTree(text: string): boolean {
  if (text.includes(DIRECTIVE_PREFIX)) return true;
  const kind = plainTopLevelKind(text);
  return kind === undefined || isReadKind(kind);
}

/**
 * With `deferSyntax`, the syntax check of a document that needs no tree is left to the caller: the analysis is
 * pending until `FileAnalyser.settle` brings the check's result.
 */
export function analyseDocument(text: string, deferSyntax = false): DocumentAnalysis {
  if (!needsTree(text)) {
    const check = deferSyntax && mayHaveSyntaxToReport(text) ? undefined : checkSyntax(text);
    return {
      yaml: { text, docs: [], errors: check?.errors ?? [] },
      objects: [],
      findings: [],
      suppressions: [],
      goTemplate: check?.goTemplate ?? false,
      syntaxPending: !check,
    };
  }
  const parsed = parseDocument(text);
  const { errors, goTemplate } = syntaxOf(parsed);
  const yaml = { ...parsed, errors };
  if (goTemplate) return { yaml, objects: [], findings: [], suppressions: [], goTemplate };
  const objects = yaml.errors.length > 0 ? [] : yaml.docs.flatMap(objectsOf);
  const findings: { object: K8sObject; finding: DocumentFinding }[] = [];
  for (const object of objects) {
    if (!object.builtin) continue;
    for (const rule of objectRules) {
      if (rule.meta.kinds.includes(object.kind)) findings.push(...rule.check({ text, object }).map((finding) => ({ object, finding })));
    }
  }
  // Only a document that names a directive pays for the walk that finds its block scalars.
  const suppressions = text.includes(DIRECTIVE_PREFIX) ? suppressionsOf(text, blockScalars(yaml)) : [];
  return { yaml, objects, findings, suppressions, goTemplate };
}

/** The spans of a document's block scalars (`|`, `>`): their `#` lines are text, such as a script's comments. */
function blockScalars(yaml: YamlDocument): Span[] {
  const spans: Span[] = [];
  for (const doc of yaml.docs) {
    visit(doc, {
      Scalar(_, node) {
        if ((node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) || !node.range) return;
        // The header line (`| # a comment`) holds real comments; the text starts on the next line.
        const body = yaml.text.indexOf('\n', node.range[0]) + 1;
        if (body > 0 && body < node.range[1]) spans.push({ start: body, end: node.range[1] });
      },
    });
  }
  return spans;
}

/** Keeps the document analyses of one file between versions. */
export class FileAnalyser {
  private byText = new Map<string, DocumentAnalysis>();
  /** The last size check: `prepare` and `analyse` of one version count its bytes once. */
  private sized?: { readonly text: string; readonly limit: number; readonly over: number | undefined };

  /**
   * `uri` names the file in fixes and related locations. `deferSyntax`, when given, is asked to check the syntax of
   * each document that needs no tree, and to `settle` its analysis with the result later (never from within the
   * call); without it the check runs here.
   */
  constructor(
    private readonly uri = '',
    private readonly deferSyntax?: (text: string) => void,
  ) {}

  private sizeOver(text: string, limit: number): number | undefined {
    if (this.sized?.text !== text || this.sized.limit !== limit) this.sized = { text, limit, over: bytesOver(text, limit) };
    return this.sized.over;
  }

  /** Analyses a document into `cache`, then asks for its deferred syntax check (which settles later, never within). */
  private add(cache: Map<string, DocumentAnalysis>, text: string): DocumentAnalysis {
    const analysis = analyseDocument(text, this.deferSyntax !== undefined);
    cache.set(text, analysis);
    if (analysis.syntaxPending) this.deferSyntax!(text);
    return analysis;
  }

  /** A deferred check came back: true when its document is still here, waiting for it. */
  settle(text: string, check: SyntaxCheck): boolean {
    const pending = this.byText.get(text);
    if (!pending?.syntaxPending) return false;
    this.byText.set(text, { ...pending, yaml: { ...pending.yaml, errors: check.errors }, goTemplate: check.goTemplate, syntaxPending: false });
    return true;
  }

  /** How many documents of the text last prepared or analysed wait for their deferred syntax check. */
  pendingChecks(): number {
    let pending = 0;
    for (const analysis of this.byText.values()) if (analysis.syntaxPending) pending++;
    return pending;
  }

  /** Whether a deferred check of `text` is still wanted. */
  awaits(text: string): boolean {
    return this.byText.get(text)?.syntaxPending === true;
  }

  /**
   * Analyses, one per step, the documents of `text` not analysed before, so that a caller can pause between them
   * (the server answers other requests meanwhile); `analyse` then only joins.
   */
  *prepare(text: string, maxFileSize = defaultSettings.maxFileSize, slices?: readonly DocumentSlice[]): Generator<void> {
    if (this.sizeOver(text, maxFileSize) !== undefined) return;
    const documents = slices ?? splitDocuments(text);
    // The work of versions this one supersedes goes now, not at the next `analyse` (which may never come).
    const current = new Set(documents.map((slice) => slice.text));
    for (const known of this.byText.keys()) if (!current.has(known)) this.byText.delete(known);
    for (const { text: documentText } of documents) {
      if (this.byText.has(documentText)) continue;
      this.add(this.byText, documentText);
      yield;
    }
  }

  /** `slices`: `text` cut into documents already (the server keeps them through edits), else it is cut here. */
  analyse(text: string, maxFileSize = defaultSettings.maxFileSize, slices?: readonly DocumentSlice[]): FileAnalysis {
    const bytes = this.sizeOver(text, maxFileSize);
    if (bytes !== undefined) {
      this.byText = new Map();
      const tooLarge = { bytes, limit: maxFileSize };
      return { uri: this.uri, text, documents: [], index: createIndex([]), findings: [], unusedSuppressions: [], goTemplates: 0, tooLarge };
    }
    const next = new Map<string, DocumentAnalysis>();
    const documents = (slices ?? splitDocuments(text)).map(({ offset, text: documentText }) => {
      const analysis = next.get(documentText) ?? this.byText.get(documentText) ?? this.add(next, documentText);
      next.set(documentText, analysis);
      return { offset, analysis };
    });
    this.byText = next;
    const uri = this.uri;
    const indexed: IndexedObject[] = documents.flatMap(({ offset, analysis }) =>
      analysis.objects.map((object) => ({ object, place: { uri, offset }, text: analysis.yaml.text })),
    );
    const index = createIndex(indexed);
    const file = { uri, text, documents, index };
    const fileWide = documents.flatMap(({ analysis }) => analysis.suppressions.filter((s) => s.scope === 'file'));
    const used = new Map<Suppression, Set<string>>();
    const findings: AnalysedFinding[] = [];
    const keep = (subject: IndexedObject, document: PlacedDocument, finding: Finding) => {
      if (ignoredRules(subject.object.annotations).has(finding.ruleId)) return;
      const line = countLines(document.analysis.yaml.text, finding.span.start - document.offset);
      const own = document.analysis.suppressions.filter((s) => s.scope !== 'file');
      const silencing = suppressing(finding.ruleId, line, own, fileWide);
      for (const suppression of silencing) used.set(suppression, (used.get(suppression) ?? new Set()).add(finding.ruleId));
      if (silencing.length === 0) findings.push({ ...guardFixes(file, subject.object, finding), subject });
    };
    for (const document of documents) {
      const place = { uri, offset: document.offset };
      const text = document.analysis.yaml.text;
      for (const { object, finding } of document.analysis.findings) keep({ object, place, text }, document, placeFinding(finding, place));
      for (const object of document.analysis.objects) {
        if (!object.builtin) continue;
        const subject = { object, place, text };
        for (const rule of relationalRules) {
          if (rule.meta.kinds.includes(object.kind)) for (const finding of rule.check({ subject, index })) keep(subject, document, finding);
        }
      }
    }
    return {
      ...file,
      findings,
      unusedSuppressions: unusedSuppressions(documents, used),
      goTemplates: documents.filter(({ analysis }) => analysis.goTemplate).length,
    };
  }
}

/** The file's size in UTF-8 bytes when it is over `limit`, else undefined (without counting when it cannot be). */
function bytesOver(text: string, limit: number): number | undefined {
  // A UTF-16 code unit is one to three UTF-8 bytes, and a surrogate pair four.
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : undefined;
}

/**
 * The directives that silenced nothing, or some of whose rule ids did not. Only where every document was analysed:
 * a Go template or a syntax error hides the findings a directive is there for.
 */
function unusedSuppressions(documents: readonly PlacedDocument[], used: ReadonlyMap<Suppression, ReadonlySet<string>>): UnusedSuppression[] {
  const analysed = ({ analysis }: PlacedDocument) => !analysis.goTemplate && analysis.yaml.errors.length === 0;
  const everyAnalysed = documents.every(analysed);
  return documents.flatMap((document) => {
    if (!analysed(document)) return [];
    return document.analysis.suppressions.flatMap((suppression) => {
      if (suppression.scope === 'file' && !everyAnalysed) return [];
      const silenced = used.get(suppression);
      const rules = suppression.rules.filter((id) => !silenced?.has(id));
      if (silenced && rules.length === 0) return [];
      return [{ span: shiftSpan(suppression.span, document.offset), rules: silenced ? rules : suppression.rules, whole: !silenced }];
    });
  });
}

function placeFinding(finding: DocumentFinding, place: DocumentPlace): Finding {
  return {
    ...finding,
    uri: place.uri,
    span: placeSpan(place, finding.span),
    related: finding.related.map((r) => ({ uri: place.uri, span: placeSpan(place, r.span), message: r.message })),
    fixes: (settings) => finding.fixes(settings).map((fix) => placeFix(fix, place)),
  };
}

/**
 * Offers only fixes that leave every document they touch parsing, and none in an object with anchors (an edit there
 * would change, or strand, the aliases that copy what it edits) or with a key written twice with different values.
 * No fix is better than a wrong one.
 */
function guardFixes(file: Pick<FileAnalysis, 'uri' | 'text' | 'documents'>, subject: K8sObject, finding: Finding): Finding {
  return { ...finding, fixes: (settings) => finding.fixes(settings).filter((fix) => isSafeFix(file, subject, fix)) };
}

/**
 * Whether a fix of `subject` may be offered: no anchors or conflicting repeated keys in the object, and every document
 * it touches still parses.
 */
export function isSafeFix(file: Pick<FileAnalysis, 'uri' | 'text' | 'documents'>, subject: K8sObject, fix: Fix): boolean {
  return !LONE_CR.test(file.text) && !hasAnchors(subject.node) && !touchesRepeatedKeys(file, subject, fix) && keepsParsing(file, fix);
}

/**
 * Whether the object holds a key twice with different values, or the fix edits a key written twice: the API server
 * refuses such an object (a duplicate field) or reads the last, the model reads the first, and an edit of one leaves
 * the other. A value copied whole (a `selector:` written twice) means one thing either way; edits elsewhere are safe.
 */
function touchesRepeatedKeys(file: Pick<FileAnalysis, 'uri' | 'documents'>, subject: K8sObject, fix: Fix): boolean {
  const repeated = repeatedPairs(subject.node);
  if (repeated === 'differ') return true;
  if (repeated.length === 0) return false;
  const offset = file.documents.find(({ analysis }) => analysis.objects.includes(subject))?.offset ?? 0;
  return fix.changes.some(
    (change) => change.uri === file.uri && repeated.some(({ start, end }) => change.start < offset + end && offset + start < change.end),
  );
}

/** The spans of the pairs whose key a map holds twice, or 'differ' when two of them have different values. */
function repeatedPairs(node: Node): Span[] | 'differ' {
  const spans: Span[] = [];
  let differ = false;
  visit(node, {
    Map(_, map) {
      const byKey = new Map<unknown, Pair[]>();
      for (const pair of map.items) {
        const name = isScalar(pair.key) ? pair.key.value : pair.key;
        const same = byKey.get(name);
        if (same) same.push(pair);
        else byKey.set(name, [pair]);
      }
      for (const pairs of byKey.values()) {
        if (pairs.length < 2) continue;
        // Only repeated keys are compared, so the walk stays linear. Objects with anchors are refused before this:
        // toJSON expands no alias.
        const written = new Set(pairs.map(({ value }) => JSON.stringify(isNode(value) ? value.toJSON() : value) ?? ''));
        if (written.size > 1) {
          differ = true;
          return visit.BREAK;
        }
        spans.push(...pairs.flatMap(pairSpan));
      }
      return undefined;
    },
  });
  return differ ? 'differ' : spans;
}

function pairSpan(pair: Pair): Span[] {
  const start = (pair.key as Node | null)?.range?.[0];
  const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node | null)?.range?.[1];
  return start === undefined || end === undefined ? [] : [{ start, end }];
}

/** A line break that is a lone CR: the edits find lines by LF, so a file with one gets no fix rather than a wrong one. */
const LONE_CR = /\r(?!\n)/;

function keepsParsing(file: Pick<FileAnalysis, 'uri' | 'text' | 'documents'>, fix: Fix): boolean {
  const changes = fix.changes.filter((change) => change.uri === file.uri);
  const before = new Set(file.documents.map(({ analysis }) => analysis.yaml.text));
  return splitDocuments(applyChanges(file.text, changes)).every(
    ({ text }) => before.has(text) || parseDocument(text).errors.length === 0,
  );
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
