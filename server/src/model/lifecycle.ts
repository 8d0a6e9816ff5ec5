// What happens to the files behind a mount on each event that replaces or removes Pods: one row per event, one
// verdict per backing, each verdict citing the fact of docs/kubernetes-facts.md it rests on (by its anchor id).
// Hovers and messages read this table; the docs state the facts. Keep the two in step.
import { isMap } from 'yaml';
import { stringAt } from '../yaml/nodes';
import type { K8sObject } from './objects';
import type { ClaimTemplate, PodVolume } from './workload';

/** The anchors of docs/kubernetes-facts.md that verdicts and notes cite; a test checks that each exists there. */
export const FACTS = [
  'emptydir-lifetime', 'emptydir-memory', 'emptydir-size-limit', 'events-per-kind', 'rollout-restart',
  'cascading-deletion', 'job-deletion', 'job-pods', 'statefulset-claims', 'statefulset-retention',
  'statefulset-readoption', 'statefulset-node-failure', 'reclaim-policy', 'pvc-protection',
  'volume-topology', 'volume-ownership', 'access-modes', 'hostpath-node', 'daemonset-pinned', 'ephemeral-volumes',
  'csi-ephemeral', 'projected-volumes', 'network-volumes', 'removed-volume-types', 'other-volume-types',
] as const;
export type Fact = (typeof FACTS)[number];

/** One sentence and the fact it rests on. */
export interface Verdict {
  readonly text: string;
  readonly fact: Fact;
}

/** What backs a path, as far as its lifecycle goes. */
export type Backing =
  | 'emptyDir' | 'claimTemplate' | 'persistentVolumeClaim' | 'hostPath' | 'csi' | 'ephemeral' | 'projected'
  | 'network' | 'redirected' | 'removed' | 'other';

type Cell = Verdict | ((object: K8sObject) => Verdict);

interface Row {
  readonly event: string;
  readonly when: (kind: string) => string;
  /** The kinds whose Pods can meet this event, and the fact that says so. */
  readonly kinds: ReadonlySet<string>;
  readonly kindsFact: Fact;
  readonly verdicts: { readonly [B in Backing]: Cell };
}

const WORKLOADS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const kinds = (...names: string[]) => new Set(names);

const v = (text: string, fact: Fact): Verdict => ({ text, fact });
const KEPT = v('kept', 'emptydir-lifetime');
const DRIVER = v('the volume goes with the Pod; its data: see the driver', 'csi-ephemeral');
const PROJECTED = v('not data: each new Pod gets the current content of its API objects', 'projected-volumes');
const NETWORK = v('kept: the data lives on the storage system, the Pod only unmounts it', 'network-volumes');
const REDIRECTED = v('kept on the storage system, through its CSI driver', 'removed-volume-types');
const REMOVED = v('no Pod can mount it: the volume type no longer works', 'removed-volume-types');
const OTHER = v('see the volume type', 'other-volume-types');
/** Backings whose data lives outside the Pod and its node, or nowhere: no Pod event changes their verdict. */
const ELSEWHERE = { network: NETWORK, redirected: REDIRECTED, removed: REMOVED, other: OTHER } as const;
const DAEMON = v('kept: the DaemonSet recreates the Pod on the same node, which sees the same files', 'daemonset-pinned');
const CLAIM_ON_FAILED_NODE = v(
  'kept, but no replacement Pod starts until the old one is gone (its kubelet comes back, the Node is deleted, the Pod ' +
    'is force-deleted, or the node gets the `node.kubernetes.io/out-of-service` taint); it can then run only where the ' +
    'volume is (its zone; its node, for a local volume)',
  'statefulset-node-failure',
);

/** Whether `kubectl rollout restart` replaces this object's Pods: all, some (a StatefulSet partition) or none. */
export function rolloutReplaces(object: K8sObject): 'all' | 'some' | 'none' {
  const workload = object.workload;
  if (!LIFECYCLE.some((row) => row.event === 'rollout-restart' && row.kinds.has(object.kind))) return 'none';
  if (object.kind === 'Deployment') return workload?.paused ? 'none' : 'all';
  if (workload?.updateStrategy?.value === 'OnDelete') return 'none';
  return object.kind === 'StatefulSet' && (workload?.partition?.value ?? 0) > 0 ? 'some' : 'all';
}

/** The rollout-restart verdict for a backing whose files a replaced Pod loses (`replaced`) or keeps (`spared`). */
function rollout(object: K8sObject, replaced: string, spared: string): Verdict {
  switch (rolloutReplaces(object)) {
    case 'all':
      return v(replaced, 'rollout-restart');
    case 'some': {
      const partition = object.workload!.partition!.value;
      return v(`ordinals ${partition} and up: ${replaced}; below ${partition}: ${spared} (\`partition: ${partition}\`)`, 'rollout-restart');
    }
    default:
      return object.kind === 'Deployment'
        ? v(`${spared}: \`kubectl rollout restart\` refuses a paused Deployment`, 'rollout-restart')
        : v(`${spared} until you delete the Pod: with \`updateStrategy: OnDelete\` a rollout replaces no Pod`, 'rollout-restart');
  }
}

/** What deleting the workload does to its Pods: kubectl cascades; an API DELETE of a batch/v1 Job orphans them. */
function cascade(object: K8sObject, gone: string): Verdict {
  if (object.kind === 'Job') {
    return v(
      `${gone} when \`kubectl delete\` deletes the Job (in the background); an API DELETE without \`propagationPolicy\` ` +
        'leaves the Pods, and their files, in place',
      'job-deletion',
    );
  }
  return v(`${gone} (\`kubectl delete\` cascades by default; with \`--cascade=orphan\` the Pods and their files stay)`, 'cascading-deletion');
}

const RECLAIMED = 'under the default reclaim policy `Delete` of provisioned volumes';

function whenScaled(object: K8sObject): Verdict {
  const value = object.workload?.retention?.whenScaled?.value ?? 'Retain';
  if (value === 'Delete') return v(`claim deleted (\`whenScaled: Delete\`), and with it, ${RECLAIMED}, the volume and its data`, 'reclaim-policy');
  if (value === 'Retain') return v('claim kept (`whenScaled: Retain`, the default) and mounted again if the set scales back up', 'statefulset-retention');
  return invalidRetention('whenScaled', value);
}

function whenDeleted(object: K8sObject): Verdict {
  const value = object.workload?.retention?.whenDeleted?.value ?? 'Retain';
  if (value === 'Delete') return v(`claims deleted (\`whenDeleted: Delete\`), and with them, ${RECLAIMED}, the volumes and their data`, 'reclaim-policy');
  if (value === 'Retain') {
    return v(
      'claims kept (`whenDeleted: Retain`, the default): a StatefulSet created again with the same name mounts them ' +
        'again; otherwise delete them by hand',
      'statefulset-readoption',
    );
  }
  return invalidRetention('whenDeleted', value);
}

function invalidRetention(field: string, value: string): Verdict {
  return v(`\`${field}: ${value}\` is not valid (Retain or Delete): the API server rejects the StatefulSet`, 'statefulset-retention');
}

/** The table. A verdict for a backing no kind of the row can have (a claim template in a Job) is never shown. */
export const LIFECYCLE: readonly Row[] = [
  {
    event: 'container-restart',
    when: () => 'Container restart',
    kinds: kinds('Pod', 'PodTemplate', ...WORKLOADS),
    kindsFact: 'emptydir-lifetime',
    verdicts: {
      emptyDir: v('kept: a container crash does not remove the Pod from its node', 'emptydir-lifetime'),
      claimTemplate: KEPT, persistentVolumeClaim: KEPT, hostPath: KEPT, csi: KEPT, ephemeral: KEPT,
      projected: v('kept, and kept in step with its API objects (not through a `subPath` mount)', 'projected-volumes'),
      ...ELSEWHERE,
    },
  },
  {
    event: 'pod-deleted',
    when: () => 'Pod deleted or evicted',
    kinds: kinds('Pod', 'PodTemplate', ...WORKLOADS),
    kindsFact: 'emptydir-lifetime',
    verdicts: {
      emptyDir: v('deleted permanently', 'emptydir-lifetime'),
      claimTemplate: v('kept: the replacement Pod with the same ordinal mounts the same claim', 'statefulset-claims'),
      persistentVolumeClaim: v('kept', 'reclaim-policy'),
      hostPath: (object) =>
        object.kind === 'DaemonSet'
          ? DAEMON
          : object.kind === 'Pod'
            ? v('stays on the node', 'hostpath-node')
            : v('stays on the old node: a replacement Pod scheduled elsewhere sees that node\'s files', 'hostpath-node'),
      csi: DRIVER,
      ephemeral: v('claim deleted with the Pod', 'ephemeral-volumes'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
  {
    event: 'pod-finished',
    when: () => 'Pod finishes (Succeeded or Failed)',
    kinds: kinds('Job', 'CronJob'),
    kindsFact: 'job-pods',
    verdicts: {
      emptyDir: v('deleted when the Pod finishes, though the Pod object stays; a retry is a new Pod with an empty one', 'job-pods'),
      claimTemplate: KEPT,
      persistentVolumeClaim: v('kept', 'reclaim-policy'),
      hostPath: v('stays on the node: a retry may run on another node, which has other files', 'hostpath-node'),
      csi: DRIVER,
      ephemeral: v('claim kept while the finished Pod object exists (the Pod owns it)', 'ephemeral-volumes'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
  {
    event: 'node-failure',
    when: () => 'Node fails',
    kinds: kinds('StatefulSet'),
    kindsFact: 'statefulset-node-failure',
    verdicts: {
      emptyDir: v('lost with the Pod: its replacement starts with an empty one', 'statefulset-node-failure'),
      claimTemplate: CLAIM_ON_FAILED_NODE,
      persistentVolumeClaim: CLAIM_ON_FAILED_NODE,
      hostPath: v('stays on the failed node: the replacement Pod runs elsewhere and sees that node\'s files', 'hostpath-node'),
      csi: DRIVER,
      ephemeral: v('claim deleted with the old Pod once it is deleted; the replacement gets a new one', 'ephemeral-volumes'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
  {
    event: 'rollout-restart',
    when: () => 'Rollout restart',
    kinds: kinds('Deployment', 'StatefulSet', 'DaemonSet'),
    kindsFact: 'events-per-kind',
    verdicts: {
      emptyDir: (object) => rollout(object, 'deleted: the rollout replaces the Pod with a new one', 'kept'),
      claimTemplate: v('kept: each new Pod mounts its ordinal\'s claim', 'statefulset-claims'),
      persistentVolumeClaim: v('kept', 'reclaim-policy'),
      hostPath: (object) =>
        object.kind === 'DaemonSet' && rolloutReplaces(object) === 'all'
          ? DAEMON
          : rollout(object, 'stays on the old node: the new Pod may run on another node', 'kept'),
      csi: DRIVER,
      ephemeral: (object) => rollout(object, 'claim deleted: the new Pod gets a new one', 'kept'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
  {
    event: 'scale-down',
    when: () => 'Scale-down',
    kinds: kinds('Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'),
    kindsFact: 'events-per-kind',
    verdicts: {
      emptyDir: v('deleted with the removed Pod', 'emptydir-lifetime'),
      claimTemplate: whenScaled,
      persistentVolumeClaim: v('kept', 'reclaim-policy'),
      hostPath: v('stays on the node', 'hostpath-node'),
      csi: DRIVER,
      ephemeral: v('claim deleted with the Pod', 'ephemeral-volumes'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
  {
    event: 'workload-deleted',
    when: (kind) => `${kind} deleted`,
    kinds: kinds(...WORKLOADS),
    kindsFact: 'cascading-deletion',
    verdicts: {
      emptyDir: (object) => cascade(object, 'deleted with every Pod'),
      claimTemplate: whenDeleted,
      persistentVolumeClaim: v('kept: deleting the workload does not delete the claim', 'reclaim-policy'),
      hostPath: v('stays on the nodes', 'hostpath-node'),
      csi: DRIVER,
      ephemeral: (object) => cascade(object, 'claims deleted with the Pods'),
      projected: PROJECTED, ...ELSEWHERE,
    },
  },
];

export interface Lifecycle {
  /** What backs the path, e.g. "emptyDir `cache`" (markdown). */
  readonly backing: string;
  /** Where the files live and for how long. */
  readonly summary: Verdict;
  /** One row per event this kind's Pods can meet. */
  readonly rows: readonly { readonly event: string; readonly when: string; readonly verdict: Verdict }[];
  readonly notes: readonly Verdict[];
}

function rowsFor(object: K8sObject, backing: Backing): Lifecycle['rows'] {
  return LIFECYCLE.filter((row) => row.kinds.has(object.kind)).map((row) => {
    const cell = row.verdicts[backing];
    return { event: row.event, when: row.when(object.kind), verdict: typeof cell === 'function' ? cell(object) : cell };
  });
}

/** The verdict on one event, when this kind's Pods can meet it. */
export function verdictOn(lifecycle: Lifecycle, event: string): Verdict | undefined {
  return lifecycle.rows.find((row) => row.event === event)?.verdict;
}

/** Kinds whose Pods all share the pod template's volumes. */
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet']);

const NETWORK_TYPES = new Set(['nfs', 'iscsi', 'fc']);

/** In-tree types whose operations Kubernetes redirects to a CSI driver (kubernetes/website volume-types.md). */
const REDIRECTED_TYPES: Readonly<Record<string, { readonly driver: string; readonly removedIn: string }>> = {
  awsElasticBlockStore: { driver: 'ebs.csi.aws.com', removedIn: '1.27' },
  azureDisk: { driver: 'disk.csi.azure.com', removedIn: '1.27' },
  azureFile: { driver: 'file.csi.azure.com', removedIn: '1.30' },
  cinder: { driver: 'cinder.csi.openstack.org', removedIn: '1.26' },
  gcePersistentDisk: { driver: 'pd.csi.storage.gke.io', removedIn: '1.28' },
  portworxVolume: { driver: 'pxd.portworx.com', removedIn: '1.36' },
  vsphereVolume: { driver: 'csi.vsphere.vmware.com', removedIn: '1.30' },
};

/** In-tree types whose volumes no longer work, with the release that removed (or, for gitRepo, last had) the driver. */
const REMOVED_TYPES: Readonly<Record<string, string>> = {
  cephfs: 'removed in 1.31', flocker: 'removed in 1.25', glusterfs: 'removed in 1.26', photonPersistentDisk: 'removed in 1.16',
  quobyte: 'removed in 1.25', rbd: 'removed in 1.31', scaleIO: 'removed in 1.22', storageos: 'removed in 1.25',
  gitRepo: 'off by default since 1.33 (kubelet feature gate `GitRepoVolumeDriver`) and gone since 1.36',
};

function backingOf(type: string): Backing {
  if (type === 'emptyDir' || type === 'persistentVolumeClaim' || type === 'hostPath' || type === 'csi' || type === 'ephemeral') return type;
  if (type === 'configMap' || type === 'secret' || type === 'downwardAPI' || type === 'projected') return 'projected';
  if (NETWORK_TYPES.has(type)) return 'network';
  if (Object.hasOwn(REDIRECTED_TYPES, type)) return 'redirected';
  if (Object.hasOwn(REMOVED_TYPES, type)) return 'removed';
  return 'other';
}

const DELETE_DELETES_DATA = v(
  'Deleting the claim usually deletes the data: a dynamically provisioned volume inherits its StorageClass\'s ' +
    'reclaim policy, `Delete` by default.',
  'reclaim-policy',
);
const PROTECTED = v(
  'Deleting the claim while a Pod uses it leaves it `Terminating` (finalizer `kubernetes.io/pvc-protection`) until no Pod uses it.',
  'pvc-protection',
);
const TOPOLOGY = v(
  'A bound volume whose PersistentVolume has node affinity pins the Pods that mount it: a zonal disk to its zone, a ' +
    '`local` volume to its node. With ' +
    '`volumeBindingMode: WaitForFirstConsumer` the volume is provisioned where the first Pod is scheduled; with the ' +
    'default `Immediate`, before any Pod is.',
  'volume-topology',
);
const OWNERSHIP = v(
  'A freshly formatted volume\'s root directory belongs to root: a container running as another user usually needs ' +
    '`securityContext.fsGroup` to write there, where the volume type supports it (for CSI, per the driver\'s ' +
    '`fsGroupPolicy`), or the root chowned another way, such as an init container (with `fsGroupChangePolicy: ' +
    'OnRootMismatch`, the kubelet skips the recursive ownership change when the root already matches).',
  'volume-ownership',
);

export function claimTemplateLifecycle(object: K8sObject, template: ClaimTemplate): Lifecycle {
  const claim = `${template.name}-${object.name ?? '<statefulset>'}-<ordinal>`;
  return {
    backing: `volumeClaimTemplate \`${template.name}\``,
    summary: v(
      `Each replica gets its own PersistentVolumeClaim \`${claim}\`: the StatefulSet controller creates it for the ` +
        'first Pod with that ordinal, and every later Pod with the same ordinal mounts it again.',
      'statefulset-claims',
    ),
    rows: rowsFor(object, 'claimTemplate'),
    notes: [TOPOLOGY, OWNERSHIP],
  };
}

/** The claim template of the same name, which the StatefulSet controller mounts instead of the pod volume. */
export function shadowingTemplate(object: K8sObject, volume: PodVolume): ClaimTemplate | undefined {
  return object.claimTemplates.find((t) => t.name !== undefined && t.name === volume.name);
}

/** A pod volume's lifecycle; a pod volume a claim template shadows is the claim template's (the controller mounts the claim). */
export function volumeLifecycle(object: K8sObject, volume: PodVolume): Lifecycle {
  const shadowing = shadowingTemplate(object, volume);
  if (shadowing) return claimTemplateLifecycle(object, shadowing);
  const type = volume.source?.type ?? 'unknown';
  const backing = backingOf(type);
  return {
    backing: `${type} \`${volume.name ?? '?'}\``,
    summary: summaryOf(type, backing, volume),
    rows: rowsFor(object, backing),
    notes: notesOf(object, backing, volume),
  };
}

function summaryOf(type: string, backing: Backing, volume: PodVolume): Verdict {
  const source = volume.source?.value;
  switch (backing) {
    case 'emptyDir':
      return v(
        'A directory created empty when the Pod is assigned to a node. It exists while the Pod runs there: the kubelet ' +
          'removes it when the Pod terminates (deleted, evicted, or finished), and a new Pod gets a new, empty one.',
        'emptydir-lifetime',
      );
    case 'persistentVolumeClaim':
      return v(
        `The PersistentVolumeClaim \`${(isMap(source) && stringAt(source, 'claimName')) || '?'}\`, which exists independently of Pods and workloads.`,
        'reclaim-policy',
      );
    case 'hostPath':
      return v('A path on the node the Pod runs on. Kubernetes never cleans it up, and never moves it.', 'hostpath-node');
    case 'csi':
      return v(
        'A CSI ephemeral volume: the driver sets it up with the Pod and tears it down with the Pod. Whether its ' +
          'data outlives the Pod is the driver\'s choice: some create fresh scratch space, others (NFS, SMB) mount ' +
          'an existing share.',
        'csi-ephemeral',
      );
    case 'ephemeral':
      return v('A generic ephemeral volume: a PersistentVolumeClaim `<pod>-<volume>` owned by the Pod.', 'ephemeral-volumes');
    case 'projected':
      return v('Content projected from the Kubernetes API, read-only in the container: not a place to keep data.', 'projected-volumes');
    case 'network':
      return v(`A ${type} volume: the data lives on that storage system; Pods only mount and unmount it.`, 'network-volumes');
    case 'redirected': {
      const { driver, removedIn } = REDIRECTED_TYPES[type];
      return v(
        `A ${type} volume: its in-tree driver was removed in Kubernetes ${removedIn}, and Kubernetes redirects its ` +
          `operations to the \`${driver}\` CSI driver, which must be installed in the cluster. The data lives on that storage system.`,
        'removed-volume-types',
      );
    }
    case 'removed':
      return v(`A ${type} volume: its in-tree driver is ${REMOVED_TYPES[type]}, so a Pod that uses it cannot start.`, 'removed-volume-types');
    default:
      return type === 'flexVolume'
        ? v('A FlexVolume (deprecated): how long its data lives is its driver\'s business.', 'other-volume-types')
        : v(`A ${type} volume: see its documentation for how long its data lives.`, 'other-volume-types');
  }
}

function notesOf(object: K8sObject, backing: Backing, volume: PodVolume): Verdict[] {
  const source = volume.source?.value;
  switch (backing) {
    case 'emptyDir': {
      const sizeLimit = isMap(source) ? stringAt(source, 'sizeLimit') : undefined;
      if (isMap(source) && stringAt(source, 'medium') === 'Memory') {
        return [
          v(
            '`medium: Memory` mounts a tmpfs: files written there count against the memory limit of the container ' +
              'that wrote them, its size is the smallest of `sizeLimit`, the Pod\'s memory limit and the node\'s ' +
              'allocatable memory, and a node reboot clears it.',
            'emptydir-memory',
          ),
        ];
      }
      return sizeLimit
        ? [v(`When its usage exceeds \`sizeLimit: ${sizeLimit}\`, the kubelet evicts the Pod, and the files go with it.`, 'emptydir-size-limit')]
        : [];
    }
    case 'persistentVolumeClaim':
      return [
        DELETE_DELETES_DATA,
        PROTECTED,
        TOPOLOGY,
        ...(REPLICATED.has(object.kind)
          ? [
              v(
                `Every Pod of this ${object.kind} mounts this same claim; with \`ReadWriteOnce\` on an attachable volume ` +
                  '(a cloud disk, say), Pods on other nodes cannot attach it (Multi-Attach error).',
                'access-modes',
              ),
            ]
          : []),
      ];
    case 'hostPath':
      return [
        v(
          'hostPath carries many security risks and the Kubernetes docs advise avoiding it; a local PersistentVolume pins data to its node explicitly.',
          'hostpath-node',
        ),
      ];
    case 'ephemeral':
      return [v('Its volume then follows its reclaim policy, `Delete` by default for dynamically provisioned volumes: the data is deleted too.', 'reclaim-policy')];
    default:
      return [];
  }
}

/** How this object's Pods leave their node, taking an emptyDir with them, for its kind and update strategy. */
export function podRemovals(object: K8sObject): string[] {
  const meets = (event: string) => LIFECYCLE.some((row) => row.event === event && row.kinds.has(object.kind));
  return [
    ...(meets('pod-deleted') ? ['deleted', 'evicted'] : []),
    ...(meets('pod-finished') ? ['finished'] : []),
    ...(rolloutReplaces(object) !== 'none' ? ['replaced by a rollout'] : []),
  ];
}
