// One ReadWriteOnce(Pod) claim mounted by several Pods: only one node (or Pod) gets the volume, the others wait.
import { isScalar, Node } from 'yaml';
import { convertToStatefulSet } from '../fixes/convertToStatefulSet';
import { fix } from '../fixes/fix';
import { placedReplacePlain } from '../fixes/placed';
import { singleNodeOnly } from '../model/claims';
import { IndexedObject, ObjectIndex } from '../model/objectIndex';
import { autoscalersOf, MountedClaim, mountedClaims, mostReplicas, mountersOf } from '../model/relations';
import { nodePin, pinnedToOneNode, requiresNodeOf } from '../model/scheduling';
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
    kinds: [...POD_SPEC_PATHS.keys()].filter((kind) => kind !== 'PodTemplate'),
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
      // Pods on one node share a ReadWriteOnce volume: replicas pinned to a node, or required to share one, do.
      const oneNode = mode === 'ReadWriteOnce' && onOneNode(subject);
      if (scale && scale.value > 1 && !oneNode) {
        const by = scale.at === subject ? 'replicas' : autoscalerName(scale.at);
        findings.push(
          placedFinding(
            this.meta.id,
            subject,
            mounted.claimName,
            `PersistentVolumeClaim '${mounted.name}' is ${mode} and ${describe(subject)} runs up to ${scale.value} replicas ` +
              `that mount it: ${consequence(mode)}`,
            [...related, { at: scale.at, node: scale.node, message: `up to ${scale.value} replicas, set by ${by}` }],
            // Replicas to 1: not where an autoscaler sets the count, nor for a StatefulSet whose scale-down deletes the
            // claims of its templates (whenScaled: Delete). A Deployment may become a StatefulSet with a claim per replica.
            (settings) => [
              scale.at === subject && isScalar(scale.node) && !scaleDownDeletesClaims(subject) && autoscalersOf(subject, index).length === 0
                ? fix('Set replicas to 1', false, [placedReplacePlain(subject, scale.node, '1')])
                : undefined,
              convertToStatefulSet(subject, index, settings),
            ],
          ),
        );
        continue;
      }
      const others = sharers(subject, mounted, index).filter((other) => mode !== 'ReadWriteOnce' || !sameNode(subject, other.at, index));
      if (others.length === 0) continue;
      findings.push(
        placedFinding(
          this.meta.id,
          subject,
          mounted.claimName,
          `PersistentVolumeClaim '${mounted.name}' is ${mode} and is mounted by ${describe(subject)} and by ` +
            `${others.map((other) => describe(other.at)).join(', ')}: ${consequence(mode, false)}`,
          [...related, ...others.map((other) => ({ at: other.at, node: other.node, message: `also mounted by ${describe(other.at)}` }))],
        ),
      );
    }
    return findings;
  },
};

function autoscalerName({ object }: IndexedObject): string {
  const limit = object.kind === 'ScaledObject' ? 'maxReplicaCount, 100 when not set' : 'maxReplicas';
  return `${object.kind} '${object.name ?? '?'}' (${limit})`;
}

function describe({ object }: IndexedObject): string {
  return `${object.kind} '${object.name ?? '?'}'`;
}

/** What the cluster does with a second Pod on such a claim (docs/rules/rwo-claim-shared.md cites the sources). */
function consequence(mode: string, oneTemplate = true): string {
  if (mode === 'ReadWriteOncePod') {
    return (
      'a ReadWriteOncePod volume is used by one Pod in the whole cluster, so every other Pod is unschedulable ' +
      '("node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode") and stays ' +
      `Pending${oneTemplate ? '' : ', unless its priority lets the scheduler preempt the Pod that holds the claim'}.`
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
  return mounted.claim
    ? mountersOf(mounted.claim, index).filter(({ at }) => at.object !== subject.object).map(({ at, claimName }) => ({ at, node: claimName }))
    : [];
}

function scaleDownDeletesClaims({ object }: IndexedObject): boolean {
  return object.claimTemplates.length > 0 && object.workload?.retention?.whenScaled?.value === 'Delete';
}

/** Whether all of a workload's Pods run on one node: pinned to it, or required to run beside each other. */
function onOneNode({ object }: IndexedObject): boolean {
  const spec = object.pod?.spec;
  return !!spec && (pinnedToOneNode(spec) === true || requiresNodeOf(spec, object.workload?.selector));
}

/** Whether a workload runs one Pod at most, or all its Pods on one node (a DaemonSet runs one on every node). */
function onOneNodeAtMost(at: IndexedObject, index: ObjectIndex): boolean {
  const { object } = at;
  if (object.kind === 'DaemonSet') return false;
  if (onOneNode(at) || object.kind === 'Pod') return true;
  return REPLICATED.has(object.kind) && (mostReplicas(at, index)?.value ?? 1) <= 1;
}

/** Whether the Pods of two workloads run on one node for certain: the same pin, or one required beside the other. */
function sameNode(a: IndexedObject, b: IndexedObject, index: ObjectIndex): boolean {
  const [specA, specB] = [a.object.pod?.spec, b.object.pod?.spec];
  if (!specA || !specB) return false;
  const pin = nodePin(specA);
  if (pin && pin === nodePin(specB)) return true;
  return (
    (requiresNodeOf(specA, b.object.workload?.selector) && onOneNodeAtMost(b, index)) ||
    (requiresNodeOf(specB, a.object.workload?.selector) && onOneNodeAtMost(a, index))
  );
}
