// The properties of issue "Never hang, never corrupt", each a plain function of one generated case that throws on a
// violation and returns how many checks it made. The unit test (test/unit/fuzz.test.ts) runs them through
// fc.assert; the long runner (scripts/fuzz.ts) runs them over many more documents.
//   a  neverThrows      analysis, diagnostics, code actions, refactors, fix-all and hovers never throw
//   b  withinBudget     syntax errors kept, findings, related locations and parse work grow with the text, no faster
//   c  rangesInBounds   every range lies in the document, start <= end, on code point boundaries
//   d  fixesHold        every edit offered applies, parses, fixes its diagnostic, keeps comments, is not offered again
//   e  serverMatchesModel  the server's copy after incremental edits gives the diagnostics of a fresh analysis
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { FileAnalyser, FileAnalysis } from '../../server/src/service/analysis';
import { codeActions, CodeActionOptions, FIX_ALL } from '../../server/src/service/codeActions';
import { SYNTAX_ERROR_CODE, toDiagnostics } from '../../server/src/service/diagnostics';
import { fixAll } from '../../server/src/service/fixAll';
import { hover } from '../../server/src/service/hover';
import { defaultSettings } from '../../server/src/settings';
import { spanOf } from '../../server/src/yaml/nodes';
import { parseDocument, splitDocuments } from '../../server/src/yaml/parse';
import type { Span } from '../../server/src/yaml/span';
import { countParses, work } from '../support/parseCounter';
import type { LspClient } from '../support/lspClient';
import { applyEditSpec, EditSequence, HoverProbe, isHighSurrogate, isLowSurrogate, splitLines } from './arbitraries';

export const URI = 'file:///fuzz/manifest.yaml';
const OPTIONS: CodeActionOptions = { settings: defaultSettings, docsUri: 'file:///docs/rules/', ruleDocumentationCommand: true };

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

/** An error the product raised (as opposed to a property's own assertion), with what was being done. */
export class ProductThrew extends Error {
  constructor(what: string, readonly cause: unknown) {
    super(`${what} threw: ${cause instanceof Error ? cause.stack ?? cause.message : String(cause)}`);
  }
}

function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw new ProductThrew(what, error);
  }
}

interface Analysed {
  readonly text: string;
  readonly document: TextDocument;
  readonly file: FileAnalysis;
  readonly diagnostics: Diagnostic[];
}

function analysed(text: string, analyser = new FileAnalyser(URI)): Analysed {
  const document = TextDocument.create(URI, 'yaml', 1, text);
  const file = guarded('FileAnalyser.analyse', () => analyser.analyse(text));
  const diagnostics = guarded('toDiagnostics', () => toDiagnostics(document, file, OPTIONS.settings, OPTIONS.docsUri));
  return { text, document, file, diagnostics };
}

const point = (at: Position): Range => ({ start: at, end: at });

/** Where refactors are offered: each object's `kind:` value and name, as ranges. */
function handles({ document, file }: Analysed): { object: number; range: Range }[] {
  return file.index.objects.flatMap((at, object) =>
    [at.object.kindNode, at.object.nameNode].flatMap((node) => {
      if (!node) return [];
      const span = spanOf(node);
      return [{ object, range: point(document.positionAt(span.start + at.place.offset)) }];
    }),
  );
}

const quickFixesOf = (a: Analysed, diagnostic: Diagnostic) =>
  guarded(`codeActions at a ${String(diagnostic.code)} diagnostic`, () => codeActions(a.document, a.file, { range: diagnostic.range, diagnostics: [diagnostic] }, OPTIONS));
const refactorsAt = (a: Analysed, range: Range) =>
  guarded('codeActions (refactor) at a kind or name', () => codeActions(a.document, a.file, { range, diagnostics: [], only: ['refactor'] }, OPTIONS));
const wholeRange = (document: TextDocument): Range => ({ start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) });
const fixAllOf = (a: Analysed) =>
  guarded('codeActions (source.fixAll)', () => codeActions(a.document, a.file, { range: wholeRange(a.document), diagnostics: [], only: [FIX_ALL] }, OPTIONS));

export function lineCount(text: string): number {
  return splitLines(text).length;
}

const splitsPair = (text: string, at: number) => at > 0 && at < text.length && isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at));

/** A span of offsets: inside the text, start <= end, neither end between the two halves of a surrogate pair. */
function assertSpan(text: string, span: Span, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: span ${JSON.stringify(span)} is not integral`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `${what}: span ${JSON.stringify(span)} outside 0..${text.length} or reversed`);
  assert.ok(!splitsPair(text, span.start) && !splitsPair(text, span.end), `${what}: span ${JSON.stringify(span)} splits a surrogate pair`);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** An LSP range: both positions exist in the document (no clamping needed), start <= end, on code point boundaries. */
function assertRange(document: TextDocument, range: Range, what: string): void {
  const text = document.getText();
  const lines = splitLines(text);
  for (const [end, position] of [['start', range.start], ['end', range.end]] as const) {
    const where = `${what}: ${end} ${JSON.stringify(position)}`;
    assert.ok(Number.isInteger(position.line) && Number.isInteger(position.character), `${where} is not integral`);
    assert.ok(position.line >= 0 && position.line < lines.length, `${where} is past the last line (${lines.length} lines)`);
    assert.ok(position.character >= 0 && position.character <= lines[position.line].text.length, `${where} is past the end of its line`);
    assert.ok(!splitsPair(text, document.offsetAt(position)), `${where} splits a surrogate pair`);
  }
  assert.ok(!before(range.end, range.start), `${what}: range ${JSON.stringify(range)} ends before it starts`);
}

/**
 * Bugs this suite found that are reported and not fixed yet. A property lets exactly such a case pass, counted here
 * (the unit test and the long runner print the counts), and each exception says when to delete it: with its fix.
 */
// ---------------------------------------------------------------------------------------------------------------
// a. Nothing throws.

export function neverThrows(text: string, probe: HoverProbe): number {
  let calls = 0;
  const analyser = new FileAnalyser(URI);
  const a = analysed(text, analyser);
  calls += 2;
  for (const diagnostic of a.diagnostics) {
    quickFixesOf(a, diagnostic);
    guarded('codeActions without diagnostics', () => codeActions(a.document, a.file, { range: diagnostic.range, diagnostics: [] }, OPTIONS));
    calls += 2;
  }
  for (const { range } of handles(a)) {
    refactorsAt(a, range);
    calls++;
  }
  guarded('codeActions over the whole text, every kind', () =>
    codeActions(a.document, a.file, { range: wholeRange(a.document), diagnostics: [], only: ['quickfix', 'refactor', 'source'] }, OPTIONS),
  );
  calls++;
  for (const position of [...probe.offsets.map((o) => a.document.positionAt(o % (text.length + 1))), ...probe.positions]) {
    guarded(`hover at ${JSON.stringify(position)}`, () => hover(a.document, a.file, position));
    calls++;
  }
  // The same analyser again (every document from its cache), then once more after a one-character edit.
  guarded('FileAnalyser.analyse (cached)', () => analyser.analyse(text));
  guarded('FileAnalyser.analyse (edited)', () => analyser.analyse(`${text.slice(0, text.length >> 1)}x${text.slice(text.length >> 1)}`));
  return calls + 2;
}

// ---------------------------------------------------------------------------------------------------------------
// b. Work grows with the text, not faster: counted, never timed.

/** Per line (LSP lines), with room for a few on a line: a quadratic blowup in a 30-line manifest is far beyond. */
export const BUDGET = {
  /** Syntax errors kept: a few per line, and at most one per character (a long line of `]` holds one at each). */
  syntaxErrorsPerLine: 4,
  syntaxErrorsPerCharacter: 1,
  findingsPerLine: 1,
  relatedPerLine: 2,
  /** Diagnostics: one per document for syntax, the findings, unused directives, notes on objects. */
  diagnosticsPerLine: 2,
  /** Characters handed to the parser per character of text: a strict parse, and a lenient one after an error. */
  parsedPerCharacter: 2,
  /** Code actions offered for one diagnostic. */
  actionsPerDiagnostic: 12,
};

export function withinBudget(text: string): number {
  countParses();
  const lines = lineCount(text);
  const analyser = new FileAnalyser(URI);
  work.characters = 0;
  const a = analysed(text, analyser);
  const parsed = work.characters;
  const { file, diagnostics } = a;
  const errors = file.documents.reduce((sum, { analysis }) => sum + analysis.yaml.errors.length, 0);
  const related = file.findings.reduce((sum, finding) => sum + finding.related.length, 0);
  const figures = `${lines} lines, ${text.length} characters, ${file.documents.length} documents`;
  assert.ok(
    errors <= Math.max(BUDGET.syntaxErrorsPerLine * lines, BUDGET.syntaxErrorsPerCharacter * text.length),
    `${errors} syntax errors kept for ${figures}`,
  );
  assert.ok(file.findings.length <= BUDGET.findingsPerLine * lines, `${file.findings.length} findings for ${figures}`);
  assert.ok(related <= BUDGET.relatedPerLine * lines, `${related} related locations for ${figures}`);
  assert.ok(parsed <= BUDGET.parsedPerCharacter * text.length, `${parsed} characters parsed for ${figures}`);
  assert.ok(diagnostics.length <= BUDGET.diagnosticsPerLine * lines, `${diagnostics.length} diagnostics for ${figures}`);
  // Analysing the same text again parses nothing: every document comes from the cache.
  work.characters = 0;
  guarded('FileAnalyser.analyse (cached)', () => analyser.analyse(text));
  assert.equal(work.characters, 0, `analysing the same text again parsed ${work.characters} characters`);
  for (const diagnostic of diagnostics) {
    const actions = quickFixesOf(a, diagnostic);
    assert.ok(actions.length <= BUDGET.actionsPerDiagnostic, `${actions.length} code actions for one ${String(diagnostic.code)} diagnostic`);
  }
  return 7 + diagnostics.length;
}

// ---------------------------------------------------------------------------------------------------------------
// c. Ranges inside the document.

export function rangesInBounds(text: string, probe: HoverProbe): number {
  const a = analysed(text);
  const { document, file } = a;
  let checked = 0;
  for (const { offset, analysis } of file.documents) {
    for (const error of analysis.yaml.errors) {
      assertSpan(text, { start: offset + error.start, end: offset + error.end }, `syntax error '${error.message}'`);
      checked++;
    }
  }
  for (const finding of file.findings) {
    assertSpan(text, finding.span, `${finding.ruleId} finding`);
    for (const related of finding.related) assertSpan(text, related.span, `${finding.ruleId} related location '${related.message}'`);
    checked += 1 + finding.related.length;
  }
  for (const unused of file.unusedSuppressions) {
    assertSpan(text, unused.span, 'unused suppression');
    checked++;
  }
  for (const diagnostic of a.diagnostics) {
    assertRange(document, diagnostic.range, `${String(diagnostic.code)} diagnostic`);
    for (const related of diagnostic.relatedInformation ?? []) {
      assert.equal(related.location.uri, URI, `${String(diagnostic.code)} related information in another file`);
      assertRange(document, related.location.range, `${String(diagnostic.code)} related information '${related.message}'`);
    }
    checked += 1 + (diagnostic.relatedInformation?.length ?? 0);
  }
  for (const offset of probe.offsets) {
    const result = guarded('hover', () => hover(document, file, document.positionAt(offset % (text.length + 1))));
    if (result?.range) {
      assertRange(document, result.range, 'hover');
      checked++;
    }
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------------------------
// d. Every fix offered holds.

const COMMENT = /(?<=^|[ \t])#.*$/gm;
/** Our directives may go with the node they silence (or as unused); so may the directive part of a longer comment. */
const DIRECTIVE = /#[ \t]*k8s-persistence-disable.*$/;

/** The comments of a text, as the ruleTester compares them, less our directives. */
export function comments(text: string): string[] {
  return (text.match(COMMENT) ?? []).map((c) => c.replace(DIRECTIVE, '').trimEnd()).filter((c) => c !== '');
}

function loneSurrogates(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    else if (isHighSurrogate(c) || isLowSurrogate(c)) count++;
  }
  return count;
}

interface Offer {
  readonly action: CodeAction;
  /** What the action is counted under: the diagnostic's code for a quick fix, `refactor` or `fixAll`. */
  readonly group: string;
}

const keyOf = (group: string, title: string) => `${group}\u0000${title}`;

/** Every action with an edit on offer, and how many times each (group, title) is offered. */
function offers(a: Analysed): { offers: Offer[]; counts: Map<string, number> } {
  const list: Offer[] = [];
  const counts = new Map<string, number>();
  const add = (offer: Offer) => {
    list.push(offer);
    const key = keyOf(offer.group, offer.action.title);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const diagnostic of a.diagnostics) {
    if (diagnostic.code === SYNTAX_ERROR_CODE) continue;
    for (const action of quickFixesOf(a, diagnostic)) if (action.edit) add({ action, group: String(action.diagnostics?.[0]?.code ?? diagnostic.code) });
  }
  // Refactors are offered at the kind and at the name of an object: once per object and title.
  const perObject = new Map<string, Offer>();
  for (const { object, range } of handles(a)) {
    for (const action of refactorsAt(a, range)) if (action.edit) perObject.set(`${object}\u0000${action.title}`, { action, group: 'refactor' });
  }
  for (const offer of perObject.values()) add(offer);
  for (const action of fixAllOf(a)) if (action.edit) add({ action, group: 'fixAll' });
  return { offers: list, counts };
}

export function fixesHold(text: string): number {
  const cache = new Map<string, Analysed>();
  const analysisOf = (t: string) => {
    let found = cache.get(t);
    if (!found) cache.set(t, (found = analysed(t)));
    return found;
  };
  const original = analysisOf(text);
  const { offers: offered, counts } = offers(original);
  const originalDocuments = splitDocuments(text);
  const originalTexts = new Set(originalDocuments.map((d) => d.text));
  const broken = (t: string) => parseDocument(t).errors.length > 0;
  const syntaxCount = (a: Analysed) => a.diagnostics.filter((d) => d.code === SYNTAX_ERROR_CODE).length;
  const codeCount = (a: Analysed, code: string) => a.diagnostics.filter((d) => String(d.code) === code).length;
  const keptComments = comments(text);
  const lone = loneSurrogates(text);
  let checked = 0;

  for (const { action, group } of offered) {
    const what = `'${action.title}' (${group})`;
    const changes = action.edit!.changes ?? {};
    assert.equal(action.edit!.documentChanges, undefined, `${what} uses documentChanges`);
    assert.deepEqual(Object.keys(changes), [URI], `${what} edits another file`);
    const edits: TextEdit[] = changes[URI];
    for (const edit of edits) assertRange(original.document, edit.range, `${what} edit`);
    const sorted = edits.map((e) => ({ start: original.document.offsetAt(e.range.start), end: original.document.offsetAt(e.range.end) })).sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].end <= sorted[i].start, `${what}: edits overlap`);
    const result = TextDocument.applyEdits(original.document, edits);
    const after = () => `\n--- before\n${text}\n--- after\n${result}`;
    assert.ok(loneSurrogates(result) <= lone, `${what} split a surrogate pair${after()}`);

    // Parses: every document the fix changed or added parses, unless it edited a document that did not parse before.
    const touchedBroken = originalDocuments.some(
      (d) => sorted.some((e) => e.start <= d.offset + d.text.length && e.end >= d.offset) && broken(d.text),
    );
    const changedDocuments = splitDocuments(result).filter((d) => !originalTexts.has(d.text));
    if (touchedBroken) {
      const count = (ds: { text: string }[]) => ds.filter((d) => broken(d.text)).length;
      assert.ok(count(splitDocuments(result)) <= count(originalDocuments), `${what} broke a document${after()}`);
    } else {
      for (const d of changedDocuments) assert.ok(!broken(d.text), `${what} leaves a document that does not parse: ${parseDocument(d.text).errors[0]?.message}${after()}`);
    }
    const fixed = analysisOf(result);
    assert.ok(syntaxCount(fixed) <= syntaxCount(original), `${what} brought a yaml-syntax diagnostic${after()}`);

    // Comments survive (our directives may go).
    for (const comment of keptComments) assert.ok(result.includes(comment), `${what} lost the comment ${JSON.stringify(comment)}${after()}`);

    if (group === 'fixAll') {
      const expected = guarded('fixAll', () => fixAll(text, OPTIONS.settings, URI)).output;
      assert.equal(result, expected, `${what}: its line edits do not give fixAll's output`);
      assert.deepEqual(fixAllOf(fixed).map((x) => x.title), [], `${what} is offered again after it was applied${after()}`);
    } else {
      // The fix's diagnostic is gone; the same title is not offered as often for the same code.
      if (group !== 'refactor') {
        const gone = codeCount(fixed, group) < codeCount(original, group);
        assert.ok(gone, `${what}: the ${group} diagnostic is still there${after()}`);
      }
      const again = offers(fixed).counts.get(keyOf(group, action.title)) ?? 0;
      assert.ok(again < counts.get(keyOf(group, action.title))!, `${what} is offered again after it was applied${after()}`);
    }
    checked++;
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------------------------
// e. The server's copy follows incremental edits.

const summary = (diagnostics: readonly Diagnostic[]) =>
  diagnostics
    .map(({ code, range }) => ({ code: String(code), range }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/** The diagnostics a fresh analysis of `text` gives, as (code, range). */
export function freshDiagnostics(uri: string, text: string) {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  return summary(toDiagnostics(document, new FileAnalyser(uri).analyse(text), defaultSettings, ''));
}

/**
 * Opens the sequence's start text in the server, sends its edits as incremental didChange notifications, and
 * compares the diagnostics published for the last version with a fresh analysis of the text the editor (here: the
 * model) has. Returns the number of edits sent.
 */
export async function serverMatchesModel(client: LspClient, sequence: EditSequence, uri: string, ms = 10_000): Promise<number> {
  const logged = client.notifications.length;
  let text = sequence.start.text;
  let version = 1;
  await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  let edits = 0;
  try {
    for (const step of sequence.steps) {
      const contentChanges = step.changes.map((spec) => {
        const applied = applyEditSpec(text, spec);
        text = applied.text;
        return { range: applied.range, text: spec.text };
      });
      version++;
      edits += contentChanges.length;
      await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
      if (step.wait) await client.waitForDiagnostics(uri, version, ms);
    }
    const published = await client.waitForSettledDiagnostics(uri, version, ms);
    const errors = client.notifications.slice(logged).filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
    assert.deepEqual(errors.map((n) => (n.params as { message: string }).message), [], 'the server logged errors');
    assert.deepEqual(summary(published.diagnostics), freshDiagnostics(uri, text), `the server's diagnostics differ from a fresh analysis of ${JSON.stringify(text)}`);
  } finally {
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }
  return edits;
}
