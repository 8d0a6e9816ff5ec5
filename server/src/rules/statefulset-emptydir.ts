// A StatefulSet keeps data in an emptyDir: the files go with the Pod, whatever the claim templates promise.
import { isMap } from 'yaml';
import { dataEmptyDirs } from '../model/emptyDirs';
import { podRemovals } from '../model/lifecycle';
import { unmountedClaimTemplates } from '../model/objects';
import { mountsOf } from '../model/workload';
import { addClaimTemplate, mountClaimTemplateInstead, removeVolume } from '../fixes/volumes';
import { stringAt } from '../yaml/nodes';
import { fix } from '../fixes/fix';
import { alternatives, finding } from './report';
import type { ObjectRule } from './types';

export const statefulsetEmptydir: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'statefulset-emptydir',
    title: 'StatefulSet keeps data in an emptyDir',
    description:
      'A StatefulSet container mounts an emptyDir, whose files are deleted whenever the Pod is deleted, evicted, rescheduled or replaced by a rollout.',
    severity: 'warning',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ text, object }) {
    const unmounted = unmountedClaimTemplates(object);
    const emptyDirs = dataEmptyDirs(object);
    // Only one pairing is the obvious intent: one unused claim template, one emptyDir holding data.
    const obvious = unmounted.length === 1 && emptyDirs.length === 1;
    return emptyDirs.map((volume) => {
      const mounts = mountsOf(object.pod, volume.name);
      const paths = [...new Set(mounts.map((mount) => mount.path ?? '?'))].join(', ');
      const sizeLimit = isMap(volume.source?.value) ? stringAt(volume.source.value, 'sizeLimit') : undefined;
      return finding(
        this.meta.id,
        volume.source!.key,
        `emptyDir '${volume.name}' holds ${paths} of StatefulSet '${object.name ?? '?'}': its files are deleted ` +
          `whenever the Pod is ${alternatives(podRemovals(object))} (they survive container restarts, not a new Pod). ` +
          'Keep them in a volumeClaimTemplate mounted by name.',
        mounts.map((mount) => ({
          node: mount.nameNode,
          message: `mounted at ${mount.path ?? '?'} by container '${mount.container.name ?? '?'}'`,
        })),
        (settings) => [
          ...unmounted.map((template) =>
            mountClaimTemplateInstead(text, object, template, volume, obvious),
          ),
          fix(`Convert emptyDir '${volume.name}' to a volumeClaimTemplate`, unmounted.length === 0, [
            removeVolume(text, object, volume),
            addClaimTemplate(text, object, volume.name!, sizeLimit ?? settings.defaultStorageRequest),
          ]),
        ],
      );
    });
  },
};
