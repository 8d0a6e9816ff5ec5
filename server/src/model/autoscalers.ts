// A HorizontalPodAutoscaler: which workload it scales and how far.
import type { YAMLMap } from 'yaml';
import { mapAt, scalarAt, stringAt } from '../yaml/nodes';
import type { Valued } from './claims';
import { numeric } from './workload';

export interface AutoscalerSpec {
  readonly target?: { readonly kind: string; readonly name: string; readonly node: YAMLMap };
  readonly maxReplicas?: Valued<number>;
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
