// A Deployment rolls out by starting the new Pod before stopping the old one: with a claim only one node (or Pod)
// may use, the new Pod waits for a volume the old Pod never gives up.
import type { Node, YAMLMap } from 'yaml';
import { fix } from '../fixes/fix';
import { setRecreateStrategy } from '../fixes/recreateStrategy';
import { singleNodeOnly } from '../model/claims';
import { mountedClaims } from '../model/relations';
import type { WorkloadSpec } from '../model/workload';
import { mapAt, pairOf, scalarAt } from '../yaml/nodes';
import { placedFinding } from './report';
import type { Finding, RelationalRule } from './types';

export const rwoClaimRollingUpdate: RelationalRule = {
  scope: 'relational',
  meta: {
    id: 'rwo-claim-rolling-update',
    title: 'RollingUpdate Deployment on a ReadWriteOnce claim',
    description:
      'A Deployment with the RollingUpdate strategy mounts a ReadWriteOnce or ReadWriteOncePod claim: its rollouts start each new Pod before the old one stops, and the new Pod cannot get the volume.',
    severity: 'warning',
    kinds: ['Deployment'],
    fixable: true,
  },
  check({ subject, index }) {
    const workload = subject.object.workload;
    if (!workload || (workload.strategy && workload.strategy.value !== 'RollingUpdate')) return [];
    // Only when no old Pod may go before a new one is ready does the rollout wait on the volume for certain.
    if (maxUnavailable(subject.object.spec, workload) !== 0) return [];
    const findings: Finding[] = [];
    for (const mounted of mountedClaims(subject, index)) {
      const claim = mounted.claim?.object.claim;
      if (!mounted.claim || !claim?.accessModes || !singleNodeOnly(claim)) continue;
      const pod = claim.accessModes.values.every((mode) => mode.value === 'ReadWriteOncePod');
      const related = [
        { at: mounted.claim, node: claim.accessModes.node as Node, message: `access modes of PersistentVolumeClaim '${mounted.name}'` },
      ];
      const strategy = workload.strategy ? 'strategy RollingUpdate' : 'the default strategy, RollingUpdate,';
      const message = pod
        ? `PersistentVolumeClaim '${mounted.name}' is ReadWriteOncePod and Deployment '${subject.object.name ?? '?'}' rolls out ` +
          `with ${strategy} which keeps every old Pod until its new Pod is ready: the new Pod stays Pending while the old ` +
          'one holds the claim, so every rollout stalls (and is reported as ProgressDeadlineExceeded). Use strategy Recreate.'
        : `PersistentVolumeClaim '${mounted.name}' is ReadWriteOnce and Deployment '${subject.object.name ?? '?'}' rolls out ` +
          `with ${strategy} which keeps every old Pod until its new Pod is ready: if the new Pod is scheduled to another ` +
          'node and the volume is attachable (a cloud or block disk), it hangs in ContainerCreating (Multi-Attach error) ' +
          'and the rollout stalls. Use strategy Recreate.';
      findings.push(
        placedFinding(
          this.meta.id,
          subject,
          mounted.claimName,
          message,
          related,
          () => [fix('Use strategy Recreate (stop the old Pod before the new one starts)', pod, [setRecreateStrategy(subject)])],
          pod ? 'warning' : 'information',
        ),
      );
    }
    return findings;
  },
};

/**
 * How many Pods a rollout may take down before new ones are ready, as the Deployment controller resolves
 * `rollingUpdate.maxUnavailable` (default 25%, rounded down) and `maxSurge` (default 25%, rounded up): when both come
 * to 0 it takes 1. Undefined when a value is not one we can read.
 */
function maxUnavailable(spec: YAMLMap | undefined, workload: WorkloadSpec): number | undefined {
  const rolling = mapAt(mapAt(spec, 'strategy'), 'rollingUpdate');
  if (pairOf(mapAt(spec, 'strategy'), 'rollingUpdate') && !rolling) return undefined;
  const replicas = workload.replicas?.value ?? 1;
  const unavailable = scaled(scalarAt(rolling, 'maxUnavailable')?.value ?? '25%', replicas, Math.floor);
  const surge = scaled(scalarAt(rolling, 'maxSurge')?.value ?? '25%', replicas, Math.ceil);
  if (unavailable === undefined || surge === undefined) return undefined;
  return unavailable === 0 && surge === 0 ? 1 : unavailable;
}

/** An int-or-percent of `total` (apimachinery's GetScaledValueFromIntOrPercent). */
function scaled(value: unknown, total: number, round: (n: number) => number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent ? round((Number(percent[1]) * total) / 100) : undefined;
}
