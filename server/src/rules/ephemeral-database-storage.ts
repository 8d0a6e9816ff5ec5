// A well-known stateful server keeps its data directory on an emptyDir, or on no volume at all: the data goes with the
// Pod, or with the container. What the servers are and where they write: model/databases.ts; which inputs are read and
// what is left out: docs/rules/ephemeral-database-storage.md. Keep the three in step.
import { addClaimTemplate, removeVolume } from '../fixes/volumes';
import { addVolumeMount } from '../fixes/addVolumeMount';
import { setEnvVar } from '../fixes/envVar';
import { fix, FixSettings } from '../fixes/fix';
import {
  coveringMount, covers, DatabaseRun, databaseRuns, emptyDirSizeLimit, isUpstreamPostgres, mountPathNode, mountSource,
  normalPath, postgresVersionUnknown, writesElsewhere,
} from '../model/dataDirMounts';
import { dataEmptyDirs } from '../model/emptyDirs';
import { podRemovals } from '../model/lifecycle';
import { knowsAllVolumes, K8sObject } from '../model/objects';
import type { PodVolume, VolumeMount } from '../model/workload';
import { scalarAt } from '../yaml/nodes';
import type { TextChange } from '../yaml/span';
import { alternatives, finding } from './report';
import type { DocumentFinding, ObjectRule } from './types';

/** Every workload kind but PodTemplate, which runs nothing itself. */
const KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

const PG_ROOT = '/var/lib/postgresql';
const PG_OLD_DATA = '/var/lib/postgresql/data';

/** Where the server writes, as the message says it. */
function dataDirPhrase(run: DatabaseRun): string {
  if (postgresVersionUnknown(run)) {
    return (
      `whose data directory is ${PG_OLD_DATA} in images up to PostgreSQL 17 and ${PG_ROOT}/<major>/docker from 18 on ` +
      '(the image tag names no version)'
    );
  }
  return `whose data directory is ${run.dir.path}${run.dir.movedBy ? ` (set by ${run.dir.movedBy})` : ''}`;
}

/**
 * Whether a PostgreSQL image whose tag names no version has a mount below /var/lib/postgresql that could be an 18+
 * layout's (`/var/lib/postgresql/18/docker`): which directory holds the data is then unknown.
 */
function ambiguousPostgresLayout(run: DatabaseRun): boolean {
  return (
    postgresVersionUnknown(run) &&
    run.container.mounts.some(
      (mount) =>
        mount.path !== undefined &&
        covers(PG_ROOT, mount.path) &&
        normalPath(mount.path) !== PG_ROOT &&
        !covers(PG_OLD_DATA, mount.path),
    )
  );
}

/** A claim template / volume name no volume, claim template or mount of the object uses yet. */
function freeName(object: K8sObject): string {
  const taken = new Set<string | undefined>([
    ...object.claimTemplates.map((t) => t.name),
    ...(object.pod?.volumes ?? []).map((v) => v.name),
    ...(object.pod?.containers ?? []).flatMap((c) => c.mounts.map((m) => m.name)),
  ]);
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'data' : `data-${i}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * Insertions at one offset as one change (editors and applyChanges order same-offset insertions differently): items
 * appended to the list that ends there first, then new keys, which would otherwise swallow the items.
 */
function joinInsertions(changes: readonly (TextChange | undefined)[]): (TextChange | undefined)[] {
  if (changes.some((change) => change === undefined)) return [undefined];
  const isItem = (change: TextChange) => /^\s*-\s/.test(change.text);
  const ordered = [...(changes as TextChange[])].sort((a, b) => Number(isItem(b)) - Number(isItem(a)));
  const joined: TextChange[] = [];
  for (const change of ordered) {
    const i = joined.findIndex((c) => c.start === c.end && change.start === change.end && c.start === change.start);
    if (i >= 0) joined[i] = { ...joined[i], text: joined[i].text + change.text };
    else joined.push(change);
  }
  return joined;
}

/** PGDATA moved to a subdirectory of the mount when the mount is PostgreSQL's data directory itself (lost+found). */
function pgdataBelow(text: string, object: K8sObject, run: DatabaseRun, mountPath: string, subPath?: string): TextChange[] | undefined {
  if (!isUpstreamPostgres(run) || subPath !== undefined || normalPath(mountPath) !== run.dir.path) return [];
  const change = setEnvVar(text, object, run.container, 'PGDATA', `${normalPath(mountPath)}/pgdata`);
  return change ? [change] : undefined;
}

const ID = 'ephemeral-database-storage';

function onVolume(text: string, object: K8sObject, run: DatabaseRun, mount: VolumeMount, volume: PodVolume): DocumentFinding {
  const path = normalPath(mount.path!);
  const emptyDir = volume.source?.type === 'emptyDir';
  const what = emptyDir ? `emptyDir '${volume.name}'` : `generic ephemeral volume '${volume.name}'`;
  const why = emptyDir
    ? `an emptyDir's files are deleted when the Pod is removed from its node, for any reason (${alternatives(podRemovals(object))})`
    : 'its PersistentVolumeClaim is owned by the Pod and deleted with it (and a provisioned volume with it, under the default reclaim policy Delete)';
  const refuses =
    postgresVersionUnknown(run) && path === PG_OLD_DATA
      ? ` An image of PostgreSQL 18 or later does not start at all: with PGDATA at its default, its entrypoint stops when ${PG_OLD_DATA} is a mount point.`
      : '';
  const fixes =
    object.kind === 'StatefulSet' && emptyDir && volume.name !== undefined
      ? (settings: FixSettings) => [
          fix(`Keep ${run.dir.path} in a volumeClaimTemplate '${volume.name}'`, true, [
            removeVolume(text, object, volume),
            addClaimTemplate(text, object, volume.name!, emptyDirSizeLimit(volume) ?? settings.defaultStorageRequest),
            ...(pgdataBelow(text, object, run, path, mount.subPath) ?? [undefined]),
          ]),
        ]
      : undefined;
  return finding(
    ID,
    mountPathNode(mount)!,
    `Container '${run.container.name ?? '?'}' runs ${run.dir.server}, ${dataDirPhrase(run)}. The nearest volume mounted ` +
      `at or above it is ${what}, at ${path}${mount.subPath !== undefined ? ` (subPath ${mount.subPath})` : ''}: ${why}, ` +
      `so the data kept there does not outlive the Pod.${refuses}`,
    [
      { node: volume.source!.key, message: `${what}` },
      { node: run.setBy, message: `${run.dir.movedBy} sets the data directory` },
    ],
    fixes,
  );
}

function noVolume(text: string, object: K8sObject, run: DatabaseRun): DocumentFinding {
  const { container, dir } = run;
  const v18 = isUpstreamPostgres(run) && run.major !== undefined && run.major >= 18 && dir.movedBy === undefined;
  // PostgreSQL 18+ images declare their volume at /var/lib/postgresql, the parent of PGDATA.
  const mountPath = v18 ? PG_ROOT : dir.path;
  const fixes =
    object.kind === 'StatefulSet'
      ? (settings: FixSettings) => {
          const name = freeName(object);
          return [
            fix(`Keep ${dir.path} in a volumeClaimTemplate '${name}'`, true, [
              addClaimTemplate(text, object, name, settings.defaultStorageRequest),
              ...joinInsertions([
                addVolumeMount(text, object, container, name, mountPath),
                ...(pgdataBelow(text, object, run, mountPath) ?? [undefined]),
              ]),
            ]),
          ];
        }
      : undefined;
  return finding(
    ID,
    scalarAt(container.node, 'image')!,
    `Container '${container.name ?? '?'}' runs ${dir.server}, ${dataDirPhrase(run)}, and no volume is mounted there or ` +
      "above it: the files are written inside the container (its writable layer, or a directory the container runtime " +
      'creates for that container where the image declares a VOLUME). A container the kubelet restarts is a new ' +
      'container, started from the image without them, and so is every container of a new Pod.',
    [{ node: run.setBy, message: `${dir.movedBy} sets the data directory` }],
    fixes,
  );
}

export const ephemeralDatabaseStorage: ObjectRule = {
  scope: 'object',
  meta: {
    id: 'ephemeral-database-storage',
    title: 'Database data directory on ephemeral storage',
    description:
      "A container running a well-known stateful server keeps its data directory on an emptyDir, whose files are deleted with the Pod, or on no volume at all, in the container's own filesystem, which a restarted container does not get back.",
    severity: 'warning',
    kinds: KINDS,
    fixable: true,
  },
  check({ text, object }) {
    // A volume, mount or claim template may sit behind an alias or in a patch's base.
    if (!KINDS.includes(object.kind) || !knowsAllVolumes(object)) return [];
    // statefulset-emptydir reports these emptyDirs already, with the same consequence.
    const reportedElsewhere = new Set<PodVolume>(dataEmptyDirs(object));
    return databaseRuns(object).flatMap((run): DocumentFinding[] => {
      if (ambiguousPostgresLayout(run)) return [];
      const defaultDir = run.dir.movedBy === undefined;
      const mount = coveringMount(run.container, run.dir.path);
      if (mount === undefined) {
        // Nothing is written where the root filesystem is read-only; a config file may have put the data elsewhere.
        if (run.container.readOnlyRootFilesystem) return [];
        if (defaultDir && writesElsewhere(object, run.container, run.dir.path, false)) return [];
        return [noVolume(text, object, run)];
      }
      if (mount.readOnly) return [];
      const source = mountSource(object, mount);
      if (source?.kind !== 'volume') return [];
      const volume = source.volume;
      const type = volume.source?.type;
      if (type === 'emptyDir' && reportedElsewhere.has(volume)) return [];
      // ephemeral-volume-in-statefulset reports every generic ephemeral volume of a StatefulSet.
      if (type !== 'emptyDir' && (type !== 'ephemeral' || object.kind === 'StatefulSet')) return [];
      if (defaultDir && writesElsewhere(object, run.container, run.dir.path, true)) return [];
      return [onVolume(text, object, run, mount, volume)];
    });
  },
};
