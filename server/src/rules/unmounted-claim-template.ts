// A volumeClaimTemplate nobody mounts: a claim per replica is created, bound and billed, and never used.
import { dataEmptyDirs } from '../model/emptyDirs';
import { knowsAllVolumes, unmountedClaimTemplates } from '../model/objects';
import { mountClaimTemplateInstead } from '../fixes/volumes';
import { finding } from './report';
import type { ObjectRule } from './types';

export const unmountedClaimTemplate: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'unmounted-claim-template',
    title: 'volumeClaimTemplate mounted by no container',
    description:
      'A StatefulSet volumeClaimTemplate that no container mounts: a PersistentVolumeClaim is still created for every replica and never used.',
    severity: 'warning',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ text, object }) {
    // A mount may live where we cannot see it: behind an alias, or in the base a patch applies to.
    if (object.kind !== 'StatefulSet' || !knowsAllVolumes(object)) return [];
    const unmounted = unmountedClaimTemplates(object);
    const emptyDirs = dataEmptyDirs(object);
    return unmounted.flatMap((template) => {
      if (!template.nameNode) return [];
      const claim = `${template.name}-${object.name ?? '<statefulset>'}-<ordinal>`;
      return finding(
        this.meta.id,
        template.nameNode,
        `volumeClaimTemplate '${template.name}' is mounted by no container: the StatefulSet controller still ` +
          `creates PersistentVolumeClaim '${claim}' for every replica, and nothing reads or writes it. ` +
          `Mount it with a volumeMount named '${template.name}'.`,
        emptyDirs.map((volume) => ({ node: volume.source?.key, message: `emptyDir '${volume.name}' holds the data instead` })),
        () =>
          emptyDirs.map((volume) =>
            mountClaimTemplateInstead(text, object, template, volume, unmounted.length === 1 && emptyDirs.length === 1),
          ),
      );
    });
  },
};
