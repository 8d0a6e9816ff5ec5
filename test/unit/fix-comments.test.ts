// A comment inside a node that a fix removes is the user's: it stays where the node was (issue: "Fixes that drop
// comments"). applyFix checks every comment of the file; these are the outside fuzzer's reproducers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix } from '../support/ruleTester';

/** A StatefulSet whose pod volumes are `volumes` (lines at the volumes list's indentation), after `templates`. */
function statefulSet(templates: string, volumes: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: db}',
    'spec:',
    '  serviceName: db',
    '  selector: {matchLabels: {app: db}}',
    ...(templates ? [templates] : []),
    '  template:',
    '    metadata: {labels: {app: db}}',
    '    spec:',
    '      containers:',
    '      - name: db',
    '        image: example.com/db:1',
    '        volumeMounts:',
    '        - {name: data, mountPath: /var/lib/db}',
    '      volumes:',
    volumes,
    '',
  ].join('\n');
}

const todo = '      - name: data\n        # TODO: move to a PVC before prod\n        emptyDir: {}  # for now';
const claim = '  volumeClaimTemplates:\n  - metadata: {name: pages}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}';

describe('fixes keep the comments of what they remove', () => {
  test("Convert emptyDir 'data' to a volumeClaimTemplate", () => {
    const after = applyFix(statefulSet('', todo), 'statefulset-emptydir', "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.match(after, /\n {6}# TODO: move to a PVC before prod\n {6}# for now\n/);
  });

  test("Mount volumeClaimTemplate 'pages' instead of emptyDir 'data'", () => {
    const after = applyFix(statefulSet(claim, todo), 'statefulset-emptydir', "Mount volumeClaimTemplate 'pages' instead of emptyDir 'data'");
    assert.match(after, /# TODO: move to a PVC before prod\n/);
  });

  test("Remove pod volume 'pages'", () => {
    const shadow = '      - name: pages\n        # restored from last week\n        persistentVolumeClaim: {claimName: pages-restored}\n' + todo;
    const after = applyFix(statefulSet(claim, shadow), 'claim-template-shadows-volume', "Remove pod volume 'pages'");
    assert.match(after, /\n {6}# restored from last week\n {6}- name: data\n/);
  });
});
