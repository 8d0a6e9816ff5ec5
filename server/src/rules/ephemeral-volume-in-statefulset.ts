// A generic ephemeral volume in a StatefulSet: it reads like a claim template, but its claim belongs to the Pod.
import { moveEphemeralToClaimTemplate } from '../fixes/ephemeralToClaimTemplate';
import { isScratchMount } from '../model/emptyDirs';
import { knowsAllVolumes } from '../model/objects';
import { mountsOf, VolumeMount } from '../model/workload';
import { finding } from './report';
import type { ObjectRule } from './types';

const where = (mount: VolumeMount) =>
  mount.type === 'mount' ? `mounted at ${mount.path ?? '?'}` : `a block device at ${mount.path ?? '?'}`;

export const ephemeralVolumeInStatefulset: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'ephemeral-volume-in-statefulset',
    title: 'Generic ephemeral volume in a StatefulSet',
    description:
      'A StatefulSet container uses a generic ephemeral volume, whose PersistentVolumeClaim belongs to the Pod and is deleted with it, unlike the claims of volumeClaimTemplates.',
    severity: 'warning',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ text, object }) {
    // A same-named claim template (which would replace the volume) may sit behind an alias or in a patch's base.
    if (object.kind !== 'StatefulSet' || !object.pod || !knowsAllVolumes(object)) return [];
    const claimNames = new Set(object.claimTemplates.map((template) => template.name));
    const set = object.name ?? '<statefulset>';
    return object.pod.volumes.flatMap((volume) => {
      // A claim template of the same name replaces the volume: claim-template-shadows-volume reports that.
      if (volume.source?.type !== 'ephemeral' || volume.name === undefined || claimNames.has(volume.name)) return [];
      const mounts = mountsOf(object.pod, volume.name).filter((mount) => mount.container.group !== 'ephemeralContainers');
      // Nothing written, nothing lost: an unused volume is not this rule's business; nor scratch space, what generic
      // ephemeral volumes are for (the same test as statefulset-emptydir's).
      if (mounts.length === 0 || mounts.every((mount) => mount.type === 'mount' && isScratchMount(mount))) return [];
      const uses = mounts.map((mount) => `${where(mount)} (container '${mount.container.name ?? '?'}')`).join(', ');
      return finding(
        this.meta.id,
        volume.source.key,
        `Generic ephemeral volume '${volume.name}' is ${uses}: its PersistentVolumeClaim '${set}-<ordinal>-${volume.name}' ` +
          'is owned by the Pod and deleted with it, so the Pod that replaces it (same name, same ordinal) starts with a ' +
          `new claim, without the files. The claim of a volumeClaimTemplate, '${volume.name}-${set}-<ordinal>', is kept ` +
          'when the Pod is replaced.',
        mounts.map((mount) => ({ node: mount.nameNode, message: `${where(mount)} by container '${mount.container.name ?? '?'}'` })),
        () => [moveEphemeralToClaimTemplate(text, object, volume, true)],
      );
    });
  },
};
