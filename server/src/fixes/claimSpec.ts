// Edits that complete or correct a claim spec (a PersistentVolumeClaim's, a volumeClaimTemplate's, an ephemeral
// volume's): add accessModes, add a storage request, add a whole spec, keep one access mode. Each writes block
// style in the file's own indentation and line endings, touches only the lines it adds or the node it edits, and
// gives up (undefined) on flow-style maps and on layouts it cannot read.
import { isMap, isScalar, isSeq, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { TextChange } from '../yaml/span';
import { blockEnd, column, fillEmptySeq, insertSeqPair, keepingComments, Layout, layoutOf, lineStart, removeSeqItem, yamlString } from '../yaml/edits';

/** A block to write: `key: scalar`, `key:` over a block sequence of scalars, or `key:` over nested entries. */
export type BlockEntry = readonly [key: string, value: string | { readonly seq: readonly string[] } | readonly BlockEntry[]];

/** The lines of `entries` with their keys at `keyColumn`, in the layout's steps (no trailing line end). */
export function renderBlock(entries: readonly BlockEntry[], keyColumn: number, layout: Layout): string[] {
  const pad = ' '.repeat(keyColumn);
  return entries.flatMap(([key, value]) => {
    if (typeof value === 'string') return [`${pad}${key}: ${value}`];
    if ('seq' in value) {
      const dash = ' '.repeat(keyColumn + layout.seqIndent);
      return [`${pad}${key}:`, ...(value as { seq: readonly string[] }).seq.map((item) => `${dash}- ${item}`)];
    }
    return [`${pad}${key}:`, ...renderBlock(value as readonly BlockEntry[], keyColumn + layout.indent, layout)];
  });
}

/** The entries of a storage request: `resources: {requests: {storage: <storage>}}` from the given depth down. */
export function storageEntries(storage: string, from: 'resources' | 'requests' | 'storage'): BlockEntry[] {
  const leaf: BlockEntry = ['storage', yamlString(storage)];
  if (from === 'storage') return [leaf];
  if (from === 'requests') return [['requests', [leaf]]];
  return [['resources', [['requests', [leaf]]]]];
}

/** The end (past its line end) of a pair's lines: its key's line and every line of its value. */
function pairLinesEnd(text: string, pair: Pair): number | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const start = lineStart(text, key.range[0]);
  const value = pair.value as Node | null;
  let end = blockEnd(text, start, key.range[0] - start, isSeq(value) && !value.flow);
  // A flow collection's range is exact; it may run on past the lines its indentation claims.
  if ((isMap(value) || isSeq(value)) && value.flow && value.range) {
    const newline = text.indexOf('\n', value.range[1]);
    end = Math.max(end, newline === -1 ? text.length : newline + 1);
  }
  return end;
}

/** Adds `entries` to a block map, after its last pair. */
export function appendPairs(text: string, map: YAMLMap, entries: readonly BlockEntry[], layout: Layout): TextChange | undefined {
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  if (map.flow || !first?.range || !last) return undefined;
  const keyColumn = column(text, first.range[0]);
  // Keys of a block map share a column; a key that follows a `- ` on its line is the first key of a list item.
  if (!/^[ \t-]*$/.test(text.slice(lineStart(text, first.range[0]), first.range[0]))) return undefined;
  const at = pairLinesEnd(text, last);
  if (at === undefined) return undefined;
  const lead = at === text.length && !text.endsWith('\n') ? layout.eol : '';
  return { start: at, end: at, text: lead + renderBlock(entries, keyColumn, layout).join(layout.eol) + layout.eol };
}

/** Gives a key with no value (nothing or `null`/`~`) the nested `entries` on the lines below it. */
export function fillEmptyPair(text: string, map: YAMLMap, pair: Pair, entries: readonly BlockEntry[], layout: Layout): TextChange | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const empty = value === null || (isScalar(value) && value.value === null);
  if (map.flow || !key?.range || !empty) return undefined;
  const block = renderBlock(entries, column(text, key.range[0]) + layout.indent, layout).join(layout.eol);
  if (value?.range && value.range[1] > value.range[0]) {
    let start = value.range[0];
    while (text[start - 1] === ' ' || text[start - 1] === '\t') start--;
    return { start, end: value.range[1], text: layout.eol + block };
  }
  const newline = text.indexOf('\n', key.range[1]);
  const at = newline === -1 ? text.length : newline + 1;
  const lead = text.slice(0, at).endsWith('\n') ? '' : layout.eol;
  return { start: at, end: at, text: lead + block + layout.eol };
}

/** The layout of the file, its sequence step read from the first of `samples` that holds a block sequence. */
export function fileLayout(text: string, root: YAMLMap, samples: readonly (YAMLMap | undefined)[]): Layout {
  const sample = samples.find((map) => map?.items.some((pair) => isSeq(pair.value) && !pair.value.flow && pair.value.items.length > 0));
  return layoutOf(text, root, sample);
}

/**
 * Gives a claim spec the access mode `mode`: a new `accessModes` key above the spec's first key, or the items of an
 * empty one (`accessModes:`, `accessModes: []`).
 */
export function addAccessMode(text: string, spec: YAMLMap, pair: Pair | undefined, mode: string, layout: Layout): TextChange | undefined {
  const items = [`- ${mode}`];
  if (pair) return fillEmptySeq(text, spec, pair, items, layout);
  return insertSeqPair(text, spec, 'accessModes', items, layout, spec.items[0]);
}

/**
 * Completes `resources.requests.storage` in a claim spec: the first missing level and what lies below it, after the
 * last pair of the map that should hold it, or under a key that has no value.
 */
export function addStorageRequest(text: string, spec: YAMLMap, storage: string, layout: Layout): TextChange | undefined {
  let map = spec;
  for (const key of ['resources', 'requests', 'storage'] as const) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
    if (!pair) return appendPairs(text, map, storageEntries(storage, key), layout);
    // A `storage:` key is there already (without a value): which size was meant is not ours to guess.
    if (key === 'storage') return undefined;
    if (isMap(pair.value)) {
      map = pair.value;
      continue;
    }
    const below = key === 'resources' ? storageEntries(storage, 'requests') : storageEntries(storage, 'storage');
    return fillEmptyPair(text, map, pair, below, layout);
  }
  return undefined;
}

/** Adds a `spec` holding `accessModes` and a storage request to a claim template that has none. */
export function addClaimSpec(text: string, holder: YAMLMap, mode: string, storage: string, layout: Layout): TextChange | undefined {
  return appendPairs(text, holder, [['spec', [['accessModes', { seq: [mode] }], ...storageEntries(storage, 'resources')]]], layout);
}

/** Keeps `keep` alone in an access mode list: the other items' lines go (a flow list is rewritten whole). */
export function keepOnlyItem(text: string, spec: YAMLMap, pair: Pair, keep: Node): TextChange[] | undefined {
  const seq = pair.value;
  if (!isSeq(seq) || !keep.range) return undefined;
  if (seq.flow) {
    if (!seq.range || text.slice(seq.range[0], seq.range[1]).includes('#')) return undefined;
    return [{ start: seq.range[0], end: seq.range[1], text: `[${text.slice(keep.range[0], keep.range[1])}]` }];
  }
  const changes: TextChange[] = [];
  for (const item of (seq as YAMLSeq).items as Node[]) {
    if (item === keep) continue;
    const change = removeSeqItem(text, spec, pair, item);
    if (!change) return undefined;
    changes.push(keepingComments(text, change));
  }
  return changes;
}
