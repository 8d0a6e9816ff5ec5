// A StorageClass: what happens to a dynamically provisioned volume when its claim goes, and when it is bound.
import type { YAMLMap } from 'yaml';
import { scalarAt } from '../yaml/nodes';
import { Valued, valued } from './claims';

export interface StorageClassSpec {
  readonly provisioner?: Valued;
  /** Absent means Delete: the volume is deleted with its claim. */
  readonly reclaimPolicy?: Valued;
  /** Absent means Immediate. */
  readonly volumeBindingMode?: Valued;
}

/** A StorageClass keeps its fields at the top level, beside `metadata`: it has no `spec`. */
export function storageClassOf(node: YAMLMap): StorageClassSpec {
  return {
    provisioner: valued(scalarAt(node, 'provisioner')),
    reclaimPolicy: valued(scalarAt(node, 'reclaimPolicy')),
    volumeBindingMode: valued(scalarAt(node, 'volumeBindingMode')),
  };
}
