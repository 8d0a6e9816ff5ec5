// A StatefulSet whose claims are deleted with the set or on scale-down: usually their disks go too.
import { isScalar, isSeq } from 'yaml';
import { fix } from '../fixes/fix';
import type { Valued } from '../model/claims';
import type { K8sObject } from '../model/objects';
import { opaque } from '../model/workload';
import { replaceScalar } from '../yaml/edits';
import { finding } from './report';
import type { ObjectRule } from './types';

const WHAT_DELETE_DOES = {
  whenDeleted:
    'when this StatefulSet is deleted, the PersistentVolumeClaims made from its volumeClaimTemplates are deleted after their Pods',
  whenScaled:
    'when this StatefulSet is scaled down, the PersistentVolumeClaims (made from its volumeClaimTemplates) of the Pods removed by ' +
    'the scale-down are deleted after those Pods; a later scale-up creates new claims for them',
} as const;

/** Whether the object shows that it has no volumeClaimTemplates (a patch's templates may be in the object it patches). */
function knownWithoutClaimTemplates(object: K8sObject): boolean {
  if (object.partial || opaque(object.spec)) return false;
  const value = object.claimTemplatesPair?.value;
  if (value === undefined) return true;
  return (isSeq(value) && value.items.length === 0) || (isScalar(value) && value.value === null);
}

export const claimRetentionDelete: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'claim-retention-delete',
    title: 'StatefulSet claims deleted by the retention policy',
    description:
      'A StatefulSet sets persistentVolumeClaimRetentionPolicy whenDeleted or whenScaled to Delete, so its claims, and with the default reclaim policy their volumes, are deleted with the set or on scale-down.',
    severity: 'information',
    kinds: ['StatefulSet'],
    fixable: true,
  },
  check({ text, object }) {
    if (object.kind !== 'StatefulSet' || !object.apiVersion.startsWith('apps/')) return [];
    const retention = object.workload?.retention;
    if (!retention || knownWithoutClaimTemplates(object)) return [];
    const templates = object.claimTemplates.filter((t) => t.name && t.nameNode);
    return (['whenDeleted', 'whenScaled'] as const).flatMap((field) => {
      const policy: Valued | undefined = retention[field];
      if (policy?.value !== 'Delete') return [];
      return finding(
        this.meta.id,
        policy.node,
        `${field} is Delete: ${WHAT_DELETE_DOES[field]}. A deleted claim usually takes its data with it: a dynamically ` +
          "provisioned volume inherits its StorageClass's reclaimPolicy, which defaults to Delete. The policy applies only " +
          'to deleting the StatefulSet and scaling it down: a Pod replaced for another reason, such as a node failure, keeps its claim.',
        templates.map((t) => ({
          node: t.nameNode,
          message: `volumeClaimTemplate '${t.name}': claims ${t.name}-${object.name ?? '<statefulset>'}-<ordinal>`,
        })),
        // Delete may be deliberate (scratch data, caches): switching to Retain is offered, never applied by fix-all.
        () => [fix(`Set ${field} to Retain`, false, [replaceScalar(text, policy.node, 'Retain')])],
      );
    });
  },
};
