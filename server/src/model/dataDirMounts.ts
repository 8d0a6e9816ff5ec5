// Which containers of a workload run a well-known stateful server (databases.ts), where that server writes its data,
// and which of the Pod's mounts holds that directory. Read by the rules ephemeral-database-storage and
// data-dir-at-volume-root; what is left out here is documented on their pages: keep them in step.
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { mapsOf, pairOf, scalarAt, seqAt, stringAt } from '../yaml/nodes';
import { DataDir, dataDirOf } from './databases';
import { isScratchMount } from './emptyDirs';
import type { K8sObject } from './objects';
import { ClaimTemplate, Container, isInitStep, PodVolume, VolumeMount } from './workload';

/** A container that runs a stateful server, with the directory the server writes its data to. */
export interface DatabaseRun {
  readonly container: Container;
  readonly dir: DataDir;
  /** The image's tag names a major version (`postgres:17-alpine` → 17); undefined for `latest`, no tag, a digest. */
  readonly major?: number;
  /** A Bitnami image (`bitnami/<name>`, `bitnamilegacy/<name>`). */
  readonly bitnami: boolean;
  /** The env value or the command/args item that moved the directory (`dir.movedBy`), when one of them did. */
  readonly setBy?: Scalar;
}

/** What a mount is backed by: a claim template of the StatefulSet (which takes precedence), or a pod volume. */
export type MountSource =
  | { readonly kind: 'claimTemplate'; readonly template: ClaimTemplate }
  | { readonly kind: 'volume'; readonly volume: PodVolume };

/** Volume types that carry content from the API or an image, read-only: never where a server keeps data. */
const CONTENT_SOURCES = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image', 'gitRepo']);

/**
 * A word of the command line that names a data directory or a file a server may read one from, which databases.ts
 * does not read (`postgres -D /pgdata`, `-c data_directory=...`, `mysqld --defaults-file=...`): the server may not
 * write where the table says.
 */
const UNREAD_DATA_FLAG =
  /^(?:-D|--pgdata)(?:=|$)|data_directory|datadir|data-dir|data_dir|dbpath|path\.data|store_dir|store-dir|log\.dirs|log_dirs|defaults-file|defaults-extra-file/i;

/** `$(VAR)` (expanded by the kubelet) or a shell variable: a value we cannot read. */
const EXPANSION = /\$(?:\(|\{|[A-Za-z_])/;

/** Collapses `//`, `.` and a trailing `/`: `/var/lib//pg/` → `/var/lib/pg`. */
export function normalPath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  return `/${segments.join('/')}`;
}

/** Whether `parent` is `path` or a directory above it, segment by segment (`/data` covers `/data/db`, not `/database`). */
export function covers(parent: string, path: string): boolean {
  const p = normalPath(parent);
  const q = normalPath(path);
  return p === q || p === '/' || q.startsWith(`${p}/`);
}

/** Registry host, repository and tag of an image reference, as databases.ts reads them. */
function imageParts(image: string): { host?: string; repository: string; tag?: string } {
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const segments = (hasTag ? name.slice(0, colon) : name).toLowerCase().split('/');
  const host = segments.length > 1 && /[.:]|^localhost$/.test(segments[0]) ? segments.shift() : undefined;
  return { host, repository: segments.join('/'), tag: hasTag ? name.slice(colon + 1) : undefined };
}

/**
 * Images the Kubernetes project builds for its tests and examples, under the name of a server but with their own
 * configuration (`registry.k8s.io/redis:v1` is Alpine's redis with `dir /redis-master-data`; the Cassandra example's
 * image keeps data in `/cassandra_data`): not the upstream images databases.ts describes. etcd is the exception: the
 * table reads `registry.k8s.io/etcd` and `k8s.gcr.io/etcd` itself.
 */
function kubernetesProjectImage(host: string | undefined, repository: string): boolean {
  const [namespace] = repository.split('/');
  if (host === 'registry.k8s.io' || host === 'k8s.gcr.io') return repository !== 'etcd';
  if (host !== undefined && /(^|\.)gcr\.io$/.test(host)) return /^google[-_](?:containers|samples)$/.test(namespace);
  return host === undefined && repository.includes('/') && namespace === 'kubernetes';
}

/** An env map that remembers which names the table asked for. */
class RecordingEnv extends Map<string, string> {
  readonly asked = new Set<string>();
  override get(name: string): string | undefined {
    this.asked.add(name);
    return super.get(name);
  }
  override has(name: string): boolean {
    this.asked.add(name);
    return super.has(name);
  }
}

/**
 * The env names of a container whose value we cannot read: set with `valueFrom`, or referring to other variables
 * (`$(VAR)`). `envFrom` is reported apart: it may set any name.
 */
function unreadableEnv(container: Container): { names: Set<string>; envFrom: boolean } {
  const names = new Set<string>();
  for (const entry of mapsOf(seqAt(container.node, 'env'))) {
    const name = stringAt(entry, 'name');
    const value = stringAt(entry, 'value');
    if (name !== undefined && (pairOf(entry, 'valueFrom') || (value !== undefined && EXPANSION.test(value)))) names.add(name);
  }
  const envFrom = pairOf(container.node, 'envFrom')?.value;
  return { names, envFrom: envFrom !== undefined && envFrom !== null && !(isSeq(envFrom) && envFrom.items.length === 0) };
}

/** The env value node, or the command/args item, that holds `movedBy`. */
function setByNode(container: Container, movedBy: string | undefined): Scalar | undefined {
  if (movedBy === undefined) return undefined;
  if (!movedBy.startsWith('-')) {
    const entries = mapsOf(seqAt(container.node, 'env')).filter((entry) => stringAt(entry, 'name') === movedBy);
    return scalarAt(entries[entries.length - 1], 'value');
  }
  const flag = movedBy.replace(/^-E/, '');
  const items = ['command', 'args'].flatMap((key) => seqAt(container.node, key)?.items ?? []);
  return items.filter((item): item is Scalar => isScalar(item) && String(item.value).includes(flag)).pop();
}

/** Values an input we cannot read is tried with: a path, a relative path, the words of switches, nothing. */
const PROBES = ['/k8s-persistence-probe', 'k8s-persistence-probe', 'yes', 'no', 'true', ''];

/** `$(VAR)`, `${VAR}` and `$VAR` references in a string, each replaced by `value`. */
function replaceExpansions(text: string, value: string): string {
  return text.replace(/\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, value);
}

/**
 * The server this container runs and where it writes, when every input that decides it can be read: undefined for
 * an unknown image, a client or exporter, persistence off, or a directory that an input we cannot read may move.
 * Inputs we cannot read are env values set with `valueFrom` or `envFrom` or referring to other variables (`$(VAR)`),
 * and variable references in the command line: the table is asked again with each of them set to probe values, and
 * any change in its answer means the answer depends on them. Flags and config files the table does not read
 * (`postgres -D`, `--defaults-file`) give undefined too.
 */
export function databaseRunOf(container: Container): DatabaseRun | undefined {
  if (container.image === undefined || EXPANSION.test(container.image) || container.image.includes('{{')) return undefined;
  const env = new RecordingEnv(container.env);
  const facts = { image: container.image, command: container.command, args: container.args };
  const dir = dataDirOf({ ...facts, env });
  if (dir === undefined) return undefined;
  const unreadable = unreadableEnv(container);
  const unknown = new Set([...unreadable.names, ...[...env.asked].filter((name) => unreadable.envFrom && !container.env.has(name))]);
  for (const [name, value] of container.env) if (EXPANSION.test(value)) unknown.add(name);
  const expanded = [...container.command, ...container.args].some((word) => EXPANSION.test(word));
  if (unknown.size > 0 || expanded) {
    const answer = (found: DataDir | undefined) => JSON.stringify(found && [found.path, found.movedBy]);
    const settled = answer(dir);
    const absent = new Map([...container.env].filter(([name]) => !unknown.has(name)));
    if (answer(dataDirOf({ ...facts, env: absent })) !== settled) return undefined;
    for (const probe of PROBES) {
      const probed = new Map(container.env);
      for (const name of unknown) probed.set(name, probe);
      const words = (list: readonly string[]) => list.map((word) => replaceExpansions(word, probe));
      const found = dataDirOf({ image: container.image, command: words(container.command), args: words(container.args), env: probed });
      if (answer(found) !== settled) return undefined;
    }
  }
  const words = [...container.command, ...container.args];
  // A flag the table read set the directory itself: other flags do not matter.
  if (!dir.movedBy?.startsWith('-') && words.some((word) => UNREAD_DATA_FLAG.test(word))) return undefined;
  const { host, repository, tag } = imageParts(container.image);
  if (kubernetesProjectImage(host, repository)) return undefined;
  const segments = repository.split('/');
  const digits = /^\d+/.exec(tag ?? '');
  return {
    container,
    dir,
    major: digits ? Number(digits[0]) : undefined,
    bitnami: segments.length > 1 && /^bitnami(?:legacy)?$/.test(segments[segments.length - 2]),
    setBy: setByNode(container, dir.movedBy),
  };
}

/**
 * The containers of a workload that run a stateful server for the Pod's life: main containers and sidecars, not
 * init containers that run to completion nor ephemeral containers (which a manifest cannot declare).
 */
export function databaseRuns(object: K8sObject): DatabaseRun[] {
  return (object.pod?.containers ?? []).flatMap((container) =>
    container.group === 'ephemeralContainers' || isInitStep(container) ? [] : (databaseRunOf(container) ?? []),
  );
}

/** The container's mount at `path` or at the nearest directory above it (`volumeMounts` only, not block devices). */
export function coveringMount(container: Container, path: string): VolumeMount | undefined {
  let best: VolumeMount | undefined;
  for (const mount of container.mounts) {
    if (mount.type !== 'mount' || mount.path === undefined || !covers(mount.path, path)) continue;
    if (!best || normalPath(mount.path).length > normalPath(best.path!).length) best = mount;
  }
  return best;
}

/** The claim template or pod volume a mount names; undefined when it names neither. */
export function mountSource(object: K8sObject, mount: VolumeMount): MountSource | undefined {
  if (mount.name === undefined) return undefined;
  const template = object.claimTemplates.find((t) => t.name === mount.name);
  if (template) return { kind: 'claimTemplate', template };
  const volume = object.pod?.volumes.find((v) => v.name === mount.name);
  return volume ? { kind: 'volume', volume } : undefined;
}

/**
 * Whether the container writes, outside `dataDir`, to a volume that could hold data (anything but API or image
 * content, not scratch space such as `/tmp` or a socket directory): a config file we cannot read may have put the
 * data there. `persistentOnly` counts only volumes whose files outlive the Pod (and hostPath).
 */
export function writesElsewhere(object: K8sObject, container: Container, dataDir: string, persistentOnly: boolean): boolean {
  return container.mounts.some((mount) => {
    if (mount.type !== 'mount' || mount.readOnly || mount.path === undefined || covers(mount.path, dataDir)) return false;
    if (isScratchMount(mount)) return false;
    const source = mountSource(object, mount);
    if (source === undefined) return false;
    if (source.kind === 'claimTemplate') return true;
    const type = source.volume.source?.type;
    if (type === undefined || CONTENT_SOURCES.has(type)) return false;
    return !persistentOnly || (type !== 'emptyDir' && type !== 'ephemeral' && type !== 'csi');
  });
}

/** The `mountPath` value node of a mount. */
export function mountPathNode(mount: VolumeMount): Scalar | undefined {
  return scalarAt(mount.node, mount.type === 'mount' ? 'mountPath' : 'devicePath');
}

/** The official PostgreSQL image (not Bitnami's, whose scripts were not read for this). */
export function isUpstreamPostgres(run: DatabaseRun): boolean {
  return run.dir.server === 'PostgreSQL' && !run.bitnami;
}

/**
 * PostgreSQL's image whose tag names no version, with PGDATA unset: databases.ts answers with the layout of 17 and
 * older (`/var/lib/postgresql/data`), but an image of 18 or later keeps its data in `/var/lib/postgresql/<major>/docker`.
 */
export function postgresVersionUnknown(run: DatabaseRun): boolean {
  return isUpstreamPostgres(run) && run.major === undefined && run.dir.movedBy === undefined;
}

/** A volume whose files are a new filesystem's the first time a Pod mounts it: a claim, or the claim of a template. */
export function isProvisionedVolume(source: MountSource | undefined): boolean {
  if (source === undefined) return false;
  if (source.kind === 'claimTemplate') return true;
  const type = source.volume.source?.type;
  return type === 'persistentVolumeClaim' || type === 'ephemeral';
}

/** An emptyDir's `sizeLimit`, when written. */
export function emptyDirSizeLimit(volume: PodVolume): string | undefined {
  const value = volume.source?.value;
  return isMap(value) ? stringAt(value, 'sizeLimit') : undefined;
}

/**
 * Whether the server's first start refuses a data directory that holds `lost+found`, as the root of a new ext2/3/4
 * filesystem does: PostgreSQL's image runs `initdb` on PGDATA, and initdb refuses a directory that is not empty. Not
 * for an image whose tag names no version with PGDATA unset (an 18+ image keeps its data elsewhere), nor for
 * MySQL, whose `--initialize` skips `lost+found` since 8.0.
 */
export function initRefusesLostFound(run: DatabaseRun): boolean {
  return isUpstreamPostgres(run) && !postgresVersionUnknown(run);
}
