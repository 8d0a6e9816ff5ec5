// Small typed accessors over the `yaml` syntax tree. They read the tree as written and never resolve aliases,
// so alias bombs cost nothing.
import { isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from './span';

export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  for (const item of map.items) {
    if (isScalar(item.key) && item.key.value === key) return item as Pair;
  }
  return undefined;
}

export function mapAt(map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const value = pairOf(map, key)?.value;
  return isMap(value) ? value : undefined;
}

export function seqAt(map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  const value = pairOf(map, key)?.value;
  return isSeq(value) ? value : undefined;
}

export function scalarAt(map: YAMLMap | undefined, key: string): Scalar | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) ? value : undefined;
}

/** The scalar's value as a string, or undefined when it is not a string-like scalar (null, a map...). */
export function stringAt(map: YAMLMap | undefined, key: string): string | undefined {
  return scalarString(scalarAt(map, key));
}

export function scalarString(node: Scalar | undefined): string | undefined {
  if (!node || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'object' ? undefined : String(node.value);
}

export function mapsOf(seq: YAMLSeq | undefined): YAMLMap[] {
  return seq ? seq.items.filter((item): item is YAMLMap => isMap(item)) : [];
}

/** A node's extent without trailing comments: `[start, valueEnd)`. */
export function spanOf(node: Node | null | undefined): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

/** Whether `offset` falls on the node (either end included, so a cursor just after a word counts). */
export function within(node: Node | null | undefined, offset: number): node is Node {
  return !!node?.range && node.range[0] <= offset && offset <= node.range[1];
}
