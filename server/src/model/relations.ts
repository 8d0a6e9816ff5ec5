// Joins the rules ask of the index: which claims a workload mounts, which autoscalers scale it, which workloads
// share a claim.
import { isMap, Node, Scalar } from 'yaml';
import { scalarAt } from '../yaml/nodes';
import type { Valued } from './claims';
import { IndexedObject, ObjectIndex, sameNamespace } from './objectIndex';
import type { PodVolume } from './workload';

export interface MountedClaim {
  readonly volume: PodVolume;
  readonly claimName: Scalar;
  readonly name: string;
  /** The PersistentVolumeClaim in view, when it is: one of the same name in the same namespace for certain. */
  readonly claim?: IndexedObject;
}

/** The `persistentVolumeClaim` pod volumes of a workload, each with its claim when in view. */
export function mountedClaims(subject: IndexedObject, index: ObjectIndex): MountedClaim[] {
  return (subject.object.pod?.volumes ?? []).flatMap((volume) => {
    if (volume.source?.type !== 'persistentVolumeClaim' || !isMap(volume.source.value)) return [];
    const claimName = scalarAt(volume.source.value, 'claimName');
    const name = claimName && typeof claimName.value === 'string' ? claimName.value : undefined;
    if (!claimName || !name) return [];
    const [claim] = index.resolve(subject.object, { kind: 'PersistentVolumeClaim', name });
    return [{ volume, claimName, name, claim }];
  });
}

const mountersByIndex = new WeakMap<ObjectIndex, Map<IndexedObject, { at: IndexedObject; claimName: Scalar }[]>>();

/** The workloads in view that mount `claim`, each with its `claimName` node: one join per index, not per question. */
export function mountersOf(claim: IndexedObject, index: ObjectIndex): readonly { at: IndexedObject; claimName: Scalar }[] {
  let byClaim = mountersByIndex.get(index);
  if (!byClaim) {
    byClaim = new Map();
    for (const at of index.objects) {
      if (!at.object.pod || at.object.kind === 'PodTemplate') continue;
      for (const mounted of mountedClaims(at, index)) {
        if (!mounted.claim) continue;
        const list = byClaim.get(mounted.claim);
        if (list) list.push({ at, claimName: mounted.claimName });
        else byClaim.set(mounted.claim, [{ at, claimName: mounted.claimName }]);
      }
    }
    mountersByIndex.set(index, byClaim);
  }
  return byClaim.get(claim) ?? [];
}

/** The autoscalers in view (HorizontalPodAutoscalers, KEDA ScaledObjects) that scale `subject`. */
export function autoscalersOf(subject: IndexedObject, index: ObjectIndex): IndexedObject[] {
  const { kind, name, namespace } = subject.object;
  return [...index.ofKind('HorizontalPodAutoscaler'), ...index.ofKind('ScaledObject')].filter(({ object }) => {
    const target = object.autoscaler?.target;
    return target?.kind === kind && target.name === name && sameNamespace(object.namespace, namespace) === 'yes';
  });
}

/**
 * The most replicas the workload may run, and what says so: `spec.replicas`, or an autoscaler's maximum (its node,
 * or the autoscaler's kind when the maximum is a default).
 */
export function mostReplicas(subject: IndexedObject, index: ObjectIndex): { value: number; at: IndexedObject; node: Node } | undefined {
  const candidates: { value: number; at: IndexedObject; node: Node }[] = [];
  const replicas: Valued<number> | undefined = subject.object.workload?.replicas;
  if (replicas) candidates.push({ value: replicas.value, at: subject, node: replicas.node });
  for (const autoscaler of autoscalersOf(subject, index)) {
    const max = autoscaler.object.autoscaler?.maxReplicas;
    if (max) candidates.push({ value: max.value, at: autoscaler, node: max.node ?? autoscaler.object.kindNode });
  }
  return candidates.sort((a, b) => b.value - a.value)[0];
}
