// The Kubernetes model the rules read: objects, their pod template, volumes, mounts and claim templates,
// each keeping the syntax node it came from so that findings and fixes point at exact ranges.
import { Document, isAlias, isMap, isScalar, isSeq, Pair, Scalar, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarAt, scalarString, seqAt, stringAt } from '../yaml/nodes';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  readonly node: YAMLMap;
  readonly kindNode: Scalar;
  /** The map holding `volumeClaimTemplates`, `template`... (`spec`); absent for kinds without one. */
  readonly spec?: YAMLMap;
  readonly pod?: PodTemplate;
  /** A StatefulSet's `spec.volumeClaimTemplates`; empty for every other kind. */
  readonly claimTemplates: readonly ClaimTemplate[];
  readonly claimTemplatesPair?: Pair;
  /**
   * The object lacks what every applied one has (a workload's `selector`, a container's `image`): it is a patch
   * (kustomize) or a fragment, whose other parts live elsewhere.
   */
  readonly partial: boolean;
}

export interface PodTemplate {
  /** The pod spec map (`spec` of a Pod, `spec.template.spec` of a workload). */
  readonly spec: YAMLMap;
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
  readonly readOnly: boolean;
  readonly node: YAMLMap;
  readonly container: Container;
}

export interface ClaimTemplate {
  readonly name?: string;
  readonly nameNode?: Scalar;
  readonly node: YAMLMap;
}

const CONTAINER_GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Where each kind keeps its pod spec, as a path of keys from the object root. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The apps/v1 kinds whose `spec.selector` the API server requires. */
const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** The Kubernetes objects of a parsed YAML document: the root when it has apiVersion and kind, or a List's items. */
export function objectsOf(doc: Document.Parsed): K8sObject[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const object = toObject(root);
  if (!object) return [];
  if (object.kind === 'List' || object.kind.endsWith('List')) {
    return mapsOf(seqAt(root, 'items')).flatMap((item) => toObject(item) ?? []);
  }
  return [object];
}

function toObject(node: YAMLMap): K8sObject | undefined {
  const apiVersion = stringAt(node, 'apiVersion');
  const kindNode = scalarAt(node, 'kind');
  const kind = scalarString(kindNode);
  if (!apiVersion || !kind || !kindNode) return undefined;
  const spec = mapAt(node, 'spec');
  const claimTemplatesPair = kind === 'StatefulSet' ? pairOf(spec, 'volumeClaimTemplates') : undefined;
  const pod = podTemplateOf(node, kind);
  const imageless = pod?.containers.some((c) => c.group !== 'ephemeralContainers' && !pairOf(c.node, 'image'));
  return {
    apiVersion,
    kind,
    name: stringAt(mapAt(node, 'metadata'), 'name'),
    node,
    kindNode,
    spec,
    pod: pod && { ...pod, complete: pod.complete && !opaque(claimTemplatesPair?.value) },
    claimTemplates: isSeq(claimTemplatesPair?.value) ? mapsOf(claimTemplatesPair.value).map(toClaimTemplate) : [],
    claimTemplatesPair,
    partial: !!imageless || (SELECTOR_REQUIRED.has(kind) && !pairOf(spec, 'selector')),
  };
}

/** An alias, a merge key or a collection holding one: content we do not read. */
function opaque(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isMap(node)) return node.items.some((pair) => (isScalar(pair.key) && pair.key.value === '<<') || isAlias(pair.value));
  if (isSeq(node)) return node.items.some((item) => isAlias(item) || (isMap(item) && opaque(item)));
  return false;
}

function podTemplateOf(node: YAMLMap, kind: string): PodTemplate | undefined {
  const path = POD_SPEC_PATHS[kind];
  if (!path) return undefined;
  let spec: YAMLMap | undefined = node;
  for (const key of path) spec = mapAt(spec, key);
  if (!spec) return undefined;
  const volumesPair = pairOf(spec, 'volumes');
  const volumes = mapsOf(seqAt(spec, 'volumes')).map(toVolume);
  const containers = CONTAINER_GROUPS.flatMap((group) => mapsOf(seqAt(spec, group)).map((c, index) => toContainer(c, group, index)));
  const lists: unknown[] = [volumesPair?.value, ...CONTAINER_GROUPS.map((group) => pairOf(spec, group)?.value)];
  for (const container of containers) lists.push(pairOf(container.node, 'volumeMounts')?.value, pairOf(container.node, 'volumeDevices')?.value);
  const complete = !spec.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<') && !lists.some(opaque);
  return { spec, volumes, volumesPair, containers, complete };
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

function toContainer(node: YAMLMap, group: ContainerGroup, index: number): Container {
  const mounts: VolumeMount[] = [];
  const container: Container = {
    name: stringAt(node, 'name'),
    group,
    index,
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
        readOnly: scalarAt(mount, 'readOnly')?.value === true,
        node: mount,
        container,
      });
    });
  }
  return container;
}

function toClaimTemplate(node: YAMLMap): ClaimTemplate {
  const nameNode = scalarAt(mapAt(node, 'metadata'), 'name');
  return { name: scalarString(nameNode), nameNode, node };
}

/** Whether every volume, claim template and mount of the object is written out here, so that an absence means one. */
export function knowsAllVolumes(object: K8sObject): boolean {
  return object.pod !== undefined && object.pod.complete && !object.partial;
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

/** The claim templates of a StatefulSet that no container mounts or uses as a block device. */
export function unmountedClaimTemplates(object: K8sObject): ClaimTemplate[] {
  return object.claimTemplates.filter((template) => template.name && mountsOf(object.pod, template.name).length === 0);
}
