// A Service as the StatefulSet controller and DNS see it: headless or not, and which Pods it selects.
import { isScalar, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarAt, seqAt, stringAt } from '../yaml/nodes';
import { Valued, valued } from './claims';
import { LabelSelector, mapSelectorOf } from './labels';

export interface ServiceSpec {
  readonly clusterIP?: Valued;
  /** `clusterIP: None`: DNS answers with the Pods' own addresses, which gives StatefulSet Pods their names. */
  readonly headless: boolean;
  /** Absent for a Service without selector, whose endpoints are managed by hand. */
  readonly selector?: LabelSelector;
  readonly ports: readonly { readonly port: number; readonly name?: string }[];
  readonly type?: string;
}

export function serviceSpecOf(spec: YAMLMap | undefined): ServiceSpec {
  const clusterIP = valued(scalarAt(spec, 'clusterIP'));
  const selector = mapAt(spec, 'selector');
  const ports = mapsOf(seqAt(spec, 'ports')).flatMap((port) => {
    const value = pairOf(port, 'port')?.value;
    return isScalar(value) && typeof value.value === 'number' ? [{ port: value.value, name: stringAt(port, 'name') }] : [];
  });
  return { clusterIP, headless: clusterIP?.value === 'None', selector: selector && mapSelectorOf(selector), ports, type: stringAt(spec, 'type') };
}
