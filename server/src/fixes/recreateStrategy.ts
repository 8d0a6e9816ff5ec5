// `strategy: {type: Recreate}` for a Deployment: the old Pods go before the new ones start.
import type { IndexedObject } from '../model/objectIndex';
import { column, eolOf, insertMapPair, keepingComments, layoutOf, removePair } from '../yaml/edits';
import { pairOf } from '../yaml/nodes';
import { FileChange } from './fix';
import { placed } from './placed';

const LINES = ['type: Recreate'];

/**
 * Writes `strategy:` / `  type: Recreate`, replacing a `strategy` block whole: a Recreate strategy may not keep
 * `rollingUpdate` ("may not be specified when strategy `type` is 'Recreate'"). The block's comments stay above it.
 */
export function setRecreateStrategy(at: IndexedObject): FileChange | undefined {
  const { object, text } = at;
  const spec = object.spec;
  if (!spec) return undefined;
  const layout = layoutOf(text, object.node, object.pod?.spec);
  const pair = object.workload?.strategyPair;
  if (!pair) return placed(at, insertMapPair(text, spec, 'strategy', LINES, layout, pairOf(spec, 'template')));
  const removal = removePair(text, spec, pair);
  if (!removal) return undefined;
  // The old block's comments stay, above the new one.
  const comments = keepingComments(text, removal).text;
  const keyColumn = column(text, (pair.key as { range: [number] }).range[0]);
  const eol = eolOf(text);
  const block = `${' '.repeat(keyColumn)}strategy:${eol}${' '.repeat(keyColumn + layout.indent)}${LINES[0]}${eol}`;
  return placed(at, { ...removal, text: comments + block });
}
