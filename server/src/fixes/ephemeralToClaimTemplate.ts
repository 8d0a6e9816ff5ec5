// Moves a StatefulSet's generic ephemeral volume to its volumeClaimTemplates: the pod volume goes, and a claim template
// of the same name takes the ephemeral template's `spec` (and its metadata labels and annotations), copied as text so
// that comments and the way values are written stay as they were.
import { isAlias, isMap, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../model/objects';
import type { PodVolume } from '../model/workload';
import { appendSeqItem, blockEnd, fillEmptySeq, insertSeqPair, layoutOf, lineStart, yamlString } from '../yaml/edits';
import { mapAt, pairOf } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';
import { DocumentFix, fix } from './fix';
import { removeVolume } from './volumes';

const leading = (line: string) => line.length - line.trimStart().length;

/**
 * The lines of a block map's pair (its key line, the comment lines just above it at its column, and every line of its
 * value), moved so that the key stands at `keyColumn`. Undefined when the key does not start its line or the value is
 * a flow collection spread over several lines (its lines do not follow the block's indentation).
 */
export function pairLines(text: string, map: YAMLMap, pair: Pair, keyColumn: number): string[] | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  if (map.flow || !isScalar(key) || !key.range || isAlias(value)) return undefined;
  if ((isMap(value) || isSeq(value)) && value.flow && value.range && text.slice(value.range[0], value.range[1]).includes('\n')) {
    return undefined;
  }
  const keyStart = lineStart(text, key.range[0]);
  const column = key.range[0] - keyStart;
  if (text.slice(keyStart, key.range[0]).trim() !== '') return undefined;
  let start = keyStart;
  const commentAtKey = new RegExp(`^ {${column}}#`);
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    if (!commentAtKey.test(text.slice(previous, start))) break;
    start = previous;
  }
  const end = blockEnd(text, keyStart, column, isSeq(value) && !value.flow);
  const shift = keyColumn - column;
  return text
    .slice(start, end)
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '' : ' '.repeat(Math.max(0, leading(line) + shift)) + line.trimStart()));
}

/**
 * The change that adds a claim template named `name` holding `metaPairs` (under its metadata, beside the name) and
 * `specPair` (copied from `from`): appended to `volumeClaimTemplates`, or as a new key placed before `template`.
 */
function addCopiedClaimTemplate(
  text: string,
  object: K8sObject,
  name: string,
  from: YAMLMap,
  metaPairs: readonly { map: YAMLMap; pair: Pair }[],
  specPair: Pair,
): TextChange | undefined {
  const spec = object.spec;
  if (!spec) return undefined;
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const nameLine = `name: ${yamlString(name)}`;
  const skeleton = ['- metadata:', `    ${nameLine}`];
  const pair = object.claimTemplatesPair;
  let change: TextChange | undefined;
  if (!pair) change = insertSeqPair(text, spec, 'volumeClaimTemplates', skeleton, layout, pairOf(spec, 'template'));
  else if (isSeq(pair.value) && pair.value.items.length > 0) change = appendSeqItem(text, pair.value, skeleton, layout);
  else change = fillEmptySeq(text, spec, pair, skeleton, layout);
  if (!change) return undefined;
  // The skeleton's two lines are in the change's text: find the columns they were given in this file's layout.
  const dash = change.text.indexOf('- metadata:');
  const nameAt = change.text.indexOf(nameLine, dash);
  if (dash < 0 || nameAt < 0) return undefined;
  const columnIn = (offset: number) => offset - (change.text.lastIndexOf('\n', offset) + 1);
  const copied: string[] = [];
  for (const { map, pair: metaPair } of metaPairs) {
    const lines = pairLines(text, map, metaPair, columnIn(nameAt));
    if (!lines) return undefined;
    copied.push(...lines);
  }
  const specLines = pairLines(text, from, specPair, columnIn(dash) + 2);
  if (!specLines) return undefined;
  copied.push(...specLines);
  const at = nameAt + nameLine.length;
  const inserted = copied.map((line) => layout.eol + line).join('');
  return { ...change, text: change.text.slice(0, at) + inserted + change.text.slice(at) };
}

/**
 * "Move ephemeral volume V to volumeClaimTemplates": removes V from the pod volumes and adds a claim template named V
 * whose spec is V's `ephemeral.volumeClaimTemplate.spec` and whose labels and annotations are V's. The volumeMounts
 * already name V, so they mount the claim template. Undefined on flow-style layouts.
 */
export function moveEphemeralToClaimTemplate(
  text: string,
  object: K8sObject,
  volume: PodVolume,
  preferred: boolean,
): DocumentFix | undefined {
  const name = volume.name;
  const source = volume.source?.value;
  if (!name || volume.source?.type !== 'ephemeral' || !isMap(source) || source.flow) return undefined;
  const template = mapAt(source, 'volumeClaimTemplate');
  const specPair = pairOf(template, 'spec');
  if (!template || template.flow || !specPair || !isMap(specPair.value)) return undefined;
  const metadata = pairOf(template, 'metadata')?.value;
  const metaPairs: { map: YAMLMap; pair: Pair }[] = [];
  if (isMap(metadata)) {
    for (const key of ['labels', 'annotations']) {
      const pair = pairOf(metadata, key);
      if (pair) metaPairs.push({ map: metadata, pair });
    }
  } else if (metadata !== undefined && metadata !== null && !(isScalar(metadata) && metadata.value === null)) {
    return undefined;
  }
  const added = addCopiedClaimTemplate(text, object, name, template, metaPairs, specPair);
  // The comments of the copied spec and metadata move with them; the volume's others stay where it was.
  return fix(`Move ephemeral volume '${name}' to volumeClaimTemplates`, preferred, [removeVolume(text, object, volume, added?.text), added]);
}
