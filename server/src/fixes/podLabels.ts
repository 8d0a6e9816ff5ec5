// Edits that give a workload's pod template the labels its selector asks for: a label's value is replaced (keeping
// its quotes), a missing label goes after the last one in `template.metadata.labels`, and `labels:` (or `metadata:`
// with `labels:` in it) is created when the template has none. Block style only: a flow map on the way, a key whose
// value is empty or not a map, or a label written twice, gives up (undefined).
import { isMap, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../model/objects';
import { POD_SPEC_PATHS } from '../model/workload';
import { blockEnd, column, indentBlock, Layout, layoutOf, lineStart, replaceScalar, yamlString } from '../yaml/edits';
import { mapAt, pairOf, scalarString } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';

/** The pod template map of a workload (`spec.template`, `spec.jobTemplate.spec.template`...), as written. */
export function podTemplateMap(object: K8sObject): YAMLMap | undefined {
  const path = POD_SPEC_PATHS.get(object.kind);
  if (!path || path.length < 2) return undefined;
  let map: YAMLMap | undefined = object.node;
  for (const key of path.slice(0, -1)) map = mapAt(map, key);
  return map;
}

/** Sets each of `labels` on the pod template of `object`; undefined when the layout is not one we edit. */
export function setPodLabels(text: string, object: K8sObject, labels: ReadonlyMap<string, string>): TextChange[] | undefined {
  const template = podTemplateMap(object);
  if (!template || template.flow || labels.size === 0) return undefined;
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const metadataPair = pairOf(template, 'metadata');
  const metadata = mapAt(template, 'metadata');
  const labelsPair = pairOf(metadata, 'labels');
  const labelsMap = mapAt(metadata, 'labels');
  const changes: TextChange[] = [];
  const added: string[] = [];
  for (const [key, value] of labels) {
    const same = labelsMap?.items.filter((pair) => isScalar(pair.key) && scalarString(pair.key) === key) ?? [];
    // Written twice, the label is one the API server refuses (a duplicate field) or reads as the last: no guess.
    if (same.length > 1) return undefined;
    const [existing] = same;
    if (!existing) {
      added.push(`${yamlString(key)}: ${yamlString(value)}`);
      continue;
    }
    // `key:` with no value has an empty range: there is nothing to replace in place.
    const node = existing.value;
    if (!isScalar(node) || !node.range || node.range[0] === node.range[1]) return undefined;
    const change = replaceScalar(text, node, value);
    if (!change) return undefined;
    changes.push(change);
  }
  if (added.length === 0) return changes;
  let change: TextChange | undefined;
  if (labelsMap) change = appendPairLines(text, labelsMap, added, layout);
  else if (labelsPair) return undefined;
  else if (metadata) change = appendPairLines(text, metadata, ['labels:', ...added.map((line) => `  ${line}`)], layout);
  else if (metadataPair) return undefined;
  else change = prependPairLines(text, template, ['metadata:', '  labels:', ...added.map((line) => `    ${line}`)], layout);
  return change ? [...changes, change] : undefined;
}

/** The column of a block map's keys, when the map is block style and its first key has a position. */
function keyColumn(text: string, map: YAMLMap): number | undefined {
  const first = map.items[0]?.key as Node | undefined;
  if (map.flow || !first?.range) return undefined;
  return column(text, first.range[0]);
}

/** The offset just past the lines of a pair of a block map whose keys stand at `keyCol`. */
function pairLinesEnd(text: string, pair: Pair, keyCol: number): number | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const value = pair.value as Node | null;
  const end = blockEnd(text, lineStart(text, key.range[0]), keyCol, isSeq(value) && !value.flow);
  if ((isMap(value) || isSeq(value)) && value.flow && value.range) {
    // A flow collection may run over several lines: its range is exact, so its last line ends the pair.
    const close = value.range[1];
    const newline = close > 0 && text[close - 1] === '\n' ? close - 1 : text.indexOf('\n', close);
    return Math.max(end, newline === -1 ? text.length : newline + 1);
  }
  return end;
}

/** Adds lines (2-space steps, from column 0) after the last pair of a block map, at its keys' column. */
export function appendPairLines(text: string, map: YAMLMap, lines: readonly string[], layout: Layout): TextChange | undefined {
  const keyCol = keyColumn(text, map);
  const last = map.items[map.items.length - 1];
  const at = keyCol === undefined || !last ? undefined : pairLinesEnd(text, last, keyCol);
  if (keyCol === undefined || at === undefined) return undefined;
  const lead = at === text.length && !text.endsWith('\n') ? layout.eol : '';
  return { start: at, end: at, text: lead + indentBlock(lines, keyCol, layout) + layout.eol };
}

/** Adds lines (2-space steps, from column 0) before the first pair of a block map, when that key starts its line. */
export function prependPairLines(text: string, map: YAMLMap, lines: readonly string[], layout: Layout): TextChange | undefined {
  const keyCol = keyColumn(text, map);
  const first = map.items[0]?.key as Node | undefined;
  if (keyCol === undefined || !first?.range) return undefined;
  const at = lineStart(text, first.range[0]);
  if (!/^[ \t]*$/.test(text.slice(at, first.range[0]))) return undefined;
  return { start: at, end: at, text: indentBlock(lines, keyCol, layout) + layout.eol };
}
