// "Disable <rule> for this object": the annotation `k8s-persistence.io/ignore` in the object's metadata.
import { isMap, isScalar } from 'yaml';
import type { IndexedObject } from '../model/objectIndex';
import { insertMapPair, insertPair, layoutOf, replaceScalar, yamlString } from '../yaml/edits';
import { mapAt, pairOf } from '../yaml/nodes';
import type { FileChange } from './fix';
import { placed } from './placed';

export const IGNORE_ANNOTATION = 'k8s-persistence.io/ignore';

/** The rule ids an object's annotation silences. */
export function ignoredRules(annotations: ReadonlyMap<string, string>): Set<string> {
  const value = annotations.get(IGNORE_ANNOTATION);
  return new Set(value ? value.split(',').map((id) => id.trim()).filter(Boolean) : []);
}

/** Adds `ruleId` to the annotation, creating it (and `annotations:`) in block style where needed. */
export function ignoreOnObject(at: IndexedObject, ruleId: string): FileChange | undefined {
  const { object, text } = at;
  const metadata = object.metadata;
  if (!metadata || metadata.flow) return undefined;
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const value = `"${ruleId}"`;
  const annotations = mapAt(metadata, 'annotations');
  const pair = pairOf(annotations, IGNORE_ANNOTATION);
  if (pair && isScalar(pair.value)) {
    const ids = [...ignoredRules(object.annotations), ruleId].join(',');
    return placed(at, replaceScalar(text, pair.value, ids));
  }
  if (pair) return undefined;
  if (annotations) return annotations.flow ? undefined : placed(at, insertPair(text, annotations, yamlString(IGNORE_ANNOTATION), () => ` ${value}`, layout));
  if (pairOf(metadata, 'annotations') && !isMap(pairOf(metadata, 'annotations')?.value)) return undefined;
  return placed(at, insertMapPair(text, metadata, 'annotations', [`${IGNORE_ANNOTATION}: ${value}`], layout));
}
