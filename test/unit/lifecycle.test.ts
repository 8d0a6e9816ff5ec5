import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { claimTemplateLifecycle, FACTS, LIFECYCLE, podRemovals, verdictOn, volumeLifecycle } from '../../server/src/model/lifecycle';
import type { K8sObject } from '../../server/src/model/objects';
import { FileAnalyser } from '../../server/src/service/analysis';
import { workload } from '../support/workloads';

const objectOf = (text: string): K8sObject => new FileAnalyser().analyse(text).documents[0].analysis.objects[0];

/** The verdict on `event` for the volume `name` of a `kind` whose pod spec mounts `volume`; `specExtra` goes into its spec. */
function verdict(kind: string, volume: string, event: string, specExtra = ''): string | undefined {
  const object = objectOf(workload(kind, `volumes:\n- name: data\n  ${volume}\ncontainers:\n- name: app\n  image: app:1\n`, specExtra));
  return verdictOn(volumeLifecycle(object, object.pod!.volumes[0]), event)?.text;
}

const ALL_KINDS = ['Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const VOLUMES = [
  'emptyDir: {}', 'emptyDir: {medium: Memory}', 'emptyDir: {sizeLimit: 1Gi}', 'persistentVolumeClaim: {claimName: c}',
  'hostPath: {path: /srv}', 'csi: {driver: d}', 'ephemeral: {volumeClaimTemplate: {spec: {}}}', 'configMap: {name: m}',
  'nfs: {server: s, path: /}', 'gcePersistentDisk: {pdName: p}', 'cephfs: {monitors: [m]}', 'gitRepo: {repository: r}',
  'flexVolume: {driver: d}', 'image: {reference: r}',
];
const STRATEGIES = ['', 'updateStrategy:\n  type: OnDelete\n', 'updateStrategy:\n  rollingUpdate:\n    partition: 2\n', 'paused: true\n'];

describe('lifecycle table', () => {
  test('every fact it cites is an anchor of docs/kubernetes-facts.md, and every fact it declares is cited', () => {
    const docs = readFileSync('docs/kubernetes-facts.md', 'utf8');
    const anchors = new Set([...docs.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));
    for (const fact of FACTS) assert.ok(anchors.has(fact), `docs/kubernetes-facts.md has no anchor ${fact}`);
    const cited = new Set<string>(LIFECYCLE.map((row) => row.kindsFact));
    for (const kind of ALL_KINDS) {
      for (const extra of STRATEGIES) {
        for (const volume of VOLUMES) {
          const object = objectOf(workload(kind, `volumes:\n- name: data\n  ${volume}\n`, extra));
          const lifecycle = volumeLifecycle(object, object.pod!.volumes[0]);
          for (const said of [lifecycle.summary, ...lifecycle.rows.map((row) => row.verdict), ...lifecycle.notes]) cited.add(said.fact);
        }
      }
    }
    for (const policy of ['Retain', 'Delete', 'delete']) {
      const object = objectOf(example(policy));
      const lifecycle = claimTemplateLifecycle(object, object.claimTemplates[0]);
      for (const said of [lifecycle.summary, ...lifecycle.rows.map((row) => row.verdict), ...lifecycle.notes]) cited.add(said.fact);
    }
    assert.deepEqual(FACTS.filter((fact) => !cited.has(fact)), []);
  });

  test('each kind meets only its events', () => {
    const events = (kind: string) => {
      const object = objectOf(workload(kind, 'volumes:\n- name: data\n  emptyDir: {}\n'));
      return volumeLifecycle(object, object.pod!.volumes[0]).rows.map((row) => row.event);
    };
    assert.deepEqual(events('Pod'), ['container-restart', 'pod-deleted']);
    assert.deepEqual(events('Deployment'), ['container-restart', 'pod-deleted', 'rollout-restart', 'scale-down', 'workload-deleted']);
    assert.deepEqual(events('ReplicaSet'), ['container-restart', 'pod-deleted', 'scale-down', 'workload-deleted']);
    assert.deepEqual(events('StatefulSet'), ['container-restart', 'pod-deleted', 'node-failure', 'rollout-restart', 'scale-down', 'workload-deleted']);
    assert.deepEqual(events('DaemonSet'), ['container-restart', 'pod-deleted', 'rollout-restart', 'workload-deleted']);
    assert.deepEqual(events('Job'), ['container-restart', 'pod-deleted', 'pod-finished', 'workload-deleted']);
    assert.deepEqual(events('CronJob'), ['container-restart', 'pod-deleted', 'pod-finished', 'workload-deleted']);
  });

  test('hostPath: a DaemonSet recreates its Pod on the same node; other kinds may reschedule it', () => {
    const sameNode = /^kept: the DaemonSet recreates the Pod on the same node, which sees the same files$/;
    assert.match(verdict('DaemonSet', 'hostPath: {path: /var/log}', 'pod-deleted')!, sameNode);
    assert.match(verdict('DaemonSet', 'hostPath: {path: /var/log}', 'rollout-restart')!, sameNode);
    // Under OnDelete a rollout recreates nothing: kept, but not because a Pod came back.
    assert.match(verdict('DaemonSet', 'hostPath: {path: /var/log}', 'rollout-restart', 'updateStrategy:\n  type: OnDelete\n')!, /^kept until you delete the Pod: with `updateStrategy: OnDelete`/);
    for (const kind of ['Deployment', 'StatefulSet', 'ReplicaSet']) {
      assert.match(verdict(kind, 'hostPath: {path: /srv}', 'pod-deleted')!, /a replacement Pod scheduled elsewhere sees that node's files/, kind);
    }
    assert.match(verdict('Deployment', 'hostPath: {path: /srv}', 'rollout-restart')!, /the new Pod may run on another node/);
    assert.equal(verdict('Pod', 'hostPath: {path: /srv}', 'pod-deleted'), 'stays on the node');
  });

  test('rollout restart: read from the update strategy', () => {
    const emptyDir = 'emptyDir: {}';
    assert.equal(verdict('StatefulSet', emptyDir, 'rollout-restart'), 'deleted: the rollout replaces the Pod with a new one');
    assert.match(verdict('StatefulSet', emptyDir, 'rollout-restart', 'updateStrategy:\n  type: OnDelete\n')!, /^kept until you delete the Pod: with `updateStrategy: OnDelete` a rollout replaces no Pod$/);
    assert.match(verdict('DaemonSet', emptyDir, 'rollout-restart', 'updateStrategy:\n  type: OnDelete\n')!, /^kept until you delete the Pod/);
    assert.equal(
      verdict('StatefulSet', emptyDir, 'rollout-restart', 'updateStrategy:\n  rollingUpdate:\n    partition: 2\n'),
      'ordinals 2 and up: deleted: the rollout replaces the Pod with a new one; below 2: kept (`partition: 2`)',
    );
    assert.equal(verdict('StatefulSet', emptyDir, 'rollout-restart', 'updateStrategy:\n  rollingUpdate:\n    partition: 0\n'), 'deleted: the rollout replaces the Pod with a new one');
    assert.match(verdict('Deployment', emptyDir, 'rollout-restart', 'paused: true\n')!, /^kept: `kubectl rollout restart` refuses a paused Deployment$/);
    assert.equal(verdict('Deployment', emptyDir, 'rollout-restart', 'strategy:\n  type: Recreate\n'), 'deleted: the rollout replaces the Pod with a new one');
    assert.match(verdict('StatefulSet', 'ephemeral: {volumeClaimTemplate: {spec: {}}}', 'rollout-restart', 'updateStrategy:\n  type: OnDelete\n')!, /^kept until/);
  });

  test('workload deletion: kubectl cascades unless --cascade=orphan; an API DELETE of a Job orphans its Pods', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob']) {
      assert.match(verdict(kind, 'emptyDir: {}', 'workload-deleted')!, /^deleted with every Pod \(`kubectl delete` cascades by default; with `--cascade=orphan` the Pods and their files stay\)$/, kind);
    }
    assert.match(verdict('Job', 'emptyDir: {}', 'workload-deleted')!, /an API DELETE without `propagationPolicy` leaves the Pods, and their files, in place/);
    assert.match(verdict('Job', 'ephemeral: {volumeClaimTemplate: {spec: {}}}', 'workload-deleted')!, /^claims deleted with the Pods when `kubectl delete` deletes the Job/);
    assert.equal(verdict('Pod', 'emptyDir: {}', 'workload-deleted'), undefined, 'a bare Pod has no workload to delete');
  });

  test('Jobs: an emptyDir goes when the Pod finishes; a generic ephemeral claim stays while the Pod object does', () => {
    assert.match(verdict('Job', 'emptyDir: {}', 'pod-finished')!, /^deleted when the Pod finishes, though the Pod object stays; a retry is a new Pod/);
    assert.match(verdict('CronJob', 'ephemeral: {volumeClaimTemplate: {spec: {}}}', 'pod-finished')!, /^claim kept while the finished Pod object exists/);
    assert.equal(verdict('Job', 'persistentVolumeClaim: {claimName: c}', 'pod-finished'), 'kept');
  });

  test('a pod volume that a claim template shadows has the claim template\'s lifecycle', () => {
    const text = example('Retain').replace('      containers:', '      volumes:\n      - name: data\n        emptyDir: {}\n      containers:');
    const object = objectOf(text);
    const lifecycle = volumeLifecycle(object, object.pod!.volumes[0]);
    assert.equal(lifecycle.backing, 'volumeClaimTemplate `data`');
    assert.equal(verdictOn(lifecycle, 'pod-deleted')?.text, 'kept: the replacement Pod with the same ordinal mounts the same claim');
    assert.ok(lifecycle.rows.every((row) => !/deleted permanently/.test(row.verdict.text)));
  });

  test('claim templates: a Delete retention deletes the data with the claim; Retain re-adopts; a failed node waits', () => {
    const deleting = objectOf(example('Delete'));
    const lifecycle = claimTemplateLifecycle(deleting, deleting.claimTemplates[0]);
    assert.match(verdictOn(lifecycle, 'scale-down')!.text, /^claim deleted \(`whenScaled: Delete`\), and with it, under the default reclaim policy `Delete` of provisioned volumes, the volume and its data$/);
    assert.match(verdictOn(lifecycle, 'workload-deleted')!.text, /^claims deleted \(`whenDeleted: Delete`\), and with them, .* the volumes and their data$/);
    const retaining = objectOf(example('Retain'));
    const kept = claimTemplateLifecycle(retaining, retaining.claimTemplates[0]);
    assert.match(verdictOn(kept, 'workload-deleted')!.text, /a StatefulSet created again with the same name mounts them again/);
    assert.match(verdictOn(kept, 'node-failure')!.text, /no replacement Pod starts until the old one is gone \(its kubelet comes back.*out-of-service.*its node, for a local volume/);
    assert.deepEqual(kept.notes.map((note) => note.fact), ['volume-topology', 'volume-ownership']);
  });

  test('removed and redirected in-tree volume types', () => {
    const summary = (volume: string) => {
      const object = objectOf(workload('Pod', `volumes:\n- name: data\n  ${volume}\n`));
      return volumeLifecycle(object, object.pod!.volumes[0]).summary.text;
    };
    assert.match(summary('cephfs: {monitors: [m]}'), /in-tree driver is removed in 1\.31, so a Pod that uses it cannot start/);
    assert.match(summary('glusterfs: {endpoints: e, path: p}'), /removed in 1\.26/);
    assert.match(summary('gitRepo: {repository: r}'), /off by default since 1\.33 .*gone since 1\.36/);
    assert.match(summary('gcePersistentDisk: {pdName: p}'), /redirects its operations to the `pd\.csi\.storage\.gke\.io` CSI driver/);
    assert.match(summary('nfs: {server: s, path: /}'), /the data lives on that storage system/);
    assert.equal(verdict('Deployment', 'rbd: {image: i}', 'pod-deleted'), 'no Pod can mount it: the volume type no longer works');
  });

  test('how Pods lose an emptyDir, for the rule messages', () => {
    const of = (kind: string, extra = '') => podRemovals(objectOf(workload(kind, 'containers: []\n', extra)));
    assert.deepEqual(of('StatefulSet'), ['deleted', 'evicted', 'replaced by a rollout']);
    assert.deepEqual(of('StatefulSet', 'updateStrategy:\n  type: OnDelete\n'), ['deleted', 'evicted']);
    assert.deepEqual(of('Deployment', 'paused: true\n'), ['deleted', 'evicted']);
    assert.deepEqual(of('Job'), ['deleted', 'evicted', 'finished']);
    assert.deepEqual(of('ReplicaSet'), ['deleted', 'evicted']);
  });
});

/** A StatefulSet `db` whose claim template `data` is mounted, with both retention fields set to `policy`. */
function example(policy: string): string {
  return (
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n' +
    `  persistentVolumeClaimRetentionPolicy:\n    whenScaled: ${policy}\n    whenDeleted: ${policy}\n` +
    '  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n' +
    '      containers:\n      - name: app\n        image: app:1\n        volumeMounts:\n        - name: data\n          mountPath: /data\n' +
    '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: ["ReadWriteOnce"]\n' +
    '      resources:\n        requests:\n          storage: 1Gi\n'
  );
}
