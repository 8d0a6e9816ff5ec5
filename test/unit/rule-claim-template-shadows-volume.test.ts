import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'claim-template-shadows-volume';

const shadowed = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db}
  spec:
    volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce]}
    template:
      spec:
        # volumes the pod declares
        volumes:
        - name: data
          emptyDir: {}
        - name: config
          configMap: {name: db-config}
        containers:
        - name: db
          volumeMounts:
          - {name: data, mountPath: /data}
          - {name: config, mountPath: /etc/db}
`;

describe(RULE, () => {
  test('fires on the pod volume name, pointing at the claim template', () => {
    const findings = lint(shadowed, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[12, 15, 'data']]);
    assert.match(findings[0].message, /replaces it with PersistentVolumeClaim 'data-db-<ordinal>', so this emptyDir volume is ignored/);
    assert.deepEqual(findings[0].related.map((r) => [r.line, r.text]), [[6, 'data']]);
    // The claim wins, so the emptyDir holds nothing: the emptyDir rule stays silent.
    assert.deepEqual(lint(shadowed, 'statefulset-emptydir'), []);
  });

  test('is silent when names differ, and outside StatefulSets', () => {
    assert.deepEqual(lint(shadowed.replace(/- name: data(?=\n *emptyDir)/, '- name: scratch'), RULE), []);
    assert.deepEqual(lint(shadowed.replace('kind: StatefulSet', 'kind: Deployment'), RULE), []);
  });

  test('removes the pod volume, keeping its siblings and comments', () => {
    assert.deepEqual(fixesOf(shadowed, RULE), [{ title: "Remove pod volume 'data'", preferred: true }]);
    const after = applyFix(shadowed, RULE, "Remove pod volume 'data'");
    assert.equal(after, shadowed.replace('      - name: data\n        emptyDir: {}\n', ''));
  });

  test('removing a claim reference is offered but not preferred: it may be what was meant to be mounted', () => {
    const claim = shadowed.replace('        emptyDir: {}\n', '        persistentVolumeClaim: {claimName: db-data-restored}\n');
    assert.deepEqual(fixesOf(claim, RULE), [{ title: "Remove pod volume 'data'", preferred: false }]);
  });

  test('removes the emptied volumes key with the last volume', () => {
    const single = shadowed.replace('      - name: config\n        configMap: {name: db-config}\n', '');
    const after = applyFix(single, RULE, "Remove pod volume 'data'");
    assert.equal(after, single.replace('      volumes:\n      - name: data\n        emptyDir: {}\n', ''));
    assert.match(after, /# volumes the pod declares\n {6}containers:/);
  });

  test('offers no removal where two pod volumes share the name: removing one would leave the other', () => {
    const text = [
      'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  serviceName: db',
      '  selector: {matchLabels: {app: db}}', '  template:', '    metadata: {labels: {app: db}}', '    spec:',
      '      containers:', '      - name: db', '        image: busybox', '        volumeMounts:', '        - {name: data, mountPath: /data}',
      '      volumes:', '      - name: data', '        emptyDir: {}', '      - name: data', '        emptyDir: {}',
      '  volumeClaimTemplates:', '  - metadata: {name: data}', '    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}', '',
    ].join('\n');
    assert.deepEqual(lint(text, RULE).map((f) => [f.line, f.text]), [[16, 'data'], [18, 'data']]);
    assert.deepEqual(fixesOf(text, RULE), []);
  });

  test('offers no fix in an object with a key written twice (the long fuzz run\'s case: two volumes keys)', () => {
    const text = [
      'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  serviceName: db',
      '  selector: {matchLabels: {app: db}}', '  template:', '    metadata: {labels: {app: db}}', '    spec:',
      '      containers:', '      - name: db', '        image: busybox', '        volumeMounts:', '        - {name: data, mountPath: /data}',
      '      volumes:', '      - name: data', '        emptyDir: {}', '      volumes:', '      - name: data', '        emptyDir: {}',
      '  volumeClaimTemplates:', '  - metadata: {name: data}', '    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}', '',
    ].join('\n');
    assert.deepEqual(lint(text, RULE).map((f) => f.line), [16]);
    assert.deepEqual(fixesOf(text, RULE), []);
  });
});
