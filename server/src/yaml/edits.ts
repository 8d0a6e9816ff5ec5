// Minimal text changes on YAML source: each touches only the lines of the node it edits, keeps the file's own
// indentation and line endings, and returns undefined where the layout is one it cannot edit safely (flow style).
import { isMap, isScalar, isSeq, Node, Pair, parse, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { TextChange } from './span';

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the newline of the line on which a node ending at `end` ends. */
function endOfLastLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * The end (past its newline) of the block whose first line starts at `start` and whose key or dash stands at
 * `column`: the lines indented deeper belong to it, and so do `-` items at that column when `itemsAtColumn` (a
 * sequence written flush with its key). Blank lines and comment lines belong to it only when more of it follows: a
 * comment after a node's last line may be about what comes next (a `disable-next-line` directive), so it stays. The parser's ranges cannot tell this: after a trailing comment they run on to
 * the next token, which stands on the next key's line.
 */
export function blockEnd(text: string, start: number, column: number, itemsAtColumn: boolean): number {
  let end = nextLineStart(text, start);
  for (let at = end; at < text.length; ) {
    const next = nextLineStart(text, at);
    const line = text.slice(at, next).replace(/\r?\n$/, '');
    const content = line.trim();
    const indent = line.length - line.trimStart().length;
    if (content !== '' && !content.startsWith('#')) {
      if (indent > column || (itemsAtColumn && indent === column && /^-(?:\s|$)/.test(content))) end = next;
      else break;
    }
    at = next;
  }
  return end;
}

/** The end of a node's lines: its block, or for a flow collection (whose range is exact) past its closing bracket. */
function nodeLinesEnd(text: string, start: number, column: number, node: Node | null | undefined): number {
  const end = blockEnd(text, start, column, isSeq(node) && !node.flow);
  const flow = (isMap(node) || isSeq(node)) && node.flow && node.range ? endOfLastLine(text, node.range[1]) : 0;
  return Math.max(end, flow);
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** A scalar as YAML source: plain when that reads back as the same string (not `true`, `1e3`...), else quoted. */
export function yamlString(value: string, quote?: string): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"' || !PLAIN_SAFE.test(value) || parse(value) !== value) return JSON.stringify(value);
  return value;
}

/** Replaces a scalar's value, keeping the quotes it was written with; not a block scalar (`|`, `>`), left alone. */
export function replaceScalar(text: string, node: Scalar, value: string): TextChange | undefined {
  if (!node.range || node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return undefined;
  const [start, end] = node.range;
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : undefined;
  return { start, end, text: yamlString(value, quote) };
}

/** The offset of the `- ` indicator line of a block sequence item, or undefined when the item is not alone on it. */
function itemLineStart(text: string, item: Node): number | undefined {
  if (!item.range) return undefined;
  let i = item.range[0] - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '-') return undefined;
  const start = lineStart(text, i);
  return /^[ \t]*$/.test(text.slice(start, i)) ? start : undefined;
}

/** Deletes one pair of a block map, lines and all. */
export function removePair(text: string, map: YAMLMap, pair: Pair): TextChange | undefined {
  if (map.flow || !isScalar(pair.key) || !pair.key.range) return undefined;
  const keyStart = pair.key.range[0];
  const start = lineStart(text, keyStart);
  if (!/^[ \t]*$/.test(text.slice(start, keyStart))) return undefined;
  return { start, end: nodeLinesEnd(text, start, keyStart - start, pair.value as Node | null), text: '' };
}

/** Deletes one item of the sequence held by `pair`; when it is the last one, the emptied key goes too. */
export function removeSeqItem(text: string, map: YAMLMap, pair: Pair, item: Node): TextChange | undefined {
  const seq = pair.value;
  if (!isSeq(seq) || !item.range) return undefined;
  if (seq.items.length === 1) return removePair(text, map, pair);
  if (seq.flow) return removeFlowItem(text, seq, item);
  const start = itemLineStart(text, item);
  if (start === undefined) return undefined;
  return { start, end: nodeLinesEnd(text, start, text.indexOf('-', start) - start, item), text: '' };
}

/** Cuts an item and its comma; not where comments stand in the cut, which would lose or move them. */
function removeFlowItem(text: string, seq: YAMLSeq, item: Node): TextChange | undefined {
  const index = seq.items.indexOf(item);
  const next = seq.items[index + 1] as Node | undefined;
  const previous = seq.items[index - 1] as Node | undefined;
  let change: TextChange | undefined;
  if (next?.range && item.range) change = { start: item.range[0], end: next.range[0], text: '' };
  else if (previous?.range && item.range) change = { start: previous.range[1], end: item.range[1], text: '' };
  return change && !text.slice(change.start, change.end).includes('#') ? change : undefined;
}

/** How a file lays out block collections: the indentation step of maps and of sequence items under a key. */
export interface Layout {
  readonly indent: number;
  readonly seqIndent: number;
  readonly eol: string;
}

/** Reads the layout from a block map nested in `outer` and from the first block sequence under a key in `sample`. */
export function layoutOf(text: string, outer: YAMLMap, sample: YAMLMap | undefined): Layout {
  let indent = 2;
  for (const pair of outer.items) {
    const inner = pair.value;
    if (isMap(inner) && !inner.flow && isScalar(pair.key) && pair.key.range && inner.items[0]?.key) {
      const innerKey = inner.items[0].key as Node;
      if (innerKey.range) indent = Math.max(1, column(text, innerKey.range[0]) - column(text, pair.key.range[0]));
      break;
    }
  }
  let seqIndent = indent;
  for (const pair of sample?.items ?? []) {
    const seq = pair.value;
    const first = isSeq(seq) && !seq.flow ? (seq.items[0] as Node | undefined) : undefined;
    const itemStart = first && itemLineStart(text, first);
    if (first?.range && itemStart !== undefined && isScalar(pair.key) && pair.key.range) {
      const dash = text.lastIndexOf('-', first.range[0]);
      seqIndent = Math.max(0, column(text, dash) - column(text, pair.key.range[0]));
      break;
    }
  }
  return { indent, seqIndent, eol: eolOf(text) };
}

/** Indents the lines of a block (written with 2-space steps) to `base` columns, in the file's own step. */
export function indentBlock(lines: readonly string[], base: number, layout: Layout): string {
  return lines
    .map((line) => {
      const depth = (line.length - line.trimStart().length) / 2;
      return ' '.repeat(base + depth * layout.indent) + line.trimStart();
    })
    .join(layout.eol);
}

/** Appends an item (lines starting with `- `) to a block sequence, at its items' indentation. */
export function appendSeqItem(text: string, seq: YAMLSeq, itemLines: readonly string[], layout: Layout): TextChange | undefined {
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (seq.flow || !last?.range) return undefined;
  const dashLine = itemLineStart(text, last);
  if (dashLine === undefined) return undefined;
  const dash = text.indexOf('-', dashLine);
  const at = nodeLinesEnd(text, dashLine, dash - dashLine, last);
  const lead = at === text.length && !text.endsWith('\n') ? layout.eol : '';
  return { start: at, end: at, text: lead + itemBlock(itemLines, column(text, dash), layout) + layout.eol };
}

/**
 * Gives a key whose value is empty (nothing, `null` or `[]`) a one-item block sequence on the lines below it.
 */
export function fillEmptySeq(
  text: string,
  map: YAMLMap,
  pair: Pair,
  itemLines: readonly string[],
  layout: Layout,
): TextChange | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const empty = value === null || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0);
  if (map.flow || !key?.range || !empty) return undefined;
  const items = itemBlock(itemLines, column(text, key.range[0]) + layout.seqIndent, layout);
  if (value?.range && value.range[1] > value.range[0]) {
    let start = value.range[0];
    while (text[start - 1] === ' ' || text[start - 1] === '\t') start--;
    return { start, end: value.range[1], text: layout.eol + items };
  }
  const at = endOfLastLine(text, key.range[1]);
  const lead = text.slice(0, at).endsWith('\n') ? '' : layout.eol;
  return { start: at, end: at, text: lead + items + layout.eol };
}

/** Item lines are written `- key:` / `  child:`; the item's own content sits two columns after its dash. */
function itemBlock(itemLines: readonly string[], dashColumn: number, layout: Layout): string {
  const [first, ...rest] = itemLines;
  const content = indentBlock(rest.map((line) => line.slice(2)), dashColumn + 2, layout);
  return ' '.repeat(dashColumn) + first + (rest.length ? layout.eol + content : '');
}

/**
 * Adds `key:` holding a one-item block sequence to a block map: before the pair named `before` (and the comment
 * lines just above it), or after the map's last pair.
 */
export function insertSeqPair(
  text: string,
  map: YAMLMap,
  key: string,
  itemLines: readonly string[],
  layout: Layout,
  before?: Pair,
): TextChange | undefined {
  return insertPair(text, map, key, (keyColumn) => layout.eol + itemBlock(itemLines, keyColumn + layout.seqIndent, layout), layout, before);
}

/** Adds `key: value` (a scalar, written as YAML source) to a block map, like insertSeqPair. */
export function insertScalarPair(
  text: string,
  map: YAMLMap,
  key: string,
  source: string,
  layout: Layout,
  before?: Pair,
): TextChange | undefined {
  return insertPair(text, map, key, () => ` ${source}`, layout, before);
}

/** Adds `key:` holding a block map (lines written with 2-space steps, from column 0) to a block map, like insertSeqPair. */
export function insertMapPair(
  text: string,
  map: YAMLMap,
  key: string,
  valueLines: readonly string[],
  layout: Layout,
  before?: Pair,
): TextChange | undefined {
  return insertPair(text, map, key, (keyColumn) => layout.eol + indentBlock(valueLines, keyColumn + layout.indent, layout), layout, before);
}

/** Adds `key:` and the value `valueBlock` writes for the key's column to a block map, like insertSeqPair. */
export function insertPair(
  text: string,
  map: YAMLMap,
  key: string,
  /** The text after `key:`, from the colon to the end of the value's last line. */
  valueBlock: (keyColumn: number) => string,
  layout: Layout,
  before?: Pair,
): TextChange | undefined {
  const firstKey = map.items[0]?.key as Node | undefined;
  if (map.flow || !firstKey?.range) return undefined;
  const keyColumn = column(text, firstKey.range[0]);
  const block = ' '.repeat(keyColumn) + key + ':' + valueBlock(keyColumn) + layout.eol;
  const beforeKey = before?.key as Node | undefined;
  if (beforeKey?.range) {
    // Comments just above the key, at its column, are about it: the new key goes above them. (A deeper `#` line
    // may be the text of the previous key's block scalar.)
    const commentAtKey = new RegExp(`^ {${keyColumn}}#`);
    let at = lineStart(text, beforeKey.range[0]);
    while (at > 0) {
      const previous = lineStart(text, at - 1);
      if (!commentAtKey.test(text.slice(previous, at))) break;
      at = previous;
    }
    return { start: at, end: at, text: block };
  }
  const last = map.items[map.items.length - 1];
  const lastKey = last.key as Node | null;
  if (!lastKey?.range) return undefined;
  const at = nodeLinesEnd(text, lineStart(text, lastKey.range[0]), keyColumn, last.value as Node | null);
  const lead = at === text.length && !text.endsWith('\n') ? layout.eol : '';
  return { start: at, end: at, text: lead + block };
}

/**
 * A removal of whole lines that keeps their comments: each comment line, and each comment after a value, stays as a
 * comment line at the first removed line's indentation. A comment is the user's, even where its node goes. Our own
 * directives go with their node: kept, they would silence whatever comes next; so do comments that a fix moves
 * (found in `movedTo`).
 */
export function keepingComments(text: string, removal: TextChange, movedTo = ''): TextChange {
  const removed = text.slice(removal.start, removal.end);
  // Only a removal of whole lines has comments to keep; a replacement writes its own text.
  if (removal.text !== '' || !removed.includes('#')) return removal;
  const indent = /^[ \t]*/.exec(removed)![0];
  const eol = eolOf(text);
  const comments = removed
    .split(/\r?\n/)
    .flatMap((line) => {
      const at = commentStart(line);
      return at === undefined ? [] : [line.slice(at).trimEnd()];
    })
    .filter((comment) => !/^#\s*k8s-persistence-disable/.test(comment) && !movedTo.includes(comment));
  return comments.length === 0 ? removal : { ...removal, text: comments.map((c) => `${indent}${c}${eol}`).join('') };
}

/** Where a line's comment starts: a `#` at its start or after a blank, outside quotes; undefined when it has none. */
function commentStart(line: string): number | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return i;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  return undefined;
}
