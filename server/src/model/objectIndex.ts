// The objects in view, for rules that relate objects: today those of one file, later those of the workspace.
// Rules ask this interface, never a file, so that a wider view is a new index and not new rules.
import type { Span } from '../yaml/span';
import { CLUSTER_SCOPED, K8sObject, Reference } from './objects';

/** Where a YAML document sits: its file, and the offset of its first character in that file. */
export interface DocumentPlace {
  readonly uri: string;
  readonly offset: number;
}

export interface IndexedObject {
  readonly object: K8sObject;
  readonly place: DocumentPlace;
  /** The text of the object's YAML document: its nodes' ranges are offsets into it. */
  readonly text: string;
}

export interface ObjectIndex {
  /** Every object in view (of its kind's own API group), in document order. */
  readonly objects: readonly IndexedObject[];
  ofKind(kind: string): readonly IndexedObject[];
  /** The objects a reference of `from` names, in the same namespace for certain (see `sameNamespace`). */
  resolve(from: K8sObject, reference: Pick<Reference, 'kind' | 'name' | 'namespace'>): readonly IndexedObject[];
}

/**
 * Whether two objects land in one namespace. An absent namespace is the one the object is applied to: two such
 * objects share it (they are applied together); one written and one absent may or may not.
 */
export function sameNamespace(a: string | undefined, b: string | undefined): 'yes' | 'no' | 'maybe' {
  if (a === b) return 'yes';
  return a === undefined || b === undefined ? 'maybe' : 'no';
}

export function createIndex(objects: readonly IndexedObject[]): ObjectIndex {
  const byKind = new Map<string, IndexedObject[]>();
  const byName = new Map<string, IndexedObject[]>();
  const add = (map: Map<string, IndexedObject[]>, key: string, entry: IndexedObject) => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  // Objects of another group than their kind's (CRDs named like built-in kinds) are not what references name.
  const builtin = objects.filter(({ object }) => object.builtin);
  for (const entry of builtin) {
    add(byKind, entry.object.kind, entry);
    if (entry.object.name !== undefined) add(byName, `${entry.object.kind}/${entry.object.name}`, entry);
  }
  return {
    objects: builtin,
    ofKind: (kind) => byKind.get(kind) ?? [],
    resolve(from, { kind, name, namespace }) {
      const wanted = namespace ?? from.namespace;
      return (byName.get(`${kind}/${name}`) ?? []).filter(
        ({ object }) => CLUSTER_SCOPED.has(kind) || sameNamespace(object.namespace, wanted) === 'yes',
      );
    },
  };
}

/** A node's span in its file: its document's offset added. */
export function placeSpan(place: DocumentPlace, span: Span): Span {
  return { start: place.offset + span.start, end: place.offset + span.end };
}
