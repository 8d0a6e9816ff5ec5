// A document's top-level `kind`, read from its text without parsing: the keystroke path composes only the documents
// whose kind a rule reads. The reading is sure or it says nothing: only a document laid out plainly in block style
// gets an answer, and anything else (flow or JSON style, a tag, an alias, the key written twice) is the parser's.

/** A top-level line `kind: Value` (the value plain or simply quoted, a comment allowed after it). */
const KIND_LINE = /^kind[ \t]*:[ \t]+(?:([A-Za-z][\w.-]*)|"([A-Za-z][\w.-]*)"|'([A-Za-z][\w.-]*)')[ \t]*(?:#.*)?$/;
/** A top-level line that opens a plain key, with or without a value on the line. */
const PLAIN_KEY = /^[A-Za-z_][\w.\/-]*[ \t]*:(?:[ \t]|$)/;
const SEQUENCE_ENTRY = /^-(?:[ \t]|$)/;

/**
 * The value of the document's top-level `kind` key, when the text shows it for certain: every line at column 0 is a
 * plain key, an entry of a key's block sequence, a comment, the `---` that starts the document, or blank, and `kind`
 * stands there once, with a plain or simply quoted value on its line. Undefined otherwise.
 */
export function plainTopLevelKind(text: string): string | undefined {
  // Lone CRs and CR LFs are line breaks too; the rest of the scan looks for LFs only.
  const lf = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).replace(/^\uFEFF/, '');
  let kind: string | undefined;
  let seen = 0;
  let keys = 0;
  // Only lines at column 0 matter, and most lines are indented: those are skipped without being cut out.
  for (let start = 0; start < lf.length; start = nextLine(lf, start)) {
    const first = lf[start];
    if (first === '\n' || first === '#') continue;
    if (first === ' ' || first === '\t') {
      // A root indented as a whole keeps its keys off column 0: then nothing at column 0 is the root's own key.
      if (keys === 0 && !/^[ \t]*(?:#.*)?$/.test(lf.slice(start, nextLine(lf, start)).trimEnd())) return undefined;
      continue;
    }
    const end = lf.indexOf('\n', start);
    const line = lf.slice(start, end === -1 ? lf.length : end);
    if (line === '---' || /^---[ \t]+(?:#.*)?$/.test(line)) continue;
    // A quote left open runs on into the next lines: what stands at column 0 there may be inside a string.
    if (oddCount(line, '"') || oddCount(line, "'")) return undefined;
    // A block sequence may stand at its key's column (`rules:` then `- apiGroups: …`), not at the document's start.
    if (SEQUENCE_ENTRY.test(line) && keys > 0) continue;
    if (!PLAIN_KEY.test(line)) return undefined;
    keys++;
    if (!line.startsWith('kind')) continue;
    const match = KIND_LINE.exec(line);
    // `kind:` with its value elsewhere (next line, an alias, a tag) or `kind` as the start of a longer key.
    if (!match) {
      if (/^kind[ \t]*:/.test(line)) return undefined;
      continue;
    }
    seen++;
    kind = match[1] ?? match[2] ?? match[3];
  }
  return seen === 1 ? kind : undefined;
}

function nextLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end + 1;
}

function oddCount(line: string, quote: string): boolean {
  return line.split(quote).length % 2 === 0;
}
