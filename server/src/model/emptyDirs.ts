// Which emptyDirs of a StatefulSet hold data, and which hold scratch.
// Documented in docs/rules/statefulset-emptydir.md: keep the two in step.
import { isMap } from 'yaml';
import { stringAt } from '../yaml/nodes';
import { K8sObject, mountsOf, PodTemplate, PodVolume } from './workload';

/** A path segment that names temporary, cache, runtime, socket, lock or shared-memory space. */
export const SCRATCH_SEGMENT = /^(?:\.?cache|caches|tmp|temp|te?mp[-_]?dir|scratch|run|shm|sockets?|socks?|locks?)$/i;

/** A home directory itself (`/root`, `/home/<user>`): the writable dotfile space of a read-only image. */
export const HOME_DIRECTORY = /^\/(?:root|home\/[^/]+)\/?$/;

export function isScratchPath(path: string): boolean {
  return (
    path.endsWith('.sock') || HOME_DIRECTORY.test(path) || path.split('/').some((segment) => SCRATCH_SEGMENT.test(segment))
  );
}

/** Why an emptyDir counts as scratch, or undefined when it may hold data. */
export function scratchReason(pod: PodTemplate, volume: PodVolume): string | undefined {
  const source = volume.source?.value;
  if (isMap(source) && stringAt(source, 'medium') === 'Memory') return 'medium: Memory';
  const mounts = mountsOf(pod, volume.name);
  if (mounts.some((mount) => mount.container.group === 'initContainers')) return 'filled by an init container';
  if (mounts.length > 0 && mounts.every((mount) => mount.path !== undefined && isScratchPath(mount.path))) {
    return 'mounted only at scratch paths';
  }
  return undefined;
}

/**
 * The emptyDirs of a StatefulSet whose files are data: mounted by a container, not replaced by a claim template of
 * the same name, and not scratch.
 */
export function dataEmptyDirs(object: K8sObject): PodVolume[] {
  const pod = object.pod;
  if (object.kind !== 'StatefulSet' || !pod) return [];
  const claimNames = new Set(object.claimTemplates.map((template) => template.name));
  return pod.volumes.filter(
    (volume) =>
      volume.source?.type === 'emptyDir' &&
      volume.name !== undefined &&
      !claimNames.has(volume.name) &&
      mountsOf(pod, volume.name).length > 0 &&
      scratchReason(pod, volume) === undefined,
  );
}
