// Which emptyDirs of a StatefulSet hold data, and which hold scratch.
// Documented in docs/rules/statefulset-emptydir.md: keep the two in step.
import { isMap } from 'yaml';
import { stringAt } from '../yaml/nodes';
import type { K8sObject } from './objects';
import { isInitStep, mountsOf, PodTemplate, PodVolume, VolumeMount } from './workload';

/** A path segment that names temporary, cache, runtime, socket, lock or shared-memory space. */
export const SCRATCH_SEGMENT = /^(?:\.?cache|caches|tmp|temp|te?mp[-_]?dir|scratch|run|shm|sockets?|socks?|locks?)$/i;

/**
 * The configuration, logs and temporary files that a Bitnami image writes for itself at start, under its own
 * directory (`/opt/bitnami/postgresql/conf`): its charts mount them from one emptyDir and keep the data on a claim.
 */
export const BITNAMI_RUNTIME = /^\/opt\/bitnami\/[^/]+\/(?:conf|etc|logs|tmp)(?:\/|$)/;

/** A home directory itself (`/root`, `/home/<user>`). */
export const HOME_DIRECTORY = /^\/(?:root|home\/[^/]+)\/?$/;

/** Volume types that carry configuration from the API: an init container mounting one renders config from it. */
const CONFIG_SOURCES = new Set(['configMap', 'secret', 'projected', 'downwardAPI']);

/**
 * A mount at scratch space: a socket, a path with a scratch segment, or the home directory of a container whose
 * root filesystem is read-only (the emptyDir only makes its dotfiles writable).
 */
export function isScratchMount(mount: VolumeMount): boolean {
  const path = mount.path;
  if (path === undefined) return false;
  if (HOME_DIRECTORY.test(path)) return mount.container.readOnlyRootFilesystem;
  return path.endsWith('.sock') || BITNAMI_RUNTIME.test(path) || path.split('/').some((segment) => SCRATCH_SEGMENT.test(segment));
}

/**
 * An init container fills the volume for the main containers to read: it renders configuration into it (it also
 * mounts a configMap, secret, projected or downwardAPI volume), or hands it over at another path. One that only
 * prepares the directory a main container then writes in place (`chown` of a data directory) fills nothing.
 */
function filledByInitStep(pod: PodTemplate, mounts: readonly VolumeMount[]): boolean {
  const writers = mounts.filter((mount) => !isInitStep(mount.container) && !mount.readOnly);
  return mounts
    .filter((mount) => isInitStep(mount.container))
    .some(
      (init) =>
        init.container.mounts.some((m) => CONFIG_SOURCES.has(pod.volumes.find((v) => v.name === m.name)?.source?.type ?? '')) ||
        !writers.some((writer) => writer.path === init.path),
    );
}

/**
 * A running container (a main one, or a sidecar) renders configuration into the volume for the others: it is the
 * only one that writes it, it also mounts a configMap, secret, projected or downwardAPI volume, and every other
 * container mounts it read-only. A second writer (a database beside its backup sidecar) makes it data.
 */
function filledBySidecar(pod: PodTemplate, mounts: readonly VolumeMount[]): boolean {
  const running = mounts.filter((mount) => !isInitStep(mount.container));
  const writers = new Set(running.filter((mount) => !mount.readOnly).map((mount) => mount.container));
  if (writers.size !== 1) return false;
  const [writer] = writers;
  const readers = running.filter((mount) => mount.container !== writer);
  return (
    readers.length > 0 &&
    readers.every((mount) => mount.readOnly) &&
    writer.mounts.some((m) => CONFIG_SOURCES.has(pod.volumes.find((v) => v.name === m.name)?.source?.type ?? ''))
  );
}

/** Why an emptyDir counts as scratch, or undefined when it may hold data. */
export function scratchReason(pod: PodTemplate, volume: PodVolume): string | undefined {
  const source = volume.source?.value;
  if (isMap(source) && stringAt(source, 'medium') === 'Memory') return 'medium: Memory';
  const mounts = mountsOf(pod, volume.name);
  if (filledByInitStep(pod, mounts)) return 'filled by an init container';
  if (filledBySidecar(pod, mounts)) return 'filled from configuration by a sidecar';
  if (mounts.length > 0 && mounts.every(isScratchMount)) return 'mounted only at scratch paths';
  return undefined;
}

/**
 * The emptyDirs of a StatefulSet whose files are data: mounted by a container, not replaced by a claim template of
 * the same name, and not scratch. Nothing is claimed of a pod whose volumes or mounts come through aliases.
 */
export function dataEmptyDirs(object: K8sObject): PodVolume[] {
  const pod = object.pod;
  if (object.kind !== 'StatefulSet' || !pod?.complete) return [];
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
