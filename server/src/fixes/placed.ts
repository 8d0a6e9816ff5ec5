// Document edits aimed at the place of an object in its file: what relational rules' fixes are made of.
import type { Scalar } from 'yaml';
import type { IndexedObject } from '../model/objectIndex';
import type { TextChange } from '../yaml/span';
import { FileChange, placeChange } from './fix';

/** A change made in the object's document, aimed at the document's place in its file. */
export function placed(at: IndexedObject, change: TextChange | undefined): FileChange | undefined {
  return change && placeChange(change, at.place);
}

/** Writes `source` (YAML as written: `1`, `Recreate`) over a plain scalar; undefined for a quoted or block one. */
export function placedReplacePlain(at: IndexedObject, node: Scalar, source: string): FileChange | undefined {
  if (!node.range || node.type !== 'PLAIN') return undefined;
  return placed(at, { start: node.range[0], end: node.range[1], text: source });
}
