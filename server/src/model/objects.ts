// Every Kubernetes object of a YAML document: a header (kind, name, namespace, labels...) and a typed view for
// the kinds rules read. Each part keeps its syntax node, so that findings and fixes point at exact ranges.
import { Document, isMap, isSeq, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { mapAt, mapsOf, pairOf, scalarAt, scalarString, seqAt, stringAt } from '../yaml/nodes';
import { AutoscalerSpec, autoscalerSpecOf, scaledObjectSpecOf } from './autoscalers';
import { ClaimSpec, claimSpecOf } from './claims';
import { Labels, labelsOf } from './labels';
import { ServiceSpec, serviceSpecOf } from './services';
import { StorageClassSpec, storageClassOf } from './storageClasses';
import {
  ClaimTemplate, mountsOf, opaque, PodTemplate, podTemplateOf, POD_SPEC_PATHS, toClaimTemplate, WorkloadSpec, workloadSpecOf,
} from './workload';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly kindNode: Scalar;
  readonly name?: string;
  readonly nameNode?: Scalar;
  /** As written; absent means the namespace the object is applied to. */
  readonly namespace?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly node: YAMLMap;
  readonly metadata?: YAMLMap;
  /** The `spec` map, for kinds that have one. */
  readonly spec?: YAMLMap;
  /** Workloads (the kinds of POD_SPEC_PATHS). */
  readonly pod?: PodTemplate;
  readonly workload?: WorkloadSpec;
  /** A StatefulSet's `spec.volumeClaimTemplates`; empty for every other kind. */
  readonly claimTemplates: readonly ClaimTemplate[];
  readonly claimTemplatesPair?: Pair;
  /** A PersistentVolumeClaim's spec. */
  readonly claim?: ClaimSpec;
  readonly service?: ServiceSpec;
  readonly storageClass?: StorageClassSpec;
  readonly autoscaler?: AutoscalerSpec;
  /** The other objects this one names, as data: the index resolves them, go-to-definition will follow them. */
  readonly references: readonly Reference[];
  /**
   * The object is of a version Kubernetes serves its kind in (`apps/v1` StatefulSet, not `apps.kruise.io`'s, nor
   * `extensions/v1beta1`'s Deployment): only then do its views, the rules and the index read it.
   */
  readonly builtin: boolean;
  /**
   * The object lacks what every applied one has (a workload's `selector`, a container's `image`): it is a patch
   * (kustomize) or a fragment, whose other parts live elsewhere.
   */
  readonly partial: boolean;
}

/** A name of another object, where it is written. `namespace` absent: the referring object's own namespace. */
export interface Reference {
  readonly from: Node;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Kinds that live outside namespaces: a reference to one ignores namespaces. */
export const CLUSTER_SCOPED = new Set(['StorageClass', 'PersistentVolume', 'Namespace', 'Node', 'ClusterRole', 'CustomResourceDefinition']);

/**
 * The versions in which current Kubernetes serves the kinds we read. Another group's kind of the same name (a CRD),
 * or a version no longer served (`extensions/v1beta1` and `apps/v1beta2` Deployments, gone since 1.16;
 * `batch/v1beta1` CronJobs, since 1.25), is not what these rules describe: the API server answers it with
 * "no matches for kind".
 */
const SERVED: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['v1']],
  ['PodTemplate', ['v1']],
  ['ReplicationController', ['v1']],
  ['PersistentVolumeClaim', ['v1']],
  ['Service', ['v1']],
  ['Deployment', ['apps/v1']],
  ['ReplicaSet', ['apps/v1']],
  ['DaemonSet', ['apps/v1']],
  ['StatefulSet', ['apps/v1']],
  ['Job', ['batch/v1']],
  ['CronJob', ['batch/v1']],
  ['StorageClass', ['storage.k8s.io/v1']],
  ['HorizontalPodAutoscaler', ['autoscaling/v1', 'autoscaling/v2']],
]);

/** Kinds read beyond the served ones: KEDA's ScaledObject (an autoscaler), and PersistentVolumes that claims name. */
const ALSO_READ = new Set(['ScaledObject', 'PersistentVolume']);

/**
 * Whether objects of `kind` (or a List of them) have anything a rule or the index reads: documents of other kinds
 * (CRDs, ConfigMaps, RBAC…) need no syntax tree.
 */
export function isReadKind(kind: string): boolean {
  return SERVED.has(kind) || ALSO_READ.has(kind) || isListKind(kind);
}

function isListKind(kind: string): boolean {
  return kind === 'List' || kind.endsWith('List');
}

function isBuiltin(apiVersion: string, kind: string): boolean {
  return SERVED.get(kind)?.includes(apiVersion) ?? true;
}

/** The groups Kubernetes has served these kinds in: another group's kind of the same name is a CRD, not a mistake. */
const KUBERNETES_GROUPS = new Set(['', 'apps', 'extensions', 'batch', 'autoscaling', 'storage.k8s.io']);

/**
 * The versions that serve the object's kind, when it is written in a Kubernetes group's version that current
 * Kubernetes no longer serves (an `extensions/v1beta1` Deployment); undefined otherwise.
 */
export function unservedKind(object: K8sObject): readonly string[] | undefined {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return !object.builtin && KUBERNETES_GROUPS.has(group) ? SERVED.get(object.kind) : undefined;
}

/** The apps/v1 kinds whose `spec.selector` the API server requires. */
const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** The Kubernetes objects of a parsed YAML document: the root when it has apiVersion and kind, or a List's items. */
export function objectsOf(doc: Document.Parsed): K8sObject[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const object = toObject(root);
  if (!object) return [];
  if (isListKind(object.kind)) {
    return mapsOf(seqAt(root, 'items')).flatMap((item) => toObject(item) ?? []);
  }
  return [object];
}

function toObject(node: YAMLMap): K8sObject | undefined {
  const apiVersion = stringAt(node, 'apiVersion');
  const kindNode = scalarAt(node, 'kind');
  const kind = scalarString(kindNode);
  if (!apiVersion || !kind || !kindNode) return undefined;
  const builtin = isBuiltin(apiVersion, kind);
  const metadata = mapAt(node, 'metadata');
  const nameNode = scalarAt(metadata, 'name');
  const spec = mapAt(node, 'spec');
  // Another group's kind of the same name (a CRD) is read for its header only.
  const viewKind = builtin ? kind : '';
  const claimTemplatesPair = viewKind === 'StatefulSet' ? pairOf(spec, 'volumeClaimTemplates') : undefined;
  const pod = podTemplateOf(node, viewKind);
  const imageless = pod?.containers.some((c) => c.group !== 'ephemeralContainers' && !pairOf(c.node, 'image'));
  const object: Omit<K8sObject, 'references'> = {
    apiVersion,
    kind,
    kindNode,
    name: scalarString(nameNode),
    nameNode,
    namespace: stringAt(metadata, 'namespace') || undefined,
    labels: labelsOf(mapAt(metadata, 'labels')).labels,
    annotations: labelsOf(mapAt(metadata, 'annotations')).labels,
    node,
    metadata,
    spec,
    pod: pod && { ...pod, complete: pod.complete && !opaque(claimTemplatesPair?.value) },
    workload: POD_SPEC_PATHS.has(viewKind) ? workloadSpecOf(kind, spec) : undefined,
    claimTemplates: isSeq(claimTemplatesPair?.value) ? mapsOf(claimTemplatesPair.value).map(toClaimTemplate) : [],
    claimTemplatesPair,
    claim: viewKind === 'PersistentVolumeClaim' ? claimSpecOf(spec) : undefined,
    service: viewKind === 'Service' ? serviceSpecOf(spec) : undefined,
    storageClass: viewKind === 'StorageClass' ? storageClassOf(node) : undefined,
    autoscaler:
      viewKind === 'HorizontalPodAutoscaler'
        ? autoscalerSpecOf(spec)
        : kind === 'ScaledObject' && apiVersion.startsWith('keda.sh/')
          ? scaledObjectSpecOf(spec)
          : undefined,
    partial: !!imageless || (SELECTOR_REQUIRED.has(kind) && !pairOf(spec, 'selector')),
    builtin,
  };
  return { ...object, references: referencesOf(object) };
}

function referencesOf(object: Omit<K8sObject, 'references'>): Reference[] {
  const references: Reference[] = [];
  const add = (kind: string, node: Scalar | undefined) => {
    const name = scalarString(node);
    if (node && name) references.push({ from: node, kind, name });
  };
  for (const volume of object.pod?.volumes ?? []) {
    const source = isMap(volume.source?.value) ? volume.source.value : undefined;
    if (volume.source?.type === 'persistentVolumeClaim') add('PersistentVolumeClaim', scalarAt(source, 'claimName'));
    if (volume.source?.type === 'configMap') add('ConfigMap', scalarAt(source, 'name'));
    if (volume.source?.type === 'secret') add('Secret', scalarAt(source, 'secretName'));
  }
  if (object.kind === 'StatefulSet') add('Service', object.workload?.serviceName?.node);
  for (const claim of [object.claim, ...object.claimTemplates.map((t) => t.spec)]) {
    add('StorageClass', claim?.storageClassName?.node);
    add('PersistentVolume', claim?.volumeName?.node);
  }
  const target = object.autoscaler?.target;
  if (target) add(target.kind, scalarAt(target.node, 'name'));
  return references;
}

/** Whether every volume, claim template and mount of the object is written out here, so that an absence means one. */
export function knowsAllVolumes(object: K8sObject): boolean {
  return object.pod !== undefined && object.pod.complete && !object.partial;
}

/** The claim templates of a StatefulSet that no container mounts or uses as a block device. */
export function unmountedClaimTemplates(object: K8sObject): ClaimTemplate[] {
  return object.claimTemplates.filter((template) => template.name && mountsOf(object.pod, template.name).length === 0);
}
