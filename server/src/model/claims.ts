// The spec of a PersistentVolumeClaim, read the same way for a claim object, a StatefulSet's volumeClaimTemplates
// entry and a generic ephemeral volume's template.
import { isScalar, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { mapAt, pairOf, scalarAt, scalarString, seqAt } from '../yaml/nodes';

/** A scalar field's value as a string, with the node it was read from. */
export interface Valued<T = string> {
  readonly value: T;
  readonly node: Scalar;
}

export interface ClaimSpec {
  /** The `spec` map; absent when the claim has none. */
  readonly node?: YAMLMap;
  readonly accessModes?: { readonly values: readonly Valued[]; readonly node: YAMLSeq };
  readonly accessModesPair?: Pair;
  readonly storageClassName?: Valued;
  /** `resources.requests.storage`. */
  readonly storage?: Valued;
  readonly resourcesPair?: Pair;
  readonly volumeMode?: Valued;
  readonly volumeName?: Valued;
}

/** The access modes a claim can ask for (core/v1 PersistentVolumeAccessMode). */
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
/** Modes that let only one node (RWO) or one Pod (RWOP) use the volume at a time. */
export const SINGLE_NODE_MODES = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

export function claimSpecOf(spec: YAMLMap | undefined): ClaimSpec {
  const modes = seqAt(spec, 'accessModes');
  const storageNode = scalarAt(mapAt(mapAt(spec, 'resources'), 'requests'), 'storage');
  return {
    node: spec,
    accessModes: modes && {
      node: modes,
      values: modes.items.flatMap((item) => (isScalar(item) && scalarString(item) ? [valued(item)!] : [])),
    },
    accessModesPair: pairOf(spec, 'accessModes'),
    storageClassName: valued(scalarAt(spec, 'storageClassName')),
    storage: valued(storageNode),
    resourcesPair: pairOf(spec, 'resources'),
    volumeMode: valued(scalarAt(spec, 'volumeMode')),
    volumeName: valued(scalarAt(spec, 'volumeName')),
  };
}

export function valued(node: Scalar | undefined): Valued | undefined {
  const value = scalarString(node);
  return node && value !== undefined ? { value, node } : undefined;
}

/** Whether every access mode written is one that a single node (or Pod) holds: the volume cannot be shared. */
export function singleNodeOnly(claim: ClaimSpec): boolean {
  const modes = claim.accessModes?.values ?? [];
  return modes.length > 0 && modes.every((mode) => SINGLE_NODE_MODES.has(mode.value));
}
