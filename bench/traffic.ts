// Where the benchmark types: found in the file's text by line scanning (no parser, so it does not depend on ours),
// the same places for both servers.
import type { Range } from 'vscode-languageserver-types';
import type { TextChange } from './session';

interface DocumentLines {
  readonly kind: string | undefined;
  /** First and last line (0-based, inclusive) of the document, without its `---` line. */
  readonly first: number;
  readonly last: number;
}

/** The file's YAML documents as line ranges, split at `---` lines, with their top-level `kind`. */
export function documentLines(lines: readonly string[]): DocumentLines[] {
  const documents: DocumentLines[] = [];
  let first = 0;
  let kind: string | undefined;
  const close = (last: number) => {
    if (last >= first) documents.push({ kind, first, last });
  };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) {
      close(i - 1);
      first = i + 1;
      kind = undefined;
    } else {
      kind ??= /^kind:\s*(\S+)/.exec(line)?.[1];
    }
  });
  close(lines.length - 1);
  return documents;
}

/** A place to type: appending letters at the end of this line keeps the document valid YAML of the same shape. */
export interface TypingSite {
  readonly description: string;
  readonly line: number;
  /** The line's length (UTF-16 code units, as LSP counts) before any typing. */
  readonly end: number;
}

function largest(documents: readonly DocumentLines[]): DocumentLines {
  return documents.reduce((a, b) => (b.last - b.first > a.last - a.first ? b : a));
}

function site(lines: readonly string[], document: DocumentLines, pattern: RegExp, what: string): TypingSite {
  const middle = (document.first + document.last) / 2;
  let best: number | undefined;
  for (let i = document.first; i <= document.last; i++) {
    if (pattern.test(lines[i]) && (best === undefined || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
  }
  if (best === undefined) throw new Error(`No line to type in: ${what}`);
  const lineCount = document.last - document.first + 1;
  return { description: `${what} (${lineCount} lines), line ${best + 1}`, line: best, end: lines[best].length };
}

/** A plain scalar value, ending the line: letters typed after it extend the value. */
const IMAGE = /^\s+image: [\w./:@-]+$/;
const PLAIN_PAIR = /^\s+[\w.-]+: [\w.-]+$/;

/** The image line nearest the middle of the file's largest Deployment document. */
export function deploymentSite(lines: readonly string[]): TypingSite {
  const deployments = documentLines(lines).filter((d) => d.kind === 'Deployment');
  if (deployments.length === 0) throw new Error('The file has no Deployment document');
  return site(lines, largest(deployments), IMAGE, 'image of the largest Deployment');
}

/** The `key: word` line nearest the middle of the file's largest document (in argo-cd's, a CRD's schema). */
export function largestDocumentSite(lines: readonly string[]): TypingSite {
  const document = largest(documentLines(lines));
  return site(lines, document, PLAIN_PAIR, `a value in the largest document, a ${document.kind}`);
}

/** The `n`th keystroke (0-based) at `site`: one letter appended after the ones typed before. */
export function keystroke(site: TypingSite, n: number): TextChange {
  const at = { line: site.line, character: site.end + n };
  return { range: { start: at, end: at }, text: String.fromCharCode(97 + (n % 26)) };
}

/** The whole text as an LSP range. */
export function wholeRange(lines: readonly string[]): Range {
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

/** The file's lines as LSP counts them (CR LF, LF and a lone CR each end a line). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n?|\n/);
}
