// What happens to the files behind a mount on each event that replaces or removes Pods.
// Every statement here is sourced in docs/kubernetes-facts.md; keep the two in step.
import { isMap } from 'yaml';
import { mapAt, stringAt } from '../yaml/nodes';
import type { K8sObject } from './objects';
import type { ClaimTemplate, PodVolume } from './workload';

export const EVENTS = ['Container restart', 'Pod deleted or evicted', 'Rollout restart', 'Scale-down', 'Workload deleted'] as const;

/**
 * The events that can happen to a kind's Pods, as indexes into EVENTS: a bare Pod has no rollout and no replicas,
 * `kubectl rollout restart` takes only Deployments, DaemonSets and StatefulSets, and Jobs do not scale.
 */
export function eventsOf(kind: string): number[] {
  switch (kind) {
    case 'Pod':
    case 'PodTemplate':
      return [0, 1];
    case 'Deployment':
    case 'StatefulSet':
      return [0, 1, 2, 3, 4];
    case 'DaemonSet':
      return [0, 1, 2, 4];
    case 'ReplicaSet':
    case 'ReplicationController':
      return [0, 1, 3, 4];
    default:
      return [0, 1, 4];
  }
}

/** Kinds whose Pods all share the pod template's volumes. */
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet']);

export interface Lifecycle {
  /** What backs the path, e.g. "emptyDir `cache`" (markdown). */
  readonly backing: string;
  /** One short line: where the files live and for how long. */
  readonly summary: string;
  /** One cell per entry of EVENTS. */
  readonly outcomes: readonly string[];
  readonly notes: readonly string[];
}

export const EMPTY_DIR: Omit<Lifecycle, 'backing'> = {
  summary: 'A directory created when the Pod is assigned to a node; it lives exactly as long as the Pod on that node.',
  outcomes: [
    'kept: a container crash does not remove the Pod from its node',
    'deleted permanently',
    'deleted: the rollout replaces the Pod with a new one',
    'deleted with the removed Pod',
    'deleted with every Pod',
  ],
  notes: [],
};

/** Volume types whose data lives on a storage system outside the node; unmounting leaves it in place. */
const EXTERNAL = new Set([
  'nfs', 'iscsi', 'cephfs', 'rbd', 'fc', 'glusterfs', 'azureFile', 'azureDisk', 'awsElasticBlockStore',
  'gcePersistentDisk', 'cinder', 'portworxVolume', 'vsphereVolume', 'flexVolume', 'flocker', 'quobyte',
  'scaleIO', 'storageos', 'photonPersistentDisk',
]);

export function claimTemplateLifecycle(object: K8sObject, template: ClaimTemplate): Lifecycle {
  const policy = mapAt(object.spec, 'persistentVolumeClaimRetentionPolicy');
  const whenScaled = stringAt(policy, 'whenScaled') ?? 'Retain';
  const whenDeleted = stringAt(policy, 'whenDeleted') ?? 'Retain';
  const claim = `${template.name}-${object.name ?? '<statefulset>'}-<ordinal>`;
  const invalid = (field: string, value: string) =>
    `\`${field}: ${value}\` is not valid (Retain or Delete): the API server rejects the StatefulSet`;
  return {
    backing: `volumeClaimTemplate \`${template.name}\``,
    summary:
      `Each replica gets its own PersistentVolumeClaim \`${claim}\`: the StatefulSet controller creates it for the ` +
      'first Pod with that ordinal, and every later Pod with the same ordinal mounts it again.',
    outcomes: [
      'kept',
      'kept: the replacement Pod with the same ordinal mounts the same claim',
      'kept: each new Pod mounts its ordinal\'s claim',
      whenScaled === 'Delete'
        ? 'claim deleted (`whenScaled: Delete`); its volume follows its reclaim policy'
        : whenScaled === 'Retain'
          ? 'claim kept (`whenScaled: Retain`, the default) and reused if the set scales up again'
          : invalid('whenScaled', whenScaled),
      whenDeleted === 'Delete'
        ? 'claims deleted (`whenDeleted: Delete`); their volumes follow their reclaim policy'
        : whenDeleted === 'Retain'
          ? 'claims kept (`whenDeleted: Retain`, the default): delete them by hand'
          : invalid('whenDeleted', whenDeleted),
    ],
    notes: [],
  };
}

/** `kind` is the workload's: whether its Pods share the volume depends on it. */
export function volumeLifecycle(volume: PodVolume, kind: string): Lifecycle {
  const type = volume.source?.type ?? 'unknown';
  const backing = `${type} \`${volume.name ?? '?'}\``;
  const source = volume.source?.value;
  switch (type) {
    case 'emptyDir': {
      const memory = isMap(source) && stringAt(source, 'medium') === 'Memory';
      return {
        backing,
        ...EMPTY_DIR,
        notes: memory
          ? ['`medium: Memory` mounts a tmpfs: files written there count against the memory limit of the container that wrote them.']
          : [],
      };
    }
    case 'persistentVolumeClaim': {
      const claim = isMap(source) ? stringAt(source, 'claimName') : undefined;
      return {
        backing,
        summary: `The PersistentVolumeClaim \`${claim ?? '?'}\`, which exists independently of Pods and workloads.`,
        outcomes: ['kept', 'kept', 'kept', 'kept', 'kept: deleting the workload does not delete the claim'],
        notes: [
          'When the claim itself is deleted, its volume follows its reclaim policy: `Delete` by default for dynamically provisioned volumes.',
          ...(REPLICATED.has(kind)
            ? [`Every Pod of this ${kind} mounts this same claim; with \`ReadWriteOnce\` on an attachable volume (a cloud disk, say), Pods on other nodes cannot attach it (Multi-Attach error).`]
            : []),
        ],
      };
    }
    case 'hostPath':
      return {
        backing,
        summary: 'A path on the node the Pod runs on. Kubernetes never cleans it up, and never moves it.',
        outcomes: [
          'kept',
          'stays on the old node: a replacement Pod scheduled elsewhere sees that node\'s files',
          'stays on the old node: the new Pod may run on another node',
          'stays on the node',
          'stays on the nodes',
        ],
        notes: ['hostPath carries many security risks and the Kubernetes docs advise avoiding it; a local PersistentVolume pins data to its node explicitly.'],
      };
    case 'csi':
      return {
        backing,
        summary:
          'A CSI ephemeral volume: the driver sets it up with the Pod and tears it down with the Pod. Whether its ' +
          'data outlives the Pod is the driver\'s choice: some create fresh scratch space, others (NFS, SMB) mount ' +
          'an existing share.',
        outcomes: ['kept', ...EVENTS.slice(1).map(() => 'the volume goes with the Pod; its data: see the driver')],
        notes: [],
      };
    case 'ephemeral':
      return {
        backing,
        summary: 'A generic ephemeral volume: a PersistentVolumeClaim `<pod>-<volume>` owned by the Pod.',
        outcomes: ['kept', 'claim deleted with the Pod', 'claim deleted: the new Pod gets a new one', 'claim deleted with the Pod', 'claims deleted with the Pods'],
        notes: ['Its volume then follows its reclaim policy, `Delete` by default for dynamically provisioned volumes.'],
      };
    case 'configMap':
    case 'secret':
    case 'downwardAPI':
    case 'projected':
      return {
        backing,
        summary: 'Content projected from the Kubernetes API, read-only in the container: not a place to keep data.',
        outcomes: ['re-projected', 're-projected', 're-projected', 're-projected', 're-projected'],
        notes: [],
      };
    default:
      if (EXTERNAL.has(type)) {
        return {
          backing,
          summary: `A ${type} volume: the data lives on that storage system; Pods only mount and unmount it.`,
          outcomes: ['kept', 'kept', 'kept', 'kept', 'kept'],
          notes: [],
        };
      }
      return {
        backing,
        summary: `A ${type} volume: see its documentation for how long its data lives.`,
        outcomes: EVENTS.map(() => 'see the volume type'),
        notes: [],
      };
  }
}
