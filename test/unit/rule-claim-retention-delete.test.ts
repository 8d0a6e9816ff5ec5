import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'claim-retention-delete';

const statefulSet = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
  spec:
    persistentVolumeClaimRetentionPolicy:
      whenDeleted: Delete # clean up with the set
      whenScaled: "Delete"
    selector:
      matchLabels:
        app: db
    template:
      metadata:
        labels:
          app: db
      spec:
        containers:
        - name: db
          image: postgres:17
          volumeMounts:
          - name: data
            mountPath: /var/lib/postgresql/data
    volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 10Gi
`;

const RECLAIM =
  "A deleted claim usually takes its data with it: a dynamically provisioned volume inherits its StorageClass's " +
  'reclaimPolicy, which defaults to Delete. The policy applies only to deleting the StatefulSet and scaling it down: ' +
  'a Pod replaced for another reason, such as a node failure, keeps its claim.';

describe(RULE, () => {
  test('fires on each Delete value, saying what Delete does for that field', () => {
    const findings = lint(statefulSet, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [
      [7, 18, 'Delete'],
      [8, 17, '"Delete"'],
    ]);
    assert.equal(
      findings[0].message,
      'whenDeleted is Delete: when this StatefulSet is deleted, the PersistentVolumeClaims made from its ' +
        `volumeClaimTemplates are deleted after their Pods. ${RECLAIM}`,
    );
    assert.equal(
      findings[1].message,
      'whenScaled is Delete: when this StatefulSet is scaled down, the PersistentVolumeClaims (made from its ' +
        'volumeClaimTemplates) of the Pods removed by the scale-down are deleted after those Pods; a later scale-up ' +
        `creates new claims for them. ${RECLAIM}`,
    );
    for (const finding of findings) {
      assert.deepEqual(finding.related.map((r) => [r.line, r.text, r.message]), [[25, 'data', "volumeClaimTemplate 'data': claims data-db-<ordinal>"]]);
    }
  });

  test('fires on a patch that sets the policy: the claim templates are in the object it patches', () => {
    const patch = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}
    `;
    assert.deepEqual(lint(patch, RULE).map((f) => [f.line, f.column, f.text, f.related]), [[5, 54, 'Delete', []]]);
  });

  test('is silent for Retain, an absent policy, values the API server refuses, and sets without claim templates', () => {
    const silent = [
      statefulSet.replace('whenDeleted: Delete', 'whenDeleted: Retain').replace('whenScaled: "Delete"', 'whenScaled: "Retain"'),
      statefulSet.replace(/ {2}persistentVolumeClaimRetentionPolicy:\n.*\n.*\n/, ''),
      statefulSet.replace(/ {2}persistentVolumeClaimRetentionPolicy:\n.*\n.*\n/, '  persistentVolumeClaimRetentionPolicy: {}\n'),
      // Refused by the API server ("Unsupported value"): another problem, left alone.
      statefulSet.replace('whenDeleted: Delete', 'whenDeleted: delete').replace('whenScaled: "Delete"', 'whenScaled: Remove'),
      // Nothing to delete: the set has no claim templates.
      statefulSet.replace(/ {2}volumeClaimTemplates:\n[\s\S]*$/, ''),
      statefulSet.replace(/ {2}volumeClaimTemplates:\n[\s\S]*$/, '  volumeClaimTemplates: []\n'),
      // The same field name elsewhere, or another kind or API.
      statefulSet.replace('kind: StatefulSet', 'kind: Deployment'),
      statefulSet.replace('apiVersion: apps/v1', 'apiVersion: apps.kruise.io/v1beta1'),
    ];
    for (const text of silent) assert.deepEqual(lint(text, RULE), [], text);
    // An alias stands for a value we do not read.
    const aliased = `x: &d Delete\n${statefulSet.replace('whenDeleted: Delete', 'whenDeleted: *d').replace('whenScaled: "Delete"', 'whenScaled: Retain')}`;
    assert.deepEqual(lint(aliased, RULE), []);
  });

  test('fixes by setting Retain, keeping quotes and comments; never preferred', () => {
    assert.deepEqual(fixesOf(statefulSet, RULE), [
      { title: 'Set whenDeleted to Retain', preferred: false },
      { title: 'Set whenScaled to Retain', preferred: false },
    ]);
    const deleted = applyFix(statefulSet, RULE, 'Set whenDeleted to Retain');
    assert.equal(deleted, statefulSet.replace('whenDeleted: Delete #', 'whenDeleted: Retain #'));
    const scaled = applyFix(statefulSet, RULE, 'Set whenScaled to Retain');
    assert.equal(scaled, statefulSet.replace('whenScaled: "Delete"', 'whenScaled: "Retain"'));
    assert.deepEqual(lint(applyFix(deleted, RULE, 'Set whenScaled to Retain'), RULE), []);
  });

  test('fixes a flow-style policy in place', () => {
    const flow = statefulSet.replace(/ {2}persistentVolumeClaimRetentionPolicy:\n.*\n.*\n/, "  persistentVolumeClaimRetentionPolicy: {whenDeleted: 'Delete'}\n");
    assert.equal(
      applyFix(flow, RULE, 'Set whenDeleted to Retain'),
      flow.replace("{whenDeleted: 'Delete'}", "{whenDeleted: 'Retain'}"),
    );
  });
});
