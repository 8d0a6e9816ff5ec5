// Splits a file into YAML documents and parses each one on its own, so that an edit re-parses only the
// documents whose text it changed. Parsing never throws: syntax errors come back as data.
import { Document, parseAllDocuments } from 'yaml';
import { MAX_DEPTH, tooDeepAt } from './depth';
import { foldQuotedLineBreaks } from './quotedLines';
import { onCodePoints } from './span';

/** One YAML document: its text and its syntax tree, whose node ranges are offsets into that text. */
export interface YamlDocument {
  readonly text: string;
  /** The parsed documents of `text`: usually one, several when `...` ends one and another follows. */
  readonly docs: readonly Document.Parsed[];
  readonly errors: readonly SyntaxProblem[];
}

export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** The document may be valid YAML that is nested too deeply for the parser: nothing is known, nothing is wrong. */
  readonly tooDeep: boolean;
}

// A line `---` (alone or followed by a space or tab) starts a document wherever it is: the YAML spec forbids
// it inside scalars and flow collections, so a line scan splits exactly where the parser would. Lines end at CR or
// LF only (not at U+2028 or U+2029, as a regex's `^` and `$` would have it with the `m` flag).
const DOCUMENT_START = /(?<=^|[\r\n])---(?=[ \t\r\n]|$)/g;
// Lines that cannot make a document on their own: blank, comment, or directive (`%YAML 1.2`).
const PREAMBLE = /^(?:[ \t]*(?:#.*)?|%.*)$/;

/** One YAML document's text and where it starts in its file. */
export interface DocumentSlice {
  readonly offset: number;
  readonly text: string;
}

/** Cuts `text` into the slices that hold one document each; a preamble stays with the document after it. */
export function splitDocuments(text: string): DocumentSlice[] {
  return withPreamble(cut(text));
}

/**
 * The slices of `text`, made by one change (`start`, `end` in the text `slices` were cut from) from that text: the
 * slices the change touches are cut again, the others keep their strings (caches keyed by them still hit) and move.
 * The same slices as `splitDocuments(text)`. `own` may copy the texts cut again (see textDocuments.ts).
 */
export function resplit(
  slices: readonly DocumentSlice[],
  change: { start: number; end: number; text: string },
  text: string,
  own: (text: string) => string = (same) => same,
): DocumentSlice[] {
  const delta = change.text.length - (change.end - change.start);
  let first = lastStartingBy(slices, change.start);
  // A change on a slice's first line may unmake its `---`: the slice before is cut again with it.
  if (first > 0 && change.start <= slices[first].offset + firstLineLength(slices[first].text)) first--;
  const last = lastStartingBy(slices, change.end);
  const from = slices[first].offset;
  const to = (last + 1 < slices.length ? slices[last + 1].offset : text.length - delta) + delta;
  const middle = to > from ? cut(text.slice(from, to)).map((slice) => ({ offset: from + slice.offset, text: own(slice.text) })) : [];
  const after = slices.slice(last + 1).map((slice) => ({ offset: slice.offset + delta, text: slice.text }));
  const result = [...slices.slice(0, first), ...middle, ...after];
  if (result.length === 0) return [{ offset: 0, text: '' }];
  return first === 0 ? withPreamble(result) : result;
}

/** The slices at each `---` line, and before the first. */
function cut(text: string): DocumentSlice[] {
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_START)) if (match.index > 0) starts.push(match.index);
  return starts.map((start, i) => ({ offset: start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

/** Leading slices that are only preamble join the document after them. */
function withPreamble(slices: DocumentSlice[]): DocumentSlice[] {
  while (slices.length > 1 && isPreamble(slices[0].text)) {
    slices.splice(0, 2, { offset: 0, text: slices[0].text + slices[1].text });
  }
  return slices;
}

/** Whether every line is blank, a comment or a directive; stops at the first that is not. */
function isPreamble(text: string): boolean {
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    if (!PREAMBLE.test(line.endsWith('\r') ? line.slice(0, -1) : line)) return false;
    if (end === -1) return true;
    start = end + 1;
  }
  return true;
}

/** The index of the last slice that starts at or before `offset` (the first slice starts at 0). */
function lastStartingBy(slices: readonly DocumentSlice[], offset: number): number {
  let low = 0;
  let high = slices.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (slices[middle].offset <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function firstLineLength(text: string): number {
  const end = text.search(/[\r\n]/);
  return end === -1 ? text.length : end;
}

export function parseDocument(text: string): YamlDocument {
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const message = `Not analysed: this YAML document nests more than ${MAX_DEPTH} levels deep.`;
    return { text, docs: [], errors: [{ start: deep, end: deep, message, tooDeep: true }] };
  }
  // YAML counts a lone CR as a line break, and so does LSP; the parser does not: it reads the text with those CRs as
  // LFs, at the same offsets.
  const lf = lfOnly(text);
  const strict = { ...parseStrictly(lf), text };
  // Kubernetes reads a quoted scalar whose later lines are not indented past its key; so do we, when that is all
  // that stands between the document and a clean parse.
  if (strict.errors.length === 0 || !lf.includes('\n')) return strict;
  const folded = foldQuotedLineBreaks(lf);
  const lenient = folded === undefined ? undefined : parseStrictly(folded);
  return lenient && lenient.errors.length === 0 ? { ...lenient, text } : strict;
}

function lfOnly(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function parseStrictly(text: string): YamlDocument {
  let docs: Document.Parsed[] = [];
  const errors: SyntaxProblem[] = [];
  try {
    // prettyErrors builds a message with an excerpt for every error, which makes an error storm quadratic.
    const parsed = parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    if (Array.isArray(parsed)) docs = parsed;
    // An error found at the end (an unclosed bracket) shows on the document's last line, not on the next `---`.
    const last = text.trimEnd().length;
    for (const doc of docs) {
      for (const error of doc.errors) {
        const start = Math.min(error.pos[0], last);
        const tooDeep = error.code === 'RESOURCE_EXHAUSTION';
        // The library's first line ends in ` at line N, column M:` (an excerpt follows): the range already says where.
        const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        const message = tooDeep ? 'Not analysed: this YAML document is nested too deeply for the parser.' : firstLine;
        const span = onCodePoints(text, { start, end: Math.max(Math.min(error.pos[1], last), start) });
        errors.push({ ...span, message, tooDeep });
      }
    }
  } catch (error) {
    // The parser is not known to throw; if it ever does, the document reads as one syntax problem.
    errors.push({ start: 0, end: 0, message: `Not analysed: the YAML parser failed (${String(error)}).`, tooDeep: false });
    docs = [];
  }
  return { text, docs, errors };
}
