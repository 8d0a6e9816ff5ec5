import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser } from '../../server/src/service/analysis';
import { hover } from '../../server/src/service/hover';
import { example } from '../support/fixtures';
import { workload } from '../support/workloads';

/** Hovers the first occurrence of `needle` (optionally after `after`) and returns the markdown and hovered text. */
function hoverAt(text: string, needle: string, after = '') {
  const offset = text.indexOf(needle, text.indexOf(after)) + 1;
  const document = TextDocument.create('file:///h.yaml', 'yaml', 1, text);
  const result = hover(document, new FileAnalyser().analyse(text), document.positionAt(offset));
  if (!result) return undefined;
  const value = (result.contents as { value: string }).value;
  return { value, text: document.getText(result.range!) };
}

describe('hover', () => {
  const seed = example('sts-emptyDir.yaml');

  test('on emptyDir: deleted with the Pod, kept across container restarts', () => {
    const result = hoverAt(seed, 'emptyDir')!;
    assert.equal(result.text, 'emptyDir');
    assert.match(result.value, /\| Container restart \| kept: a container crash does not remove the Pod from its node \|/);
    assert.match(result.value, /\| Pod deleted or evicted \| deleted permanently \|/);
    assert.match(result.value, /\| Rollout restart \| deleted/);
    assert.match(result.value, /kubernetes\.io\/docs\/concepts\/storage\/volumes\/#emptydir/);
  });

  test('on a volumeMount name: what backs the path', () => {
    const result = hoverAt(seed, 'empty-dir', 'mountPath')!;
    assert.equal(result.text, 'empty-dir');
    assert.match(result.value, /`\/test` in container `file-generator` is backed by emptyDir `empty-dir`/);
    const fixed = example('sts-volume-template.yaml');
    const claim = hoverAt(fixed, 'name: sts-vt-test', 'mountPath')!;
    assert.match(claim.value, /backed by volumeClaimTemplate `sts-vt-test`/);
    assert.match(claim.value, /`sts-vt-test-sts-vt-test-<ordinal>`/);
    assert.match(claim.value, /\| Scale-down \| claim kept \(`whenScaled: Retain`, the default\)/);
  });

  test('on a pod volume\'s or a claim template\'s name: who mounts it, and what happens to it', () => {
    const volume = hoverAt(seed, 'empty-dir', 'volumes:')!;
    assert.equal(volume.text, 'empty-dir');
    assert.match(volume.value, /^`empty-dir` is mounted at `\/test` in `file-generator`\./);
    assert.match(volume.value, /\| Pod deleted or evicted \| deleted permanently \|/);
    const template = hoverAt(seed, 'sts-test', 'volumeClaimTemplates')!;
    assert.match(template.value, /^`sts-test` is mounted by no container\./);
    assert.match(template.value, /`sts-test-sts-test-<ordinal>`/);
    const shadowing = seed.replace('- name: empty-dir\n', '- name: sts-test\n');
    assert.match(hoverAt(shadowing, 'sts-test', 'volumes:')!.value, /mounts the claim instead, and this pod volume is ignored/);
  });

  test('on volumeClaimTemplates: reads the retention policy of the manifest', () => {
    const deleting = example('sts-volume-template.yaml').replace(
      'spec:\n',
      'spec:\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n    whenDeleted: Delete\n',
    );
    const result = hoverAt(deleting, 'volumeClaimTemplates')!;
    assert.equal(result.text, 'volumeClaimTemplates');
    assert.match(result.value, /claim deleted \(`whenScaled: Delete`\), and with it, under the default reclaim policy `Delete` of provisioned volumes, the volume and its data/);
    assert.match(result.value, /claims deleted \(`whenDeleted: Delete`\), and with them/);
    assert.match(result.value, /Claims that already exist are kept as they are: resize them by editing each PersistentVolumeClaim/);
    assert.match(result.value, /spec: Forbidden: updates to statefulset spec for fields other than/);
    assert.match(result.value, /--cascade=orphan/);
  });

  test('on kind: StatefulSet and Deployment, with where each path keeps its files', () => {
    const sts = hoverAt(seed, 'StatefulSet')!;
    assert.equal(sts.text, 'StatefulSet');
    assert.match(sts.value, /- `\/test` \(file-generator\): emptyDir `empty-dir`; on Pod deletion: deleted permanently/);
    const deployment = hoverAt(example('deployment-emptyDir.yaml'), 'Deployment')!;
    assert.match(deployment.value, /no volumeClaimTemplates/);
    assert.match(deployment.value, /Multi-Attach/);
  });

  test('a retention value the API rejects is said to be invalid, not read as the default', () => {
    const typo = example('sts-volume-template.yaml').replace('spec:\n', 'spec:\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: delete\n');
    const result = hoverAt(typo, 'volumeClaimTemplates')!;
    assert.match(result.value, /`whenScaled: delete` is not valid \(Retain or Delete\): the API server rejects the StatefulSet/);
    assert.match(result.value, /claims kept \(`whenDeleted: Retain`, the default\)/);
  });

  test('on a CSI inline volume: the driver decides what happens to the data', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: share\n    csi: {driver: nfs.csi.k8s.io}\n';
    const result = hoverAt(pod, 'csi')!;
    assert.match(result.value, /others \(NFS, SMB\) mount an existing share/);
    assert.doesNotMatch(result.value, /deleted permanently/);
    assert.match(result.value, /ephemeral-volumes\/#csi-ephemeral-volumes/);
  });

  test('lists only the events that can befall the kind\'s Pods', () => {
    const rows = (value: string) => [...value.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1].trim()).filter((r) => r !== 'When' && r !== '---');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: a\n    persistentVolumeClaim: {claimName: data}\n';
    assert.deepEqual(rows(hoverAt(pod, 'persistentVolumeClaim')!.value), ['Container restart', 'Pod deleted or evicted']);
    assert.doesNotMatch(hoverAt(pod, 'persistentVolumeClaim')!.value, /mounts this same claim/, 'a bare Pod has no replicas');
    const daemonSet = pod.replace('apiVersion: v1\nkind: Pod', 'apiVersion: apps/v1\nkind: DaemonSet').replace('spec:\n  volumes:', 'spec:\n  template:\n    spec:\n      volumes:').replace(/\n  - name: a\n    persistentVolumeClaim/, '\n      - name: a\n        persistentVolumeClaim');
    assert.deepEqual(rows(hoverAt(daemonSet, 'persistentVolumeClaim')!.value), ['Container restart', 'Pod deleted or evicted', 'Rollout restart', 'DaemonSet deleted']);
    assert.match(hoverAt(daemonSet, 'persistentVolumeClaim')!.value, /Every Pod of this DaemonSet mounts this same claim/);
    assert.deepEqual(rows(hoverAt(seed, 'emptyDir')!.value), ['Container restart', 'Pod deleted or evicted', 'Node fails', 'Rollout restart', 'Scale-down', 'StatefulSet deleted']);
    const job = pod.replace('apiVersion: v1\nkind: Pod', 'apiVersion: batch/v1\nkind: Job').replace('spec:\n  volumes:', 'spec:\n  template:\n    spec:\n      volumes:').replace(/\n  - name: a\n    persistentVolumeClaim/, '\n      - name: a\n        persistentVolumeClaim');
    assert.deepEqual(rows(hoverAt(job, 'persistentVolumeClaim')!.value), ['Container restart', 'Pod deleted or evicted', 'Pod finishes (Succeeded or Failed)', 'Job deleted']);
  });

  test('on persistentVolumeClaim and hostPath', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: a\n    persistentVolumeClaim: {claimName: data}\n  - name: b\n    hostPath: {path: /srv}\n';
    const claim = hoverAt(pod, 'persistentVolumeClaim')!.value;
    assert.match(claim, /The PersistentVolumeClaim `data`, which exists independently/);
    assert.match(claim, /Deleting the claim usually deletes the data: .* reclaim policy, `Delete` by default/);
    assert.match(claim, /leaves it `Terminating` \(finalizer `kubernetes\.io\/pvc-protection`\)/);
    assert.match(claim, /a zonal disk to its zone, a `local` volume to its node. With `volumeBindingMode: WaitForFirstConsumer`/);
    assert.match(hoverAt(pod, 'hostPath')!.value, /\| Pod deleted or evicted \| stays on the node \|/);
    const deployment = workload('Deployment', 'volumes:\n- name: b\n  hostPath: {path: /srv}\n');
    assert.match(hoverAt(deployment, 'hostPath')!.value, /a replacement Pod scheduled elsewhere sees that node's files/);
  });

  test('hostPath on a DaemonSet: the Pod comes back on its node, with the same files', () => {
    const daemonSet = workload('DaemonSet', 'volumes:\n- name: logs\n  hostPath: {path: /var/log}\n');
    const value = hoverAt(daemonSet, 'hostPath')!.value;
    assert.match(value, /\| Pod deleted or evicted \| kept: the DaemonSet recreates the Pod on the same node, which sees the same files \|/);
    assert.match(value, /\| Rollout restart \| kept: the DaemonSet recreates the Pod on the same node/);
    assert.doesNotMatch(value, /another node|elsewhere/);
  });

  test('the emptyDir of a pod volume a claim template shadows: the claim\'s lifecycle, not "deleted permanently"', () => {
    const shadowing = seed.replace('- name: empty-dir\n', '- name: sts-test\n');
    for (const value of [hoverAt(shadowing, 'emptyDir')!.value, hoverAt(shadowing, 'sts-test', 'volumes:')!.value]) {
      assert.match(value, /mounts the claim instead, and this pod volume is ignored/);
      assert.match(value, /\*\*volumeClaimTemplate `sts-test`\*\*/);
      assert.match(value, /\| Pod deleted or evicted \| kept: the replacement Pod with the same ordinal mounts the same claim \|/);
      assert.doesNotMatch(value, /deleted permanently/);
    }
  });

  test('rollout restart reads the update strategy; workload deletion the cascade', () => {
    const onDelete = seed.replace('spec:\n  serviceName', 'spec:\n  updateStrategy:\n    type: OnDelete\n  serviceName');
    assert.match(hoverAt(onDelete, 'emptyDir')!.value, /\| Rollout restart \| kept until you delete the Pod: with `updateStrategy: OnDelete` a rollout replaces no Pod \|/);
    assert.match(hoverAt(onDelete, 'StatefulSet')!.value, /With `updateStrategy: OnDelete`, a rollout replaces no Pod/);
    const partition = seed.replace('spec:\n  serviceName', 'spec:\n  updateStrategy:\n    rollingUpdate:\n      partition: 1\n  serviceName');
    assert.match(hoverAt(partition, 'emptyDir')!.value, /\| Rollout restart \| ordinals 1 and up: deleted: the rollout replaces the Pod with a new one; below 1: kept \(`partition: 1`\) \|/);
    assert.match(hoverAt(seed, 'emptyDir')!.value, /\| StatefulSet deleted \| deleted with every Pod \(`kubectl delete` cascades by default; with `--cascade=orphan` the Pods and their files stay\) \|/);
    const job = workload('Job', 'volumes:\n- name: out\n  emptyDir: {}\n');
    const value = hoverAt(job, 'emptyDir')!.value;
    assert.match(value, /\| Pod finishes \(Succeeded or Failed\) \| deleted when the Pod finishes, though the Pod object stays/);
    assert.match(value, /\| Job deleted \| .*an API DELETE without `propagationPolicy` leaves the Pods, and their files, in place \|/);
  });

  test('emptyDir: a tmpfs\'s size and reboot loss; a sizeLimit eviction', () => {
    const memory = workload('Deployment', 'volumes:\n- name: shm\n  emptyDir: {medium: Memory}\n');
    assert.match(hoverAt(memory, 'emptyDir')!.value, /smallest of `sizeLimit`, the Pod's memory limit and the node's allocatable memory, and a node reboot clears it/);
    const limited = workload('Deployment', 'volumes:\n- name: tmp\n  emptyDir: {sizeLimit: 2Gi}\n');
    assert.match(hoverAt(limited, 'emptyDir')!.value, /exceeds `sizeLimit: 2Gi`, the kubelet evicts the Pod/);
  });

  test('removed in-tree volume types no longer mount; redirected ones need their CSI driver', () => {
    const removed = hoverAt(workload('Deployment', 'volumes:\n- name: d\n  glusterfs: {endpoints: e, path: p}\n'), 'glusterfs')!.value;
    assert.match(removed, /in-tree driver is removed in 1\.26, so a Pod that uses it cannot start/);
    assert.match(removed, /volume-types\/#removed-volume-types/);
    assert.doesNotMatch(removed, /\| kept/);
    const redirected = hoverAt(workload('Deployment', 'volumes:\n- name: d\n  awsElasticBlockStore: {volumeID: v}\n'), 'awsElasticBlockStore')!.value;
    assert.match(redirected, /`ebs\.csi\.aws\.com` CSI driver, which must be installed/);
  });

  test('kind hovers for DaemonSet, Job, CronJob, Pod and ReplicaSet', () => {
    const kind = (name: string, extra = '') => hoverAt(workload(name, 'volumes:\n- name: d\n  emptyDir: {}\ncontainers:\n- name: c\n  volumeMounts:\n  - {name: d, mountPath: /d}\n', extra), name)!;
    assert.match(kind('DaemonSet').value, /recreated on the same node, so a hostPath volume is the intended per-node store/);
    assert.match(kind('DaemonSet', 'updateStrategy:\n  type: OnDelete\n').value, /With `updateStrategy: OnDelete`, a rollout replaces no Pod/);
    assert.match(kind('Job').value, /With `restartPolicy: Never` a retry is a new Pod with an empty one; with `OnFailure`/);
    assert.match(kind('CronJob').value, /a new Job, with new Pods, for every scheduled run/);
    assert.match(kind('Pod').value, /nothing replaces it when it is deleted, evicted, or its node fails/);
    assert.match(kind('ReplicaSet').value, /replacing a deleted or evicted Pod with a new one under a new name/);
    assert.match(kind('Deployment', 'paused: true\n').value, /It is paused: `kubectl rollout restart` refuses it/);
    assert.match(kind('Job').value, /- `\/d` \(c\): emptyDir `d`; on Pod deletion: deleted permanently/);
    assert.equal(hoverAt(workload('PodTemplate', 'containers: []\n'), 'PodTemplate'), undefined);
  });

  test('elsewhere, out of range, and on non-Kubernetes YAML: nothing', () => {
    assert.equal(hoverAt(seed, 'replicas'), undefined);
    const document = TextDocument.create('file:///h.yaml', 'yaml', 1, seed);
    assert.equal(hover(document, new FileAnalyser().analyse(seed), { line: 9999, character: 9999 }), null);
    assert.equal(hoverAt('volumes:\n- name: x\n  emptyDir: {}\n', 'emptyDir'), undefined);
  });
});
