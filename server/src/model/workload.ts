// The pod template of a workload and the controller fields around it: volumes, containers and their mounts,
// claim templates, replicas, selector, strategies. Every part keeps the syntax node it came from, so that
// findings and fixes point at exact ranges.
import { isAlias, isMap, isScalar, isSeq, Pair, Scalar, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarAt, scalarString, seqAt, stringAt } from '../yaml/nodes';
import { ClaimSpec, claimSpecOf, Valued, valued } from './claims';
import { LabelSelector, labelSelectorOf, Labels, labelsOf, mapSelectorOf } from './labels';

export interface PodTemplate {
  /** The pod spec map (`spec` of a Pod, `spec.template.spec` of a workload). */
  readonly spec: YAMLMap;
  /** The pod template's `metadata.labels` (a Pod's own labels); absent when not written. */
  readonly labels?: { readonly labels: Labels; readonly node?: YAMLMap; readonly metadata?: YAMLMap; readonly complete: boolean };
  readonly volumes: readonly PodVolume[];
  readonly volumesPair?: Pair;
  readonly containers: readonly Container[];
  /**
   * False when an alias or a merge key (`<<`) stands for volumes, containers or mounts: we read the tree as written
   * and never resolve aliases, so what they bring in is unknown.
   */
  readonly complete: boolean;
}

export interface PodVolume {
  readonly name?: string;
  readonly nameNode?: Scalar;
  readonly node: YAMLMap;
  /** The volume source key (`emptyDir`, `persistentVolumeClaim`, `hostPath`...), when there is one. */
  readonly source?: { readonly type: string; readonly key: Scalar; readonly value: unknown };
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface Container {
  readonly name?: string;
  readonly group: ContainerGroup;
  /** Position in its group's list, as the API server's field paths count it. */
  readonly index: number;
  readonly image?: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  /** Literal `env` values (entries with `valueFrom` are absent). */
  readonly env: ReadonlyMap<string, string>;
  readonly ports: readonly { readonly containerPort: number; readonly name?: string; readonly protocol?: string }[];
  /** An init container with `restartPolicy: Always` runs beside the main containers for the Pod's life. */
  readonly sidecar: boolean;
  /** `securityContext.readOnlyRootFilesystem: true`: only its volumes are writable. */
  readonly readOnlyRootFilesystem: boolean;
  readonly node: YAMLMap;
  readonly mounts: readonly VolumeMount[];
}

export interface VolumeMount {
  readonly name?: string;
  readonly nameNode?: Scalar;
  /** `volumeMounts` entries have a mountPath; `volumeDevices` entries (raw block volumes) a devicePath. */
  readonly type: 'mount' | 'device';
  /** Position in the container's `volumeMounts` or `volumeDevices` list. */
  readonly index: number;
  readonly path?: string;
  readonly subPath?: string;
  readonly readOnly: boolean;
  readonly node: YAMLMap;
  readonly container: Container;
}

/** An entry of a StatefulSet's `volumeClaimTemplates`. */
export interface ClaimTemplate {
  readonly name?: string;
  readonly nameNode?: Scalar;
  readonly node: YAMLMap;
  readonly spec: ClaimSpec;
}

/** The controller fields of a workload, as written (defaults are the readers' to apply). */
export interface WorkloadSpec {
  readonly replicas?: Valued<number>;
  readonly selector?: LabelSelector;
  /** Deployment `strategy.type`; absent means RollingUpdate. */
  readonly strategy?: Valued;
  /** Deployment `paused: true`: `kubectl rollout restart` refuses it. */
  readonly paused: boolean;
  readonly strategyPair?: Pair;
  /** StatefulSet and DaemonSet `updateStrategy.type`; absent means RollingUpdate. */
  readonly updateStrategy?: Valued;
  /** StatefulSet `updateStrategy.rollingUpdate.partition`. */
  readonly partition?: Valued<number>;
  readonly serviceName?: Valued;
  readonly serviceNamePair?: Pair;
  readonly retention?: { readonly node: YAMLMap; readonly whenDeleted?: Valued; readonly whenScaled?: Valued };
  /** StatefulSet `ordinals.start`; absent means 0. */
  readonly ordinalsStart?: number;
  /** Job `manualSelector: true`: only then does a Job's own selector apply. */
  readonly manualSelector: boolean;
}

const CONTAINER_GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Where each kind keeps its pod spec, as a path of keys from the object root. */
export const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['spec']],
  ['PodTemplate', ['template', 'spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** An alias, a merge key or a collection holding one: content we do not read. */
export function opaque(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isMap(node)) return node.items.some((pair) => (isScalar(pair.key) && pair.key.value === '<<') || isAlias(pair.value));
  if (isSeq(node)) return node.items.some((item) => isAlias(item) || (isMap(item) && opaque(item)));
  return false;
}

export function podTemplateOf(node: YAMLMap, kind: string): PodTemplate | undefined {
  const path = POD_SPEC_PATHS.get(kind);
  if (!path) return undefined;
  let spec: YAMLMap | undefined = node;
  let metadata: YAMLMap | undefined;
  for (const key of path) {
    // The metadata beside the pod spec holds the Pod's labels (`template.metadata`, or a Pod's own).
    if (key === 'spec') metadata = mapAt(spec, 'metadata');
    spec = mapAt(spec, key);
  }
  if (!spec) return undefined;
  const labelsNode = mapAt(metadata, 'labels');
  const labels = metadata && { ...labelsOf(labelsNode), node: labelsNode, metadata };
  const volumesPair = pairOf(spec, 'volumes');
  const volumes = mapsOf(seqAt(spec, 'volumes')).map(toVolume);
  const containers = CONTAINER_GROUPS.flatMap((group) => mapsOf(seqAt(spec, group)).map((c, index) => toContainer(c, group, index)));
  const lists: unknown[] = [volumesPair?.value, ...CONTAINER_GROUPS.map((group) => pairOf(spec, group)?.value)];
  for (const container of containers) lists.push(pairOf(container.node, 'volumeMounts')?.value, pairOf(container.node, 'volumeDevices')?.value);
  const complete = !spec.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<') && !lists.some(opaque);
  return { spec, labels, volumes, volumesPair, containers, complete };
}

export function workloadSpecOf(kind: string, spec: YAMLMap | undefined): WorkloadSpec {
  const selectorNode = mapAt(spec, 'selector');
  // A ReplicationController's selector is a plain label map; every other kind's is a LabelSelector.
  const selector = selectorNode && (kind === 'ReplicationController' ? mapSelectorOf(selectorNode) : labelSelectorOf(selectorNode));
  const update = mapAt(spec, 'updateStrategy');
  const retention = mapAt(spec, 'persistentVolumeClaimRetentionPolicy');
  const start = scalarAt(mapAt(spec, 'ordinals'), 'start')?.value;
  return {
    replicas: numeric(scalarAt(spec, 'replicas')),
    selector,
    strategy: valued(scalarAt(mapAt(spec, 'strategy'), 'type')),
    strategyPair: pairOf(spec, 'strategy'),
    paused: scalarAt(spec, 'paused')?.value === true,
    updateStrategy: valued(scalarAt(update, 'type')),
    partition: numeric(scalarAt(mapAt(update, 'rollingUpdate'), 'partition')),
    serviceName: valued(scalarAt(spec, 'serviceName')),
    serviceNamePair: pairOf(spec, 'serviceName'),
    retention: retention && {
      node: retention,
      whenDeleted: valued(scalarAt(retention, 'whenDeleted')),
      whenScaled: valued(scalarAt(retention, 'whenScaled')),
    },
    ordinalsStart: typeof start === 'number' ? start : undefined,
    manualSelector: scalarAt(spec, 'manualSelector')?.value === true,
  };
}

/** A count as the API takes it (an int32 that is not negative); anything else is not read. */
export function numeric(node: Scalar | undefined): Valued<number> | undefined {
  const value = node?.value;
  return node && typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1 ? { value, node } : undefined;
}

function toVolume(node: YAMLMap): PodVolume {
  const nameNode = scalarAt(node, 'name');
  const sourcePair = node.items.find((pair) => isScalar(pair.key) && pair.key.value !== 'name');
  const source =
    sourcePair && isScalar(sourcePair.key)
      ? { type: String(sourcePair.key.value), key: sourcePair.key, value: sourcePair.value }
      : undefined;
  return { name: scalarString(nameNode), nameNode, node, source };
}

function strings(map: YAMLMap, key: string): string[] {
  return (seqAt(map, key)?.items ?? []).flatMap((item) => {
    const value = isScalar(item) ? scalarString(item) : undefined;
    return value === undefined ? [] : [value];
  });
}

function toContainer(node: YAMLMap, group: ContainerGroup, index: number): Container {
  const mounts: VolumeMount[] = [];
  const env = new Map<string, string>();
  for (const variable of mapsOf(seqAt(node, 'env'))) {
    const name = stringAt(variable, 'name');
    const value = stringAt(variable, 'value');
    if (name !== undefined && value !== undefined) env.set(name, value);
  }
  const ports = mapsOf(seqAt(node, 'ports')).flatMap((port) => {
    const containerPort = scalarAt(port, 'containerPort')?.value;
    if (typeof containerPort !== 'number') return [];
    return [{ containerPort, name: stringAt(port, 'name'), protocol: stringAt(port, 'protocol') }];
  });
  const container: Container = {
    name: stringAt(node, 'name'),
    group,
    index,
    image: stringAt(node, 'image'),
    command: strings(node, 'command'),
    args: strings(node, 'args'),
    env,
    ports,
    sidecar: group === 'initContainers' && stringAt(node, 'restartPolicy') === 'Always',
    readOnlyRootFilesystem: scalarAt(mapAt(node, 'securityContext'), 'readOnlyRootFilesystem')?.value === true,
    node,
    mounts,
  };
  for (const [key, type, pathKey] of [
    ['volumeMounts', 'mount', 'mountPath'],
    ['volumeDevices', 'device', 'devicePath'],
  ] as const) {
    mapsOf(seqAt(node, key)).forEach((mount, mountIndex) => {
      const nameNode = scalarAt(mount, 'name');
      mounts.push({
        name: scalarString(nameNode),
        nameNode,
        type,
        index: mountIndex,
        path: stringAt(mount, pathKey),
        subPath: stringAt(mount, 'subPath') ?? stringAt(mount, 'subPathExpr'),
        readOnly: scalarAt(mount, 'readOnly')?.value === true,
        node: mount,
        container,
      });
    });
  }
  return container;
}

export function toClaimTemplate(node: YAMLMap): ClaimTemplate {
  const nameNode = scalarAt(mapAt(node, 'metadata'), 'name');
  return { name: scalarString(nameNode), nameNode, node, spec: claimSpecOf(mapAt(node, 'spec')) };
}

/** An init container that runs to completion before the main containers start (not a sidecar). */
export function isInitStep(container: Container): boolean {
  return container.group === 'initContainers' && !container.sidecar;
}

/** Every mount and device of every container of the pod, in document order. */
export function allMounts(pod: PodTemplate | undefined): VolumeMount[] {
  return pod ? pod.containers.flatMap((container) => container.mounts) : [];
}

export function mountsOf(pod: PodTemplate | undefined, volumeName: string | undefined): VolumeMount[] {
  return volumeName === undefined ? [] : allMounts(pod).filter((mount) => mount.name === volumeName);
}
