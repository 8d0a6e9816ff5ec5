// One ReadWriteOnce(Pod) claim mounted by several Pods: only one node (or Pod) gets the volume, the others wait.
import type { Node } from 'yaml';
import { fix } from '../fixes/fix';
import { placedReplacePlain } from '../fixes/placed';
import { singleNodeOnly } from '../model/claims';
import { IndexedObject, ObjectIndex } from '../model/objectIndex';
import { MountedClaim, mountedClaims, mostReplicas } from '../model/relations';
import { POD_SPEC_PATHS } from '../model/workload';
import { placedFinding } from './report';
import type { Finding, RelationalRule } from './types';

/** Kinds whose `replicas` Pods all mount the pod template's claims. */
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

export const rwoClaimShared: RelationalRule = {
  scope: 'relational',
  meta: {
    id: 'rwo-claim-shared',
    title: 'ReadWriteOnce claim mounted by several Pods',
    description:
      'Several Pods (replicas, or two workloads) mount one PersistentVolumeClaim whose access modes are only ReadWriteOnce or ReadWriteOncePod, so Pods beyond the first node (or the first Pod) cannot start.',
    severity: 'warning',
    kinds: Object.keys(POD_SPEC_PATHS).filter((kind) => kind !== 'PodTemplate'),
    fixable: true,
  },
  check({ subject, index }) {
    const findings: Finding[] = [];
    for (const mounted of mountedClaims(subject, index)) {
      const claim = mounted.claim?.object.claim;
      if (!mounted.claim || !claim?.accessModes || !singleNodeOnly(claim)) continue;
      const modes = claim.accessModes.values.map((mode) => mode.value);
      const mode = modes.includes('ReadWriteOncePod') && modes.every((m) => m === 'ReadWriteOncePod') ? 'ReadWriteOncePod' : 'ReadWriteOnce';
      const related = [{ at: mounted.claim, node: claim.accessModes.node as Node, message: `access modes of PersistentVolumeClaim '${mounted.name}'` }];
      const scale = REPLICATED.has(subject.object.kind) ? mostReplicas(subject, index) : undefined;
      if (scale && scale.value > 1) {
        const by = scale.at === subject ? 'replicas' : `HorizontalPodAutoscaler '${scale.at.object.name ?? '?'}' (maxReplicas)`;
        findings.push(
          placedFinding(
            this.meta.id,
            subject,
            mounted.claimName,
            `PersistentVolumeClaim '${mounted.name}' is ${mode} and ${describe(subject)} runs up to ${scale.value} replicas ` +
              `that mount it: ${consequence(mode)}`,
            [...related, { at: scale.at, node: scale.node, message: `up to ${scale.value} replicas, set by ${by}` }],
            () => [
              scale.at === subject
                ? fix('Set replicas to 1', false, [placedReplacePlain(subject, scale.node, '1')])
                : undefined,
            ],
          ),
        );
        continue;
      }
      const others = sharers(subject, mounted, index);
      if (others.length === 0) continue;
      findings.push(
        placedFinding(
          this.meta.id,
          subject,
          mounted.claimName,
          `PersistentVolumeClaim '${mounted.name}' is ${mode} and is mounted by ${describe(subject)} and by ` +
            `${others.map((other) => describe(other.at)).join(', ')}: ${consequence(mode)}`,
          [...related, ...others.map((other) => ({ at: other.at, node: other.node, message: `also mounted by ${describe(other.at)}` }))],
        ),
      );
    }
    return findings;
  },
};

function describe({ object }: IndexedObject): string {
  return `${object.kind} '${object.name ?? '?'}'`;
}

/** What the cluster does with a second Pod on such a claim (docs/rules/rwo-claim-shared.md cites the sources). */
function consequence(mode: string): string {
  if (mode === 'ReadWriteOncePod') {
    return (
      'a ReadWriteOncePod volume is used by one Pod in the whole cluster, so every other Pod stays Pending ' +
      '("node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode").'
    );
  }
  return (
    'a ReadWriteOnce volume is attached to one node at a time: Pods on that node share it, but on an attachable volume ' +
    '(a cloud or block disk) a Pod scheduled to another node hangs in ContainerCreating (FailedAttachVolume: ' +
    'Multi-Attach error).'
  );
}

/** The other workloads in view that mount the same claim. */
function sharers(subject: IndexedObject, mounted: MountedClaim, index: ObjectIndex): { at: IndexedObject; node: Node }[] {
  return index.objects.flatMap((other) => {
    if (other.object === subject.object || !other.object.pod || other.object.kind === 'PodTemplate') return [];
    const same = mountedClaims(other, index).find((m) => m.claim === mounted.claim);
    return same ? [{ at: other, node: same.claimName }] : [];
  });
}
