// A workload writes to a hostPath: the files stay on whichever node ran the Pod, and the next Pod may run elsewhere.
// The node paths, the pins and the kinds are documented in docs/rules/hostpath-data.md: keep the two in step.
import { isMap } from 'yaml';
import { knowsAllVolumes } from '../model/objects';
import { pinnedToOneNode } from '../model/scheduling';
import { mountsOf, opaque, PodVolume, VolumeMount } from '../model/workload';
import { stringAt } from '../yaml/nodes';
import { finding } from './report';
import type { ObjectRule } from './types';

/** Every workload kind but DaemonSet, whose controller creates each Pod for one node (and recreates it there). */
const KINDS = ['Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'Job', 'CronJob'];

/**
 * Node paths that hold the node's own state (its operating system, kernel interfaces, runtime, kubelet, logs), not
 * an application's data: a hostPath equal to one of them or below it is not reported. `/` counts only as itself.
 */
export const NODE_STATE_PATHS: readonly string[] = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/opt/cni',
  '/proc',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib/cni',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/var/lib/docker',
  '/var/lib/etcd',
  '/var/lib/kubelet',
  '/var/log',
  '/var/run',
];

/** hostPath types that are not files to keep: the path must already be a socket or a device. */
const NOT_FILES = new Set(['Socket', 'CharDevice', 'BlockDevice']);

/** `//a/./b/` → `/a/b`; undefined for what is not an absolute POSIX path (a Windows path or pipe, a relative path). */
export function normalizedNodePath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  return `/${segments.join('/')}`;
}

export function isNodeStatePath(path: string): boolean {
  return NODE_STATE_PATHS.some((root) => path === root || (root !== '/' && path.startsWith(`${root}/`)));
}

/** The mounts through which a container can write into the volume (a hostPath cannot back a volumeDevice). */
function writers(mounts: readonly VolumeMount[]): VolumeMount[] {
  return mounts.filter((mount) => mount.type === 'mount' && !mount.readOnly && mount.container.group !== 'ephemeralContainers');
}

/** The node path of a hostPath volume whose files are application data, or undefined. */
function dataPath(volume: PodVolume): string | undefined {
  const source = volume.source?.value;
  if (volume.source?.type !== 'hostPath' || !isMap(source) || opaque(source)) return undefined;
  const written = stringAt(source, 'path');
  const path = written === undefined ? undefined : normalizedNodePath(written);
  if (path === undefined || NOT_FILES.has(stringAt(source, 'type') ?? '') || path.endsWith('.sock')) return undefined;
  return isNodeStatePath(path) ? undefined : path;
}

/** What happens to the files when Pods come and go, for the kind in front of us. */
function consequence(kind: string, name: string | undefined, path: string): string {
  const theirs = `that node's ${path} instead`;
  switch (kind) {
    case 'Pod':
      return (
        `the files go to ${path} on the node this Pod runs on, and stay there after the Pod is deleted. No controller ` +
        `replaces a bare Pod and nothing here pins it to one node: a Pod created again from this manifest may be ` +
        `scheduled on another node and see ${theirs}.`
      );
    case 'PodTemplate':
      return (
        `the files go to ${path} on the node each Pod runs on, and stay there. Nothing here pins the Pods created ` +
        `from this template to one node: they may be scheduled on different nodes, each seeing only its own node's ${path}.`
      );
    case 'StatefulSet':
      return (
        `the files go to ${path} on the node each Pod runs on, and stay there. Nothing here pins the Pods of ` +
        `StatefulSet '${name ?? '?'}' to one node: a Pod that replaces one (same name, same ordinal) may be scheduled ` +
        `on another node and see ${theirs}. Unlike a volumeClaimTemplate's claim, a hostPath does not follow the ordinal.`
      );
    case 'Job':
      return (
        `the files go to ${path} on the node each Pod runs on, and stay there after the Job finishes. Nothing here ` +
        `pins the Pods of Job '${name ?? '?'}' to one node: a Pod it creates to replace a failed or deleted one may be ` +
        `scheduled on another node and see ${theirs}.`
      );
    case 'CronJob':
      return (
        `the files go to ${path} on the node each Pod runs on, and stay there. Nothing here pins the Pods of ` +
        `CronJob '${name ?? '?'}' to one node: each run's Pods may be scheduled on another node and see only the ` +
        `files earlier runs left on that node.`
      );
    default:
      return (
        `the files go to ${path} on the node each Pod runs on, and stay there. Nothing here pins the Pods of ` +
        `${kind} '${name ?? '?'}' to one node: a Pod that replaces one may be scheduled on another node and see ${theirs}.`
      );
  }
}

export const hostpathData: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'hostpath-data',
    title: 'Data written to a hostPath',
    description:
      'A container writes application data to a hostPath volume: the files stay on whichever node ran the Pod, and a later Pod scheduled on another node does not see them.',
    severity: 'warning',
    kinds: KINDS,
    fixable: false,
  },
  check({ object }) {
    const pod = object.pod;
    // A mount's readOnly or a node pin may sit where we cannot see it: behind an alias, or in a patch's base.
    if (!KINDS.includes(object.kind) || !pod || !knowsAllVolumes(object)) return [];
    if (pinnedToOneNode(pod.spec) !== false) return [];
    return pod.volumes.flatMap((volume) => {
      const path = dataPath(volume);
      const mounts = path === undefined ? [] : writers(mountsOf(pod, volume.name));
      if (path === undefined || mounts.length === 0) return [];
      const where = mounts.map((mount) => `${mount.path ?? '?'} (container '${mount.container.name ?? '?'}')`).join(', ');
      return finding(
        this.meta.id,
        volume.source!.key,
        `hostPath volume '${volume.name}' is mounted writable at ${where}: ${consequence(object.kind, object.name, path)}`,
        mounts.map((mount) => ({
          node: mount.nameNode,
          message: `written at ${mount.path ?? '?'} by container '${mount.container.name ?? '?'}'`,
        })),
      );
    });
  },
};
