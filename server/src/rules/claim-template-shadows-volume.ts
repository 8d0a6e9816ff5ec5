// A pod volume named like a claim template: the controller swaps in the claim and drops the volume unseen.
import { removeVolume } from '../fixes/volumes';
import { fix } from '../fixes/fix';
import { finding } from './report';
import type { ObjectRule } from './types';

export const claimTemplateShadowsVolume: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'claim-template-shadows-volume',
    title: 'Pod volume replaced by a volumeClaimTemplate',
    description:
      'A StatefulSet pod volume has the name of a volumeClaimTemplate; the controller replaces it with the claim, so the pod volume is silently ignored.',
    severity: 'warning',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ text, object }) {
    if (object.kind !== 'StatefulSet' || !object.pod) return [];
    const volumes = object.pod.volumes;
    const duplicated = (name: string | undefined) => volumes.filter((other) => other.name === name).length > 1;
    return volumes.flatMap((volume) => {
      const template = object.claimTemplates.find((t) => t.name !== undefined && t.name === volume.name);
      if (!template || !volume.nameNode) return [];
      const type = volume.source?.type;
      return finding(
        this.meta.id,
        volume.nameNode,
        `Pod volume '${volume.name}'${type ? ` (${type})` : ''} has the name of a volumeClaimTemplate: the StatefulSet ` +
          `controller replaces it with PersistentVolumeClaim '${volume.name}-${object.name ?? '<statefulset>'}-<ordinal>', ` +
          `so this ${type ? `${type} ` : ''}volume is ignored.`,
        [{ node: template.nameNode, message: `volumeClaimTemplate '${template.name}'` }],
        // A claim reference may be what the user meant to mount (a restored claim, say): removing it is offered,
        // never applied unasked by fix-all. Two pod volumes of one name are a manifest the API server refuses
        // ("Duplicate value"): removing one would leave the other, so which goes is the author's call.
        () => (duplicated(volume.name) ? [] : [fix(`Remove pod volume '${volume.name}'`, type !== 'persistentVolumeClaim', [removeVolume(text, object, volume)])]),
      );
    });
  },
};
