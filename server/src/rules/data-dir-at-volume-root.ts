// PostgreSQL's data directory is the root of a claim's volume: a new ext2/3/4 filesystem holds lost+found there, and
// initdb refuses a directory that is not empty. Sources and what is left out: docs/rules/data-dir-at-volume-root.md.
import { isMap } from 'yaml';
import { setEnvVar } from '../fixes/envVar';
import { fix } from '../fixes/fix';
import {
  coveringMount, databaseRuns, initRefusesLostFound, isProvisionedVolume, MountSource, mountPathNode, mountSource, normalPath,
} from '../model/dataDirMounts';
import { knowsAllVolumes } from '../model/objects';
import { stringAt } from '../yaml/nodes';
import { finding } from './report';
import type { DocumentFinding, ObjectRule } from './types';

/** Every workload kind but PodTemplate, which runs nothing itself. */
const KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

function describe(source: MountSource): string {
  if (source.kind === 'claimTemplate') return `volumeClaimTemplate '${source.template.name}'`;
  const { volume } = source;
  if (volume.source?.type === 'ephemeral') return `generic ephemeral volume '${volume.name}'`;
  const claim = volume.source?.value;
  const claimName = isMap(claim) ? stringAt(claim, 'claimName') : undefined;
  return `volume '${volume.name}' (PersistentVolumeClaim '${claimName ?? '?'}')`;
}

export const dataDirAtVolumeRoot: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'data-dir-at-volume-root',
    title: 'PostgreSQL data directory at the root of a new volume',
    description:
      "PostgreSQL's data directory is the root of a claim's volume: on a new ext2/ext3/ext4 filesystem that root holds lost+found, and initdb refuses to initialise a directory that is not empty, so the container exits.",
    severity: 'information',
    kinds: KINDS,
    fixable: true,
  },
  check({ text, object }) {
    if (!KINDS.includes(object.kind) || !knowsAllVolumes(object)) return [];
    return databaseRuns(object).flatMap((run): DocumentFinding[] => {
      if (!initRefusesLostFound(run)) return [];
      const mount = coveringMount(run.container, run.dir.path);
      if (!mount?.path || mount.subPath !== undefined || mount.readOnly || normalPath(mount.path) !== run.dir.path) return [];
      const source = mountSource(object, mount);
      const node = mountPathNode(mount);
      if (!source || !isProvisionedVolume(source) || !node) return [];
      const target = `${run.dir.path}/pgdata`;
      return [
        finding(
          this.meta.id,
          node,
          `${describe(source)} is mounted at ${run.dir.path}, which is PostgreSQL's data directory itself` +
            `${run.dir.movedBy ? ` (set by ${run.dir.movedBy})` : ''}. When the volume's filesystem is ext2, ext3 or ` +
            'ext4, a new one holds a lost+found directory at its root, and initdb refuses to initialise a directory ' +
            'that is not empty ("It contains a lost+found directory, perhaps due to it being a mount point."): the ' +
            `container exits at its first start. Point PGDATA at a subdirectory of the volume, such as ${target}.`,
          [
            { node: mount.nameNode, message: `mounted by container '${run.container.name ?? '?'}'` },
            { node: run.setBy, message: `${run.dir.movedBy} sets the data directory` },
          ],
          () => [fix(`Set PGDATA to ${target}`, true, [setEnvVar(text, object, run.container, 'PGDATA', target)])],
        ),
      ];
    });
  },
};
