// What scales a workload, and how far: a HorizontalPodAutoscaler, or KEDA's ScaledObject (which drives one).
import type { YAMLMap } from 'yaml';
import { mapAt, scalarAt, stringAt } from '../yaml/nodes';
import type { Valued } from './claims';
import { numeric } from './workload';

export interface AutoscalerSpec {
  readonly target?: { readonly kind: string; readonly name: string; readonly node: YAMLMap };
  /** The most replicas it sets; for a ScaledObject without `maxReplicaCount`, KEDA's default 100 (no node). */
  readonly maxReplicas?: { readonly value: number; readonly node?: Valued<number>['node'] };
}

/** KEDA's defaults: `scaleTargetRef.kind` Deployment, `maxReplicaCount` 100 (keda.sh/v1alpha1 ScaledObject). */
const KEDA_DEFAULT_KIND = 'Deployment';
const KEDA_DEFAULT_MAX = 100;

export function scaledObjectSpecOf(spec: YAMLMap | undefined): AutoscalerSpec {
  const target = mapAt(spec, 'scaleTargetRef');
  const name = stringAt(target, 'name');
  return {
    target: target && name ? { kind: stringAt(target, 'kind') ?? KEDA_DEFAULT_KIND, name, node: target } : undefined,
    maxReplicas: numeric(scalarAt(spec, 'maxReplicaCount')) ?? { value: KEDA_DEFAULT_MAX },
  };
}

export function autoscalerSpecOf(spec: YAMLMap | undefined): AutoscalerSpec {
  const target = mapAt(spec, 'scaleTargetRef');
  const kind = stringAt(target, 'kind');
  const name = stringAt(target, 'name');
  return {
    target: target && kind && name ? { kind, name, node: target } : undefined,
    maxReplicas: numeric(scalarAt(spec, 'maxReplicas')),
  };
}
