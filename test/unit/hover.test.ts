import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser } from '../../server/src/service/analysis';
import { hover } from '../../server/src/service/hover';
import { example } from '../support/fixtures';

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
    assert.match(result.value, /claim deleted \(`whenScaled: Delete`\)/);
    assert.match(result.value, /claims deleted \(`whenDeleted: Delete`\)/);
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
    assert.deepEqual(rows(hoverAt(seed, 'emptyDir')!.value), ['Container restart', 'Pod deleted or evicted', 'Rollout restart', 'Scale-down', 'StatefulSet deleted']);
  });

  test('on persistentVolumeClaim and hostPath', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: a\n    persistentVolumeClaim: {claimName: data}\n  - name: b\n    hostPath: {path: /srv}\n';
    assert.match(hoverAt(pod, 'persistentVolumeClaim')!.value, /The PersistentVolumeClaim `data`, which exists independently/);
    assert.match(hoverAt(pod, 'hostPath')!.value, /a replacement Pod scheduled elsewhere sees that node's files/);
  });

  test('elsewhere, out of range, and on non-Kubernetes YAML: nothing', () => {
    assert.equal(hoverAt(seed, 'replicas'), undefined);
    const document = TextDocument.create('file:///h.yaml', 'yaml', 1, seed);
    assert.equal(hover(document, new FileAnalyser().analyse(seed), { line: 9999, character: 9999 }), null);
    assert.equal(hoverAt('volumes:\n- name: x\n  emptyDir: {}\n', 'emptyDir'), undefined);
  });
});
