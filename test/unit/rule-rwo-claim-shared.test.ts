import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'rwo-claim-shared';
const CONVERT = "Convert Deployment 'web' to a StatefulSet (new, empty claims per replica replace 'data')";

function claim(modes = '[ReadWriteOnce]', namespace = ''): string {
  return yaml`
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data${namespace ? `\n      namespace: ${namespace}` : ''}
    spec:
      accessModes: ${modes}
      resources:
        requests:
          storage: 1Gi
  `;
}

function deployment(replicas = 3, name = 'web', kind = 'Deployment', namespace = ''): string {
  return yaml`
    apiVersion: ${kind === 'ReplicationController' ? 'v1' : 'apps/v1'}
    kind: ${kind}
    metadata:
      name: ${name}${namespace ? `\n      namespace: ${namespace}` : ''}
    spec:
      replicas: ${replicas}  # three web servers
      selector:
        matchLabels: {app: ${name}}
      template:
        metadata:
          labels: {app: ${name}}
        spec:
          containers:
          - name: app
            image: nginx
            volumeMounts:
            - name: files
              mountPath: /srv
          volumes:
          - name: files
            persistentVolumeClaim:
              claimName: data
  `;
}

const file = (...documents: string[]) => documents.join('---\n');

describe(RULE, () => {
  test('fires on the claimName of a Deployment with 3 replicas and a ReadWriteOnce claim in view', () => {
    const text = file(claim(), deployment());
    const [found, ...rest] = lint(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual([found.line, found.column, found.text], [32, 22, 'data']);
    assert.match(found.message, /^PersistentVolumeClaim 'data' is ReadWriteOnce and Deployment 'web' runs up to 3 replicas/);
    assert.match(found.message, /Multi-Attach error/);
    assert.deepEqual(found.related.map((r) => [r.line, r.text]), [[6, '[ReadWriteOnce]'], [16, '3']]);
  });

  test('says that other Pods stay Pending with ReadWriteOncePod', () => {
    const [found] = lint(file(claim('[ReadWriteOncePod]'), deployment()), RULE);
    assert.match(found.message, /is ReadWriteOncePod .* every other Pod is unschedulable \(.*\) and stays Pending\.$/);
  });

  test('fires for ReplicaSets, ReplicationControllers and StatefulSets too', () => {
    for (const kind of ['ReplicaSet', 'ReplicationController', 'StatefulSet']) {
      assert.equal(lint(file(claim(), deployment(2, 'web', kind)), RULE).length, 1, kind);
    }
  });

  test('counts an autoscaler in view that scales the Deployment beyond one replica', () => {
    const hpa = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 1
        maxReplicas: 5
    `;
    const [found] = lint(file(claim(), deployment(1), hpa), RULE);
    assert.match(found.message, /runs up to 5 replicas/);
    assert.equal(found.related[1].text, '5');
    assert.deepEqual(
      fixesOf(file(claim(), deployment(1), hpa), RULE).map((f) => f.title),
      [CONVERT],
      'replicas is not what scales it',
    );
  });

  test('fires on two workloads that mount one claim', () => {
    const text = file(claim(), deployment(1, 'web'), deployment(1, 'backup', 'Deployment'));
    const found = lint(text, RULE);
    assert.equal(found.length, 2);
    assert.match(found[0].message, /mounted by Deployment 'web' and by Deployment 'backup'/);
    const [pod] = lint(file(claim('[ReadWriteOncePod]'), deployment(1, 'web'), deployment(1, 'backup', 'Deployment')), RULE);
    assert.match(pod.message, /stays Pending, unless its priority lets the scheduler preempt the Pod that holds the claim\.$/);
    assert.equal(found[0].related[1].line, 55);
  });

  test('is silent when the claim can be shared, is not in view, or is in another namespace', () => {
    assert.deepEqual(lint(file(claim('[ReadWriteMany]'), deployment()), RULE), []);
    assert.deepEqual(lint(file(claim('[ReadWriteOnce, ReadOnlyMany]'), deployment()), RULE), []);
    assert.deepEqual(lint(deployment(), RULE), [], 'the claim is not in view');
    assert.deepEqual(lint(file(claim('[ReadWriteOnce]', 'other'), deployment()), RULE), []);
    assert.deepEqual(lint(file(claim('[ReadWriteOnce]', 'a'), deployment(3, 'web', 'Deployment', 'b')), RULE), []);
    assert.equal(lint(file(claim('[ReadWriteOnce]', 'a'), deployment(3, 'web', 'Deployment', 'a')), RULE).length, 1);
    assert.deepEqual(lint(file(claim(), deployment(1)), RULE), [], 'one replica');
    assert.deepEqual(lint(file(claim(), deployment(3, 'node-agent', 'DaemonSet')), RULE), [], 'a DaemonSet has no replicas');
    const noModes = claim().replace('  accessModes: [ReadWriteOnce]\n', '');
    assert.deepEqual(lint(file(noModes, deployment()), RULE), [], 'access modes unknown');
  });

  test('its fixes: replicas to 1, keeping the comment, or a StatefulSet with a claim per replica', () => {
    const text = file(claim(), deployment());
    assert.deepEqual(fixesOf(text, RULE), [
      { title: 'Set replicas to 1', preferred: false },
      { title: CONVERT, preferred: false },
    ]);
    const converted = applyFix(text, RULE, CONVERT);
    assert.match(converted, /kind: StatefulSet\n/);
    assert.match(converted, /volumeClaimTemplates:\n {2}- metadata:\n {6}name: files\n {4}spec:\n {6}accessModes: \[ReadWriteOnce\]\n/);
    assert.doesNotMatch(converted, /persistentVolumeClaim:/);
    const fixed = applyFix(text, RULE, 'Set replicas to 1');
    assert.match(fixed, /\n {2}replicas: 1 {2}# three web servers\n/);
  });

  test('finds the claim again when its access modes change back (no stale cache)', () => {
    const shared = file(claim('[ReadWriteMany]'), deployment());
    assert.deepEqual(lint(shared, RULE), []);
    assert.equal(lint(file(claim(), deployment()), RULE).length, 1);
  });

  test('is silent with ReadWriteOnce where the Pods share one node: pinned, or required to share it', () => {
    const pinned = deployment().replace('    spec:\n      containers:', '    spec:\n      nodeName: node-a\n      containers:');
    assert.notEqual(pinned, deployment());
    assert.deepEqual(lint(file(claim(), pinned), RULE), []);
    assert.equal(lint(file(claim('[ReadWriteOncePod]'), pinned), RULE).length, 1, 'one Pod per ReadWriteOncePod claim, node or not');
    const backup = deployment(1, 'backup').replace(
      '    spec:\n      containers:',
      '    spec:\n      affinity:\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n' +
        '          - labelSelector: {matchLabels: {app: web}}\n            topologyKey: kubernetes.io/hostname\n      containers:',
    );
    assert.deepEqual(lint(file(claim(), deployment(1, 'web'), backup), RULE), []);
    const elsewhere = backup.replace('kubernetes.io/hostname', 'topology.kubernetes.io/zone');
    assert.equal(lint(file(claim(), deployment(1, 'web'), elsewhere), RULE).length, 2, 'a zone is not a node');
    const looser = backup.replace('{matchLabels: {app: web}}', '{matchLabels: {tier: backend}}');
    const webInTier = deployment(1, 'web').replace('labels: {app: web}', 'labels: {app: web, tier: backend}');
    assert.equal(lint(file(claim(), webInTier, looser), RULE).length, 2, 'other Pods of the tier may run on other nodes');
    const otherNamespace = backup.replace('topologyKey: kubernetes.io/hostname', 'topologyKey: kubernetes.io/hostname\n            namespaces: [edge]');
    assert.equal(lint(file(claim(), deployment(1, 'web'), otherNamespace), RULE).length, 2, 'Pods of another namespace');
    assert.equal(lint(file(claim(), deployment(3, 'web'), backup), RULE).length, 2, 'three web Pods may run on three nodes');
    const selfAffine = deployment(3).replace(
      '    spec:\n      containers:',
      '    spec:\n      affinity:\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n' +
        '          - labelSelector: {matchLabels: {app: web}}\n            topologyKey: kubernetes.io/hostname\n      containers:',
    );
    assert.deepEqual(lint(file(claim(), selfAffine), RULE), [], 'replicas required beside each other');
  });

  test('offers no replicas fix where an autoscaler sets the count or scale-down deletes a StatefulSet\'s claims', () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n' +
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n';
    assert.deepEqual(fixesOf(file(claim(), deployment(3), hpa), RULE).map((f) => f.title), [CONVERT]);
    const statefulSet = deployment(3, 'web', 'StatefulSet');
    assert.deepEqual(fixesOf(file(claim(), statefulSet), RULE).map((f) => f.title), ['Set replicas to 1']);
    const deleting = statefulSet.replace(
      '  template:\n',
      '  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n  volumeClaimTemplates:\n' +
        '  - metadata: {name: logs}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n  template:\n',
    );
    assert.notEqual(deleting, statefulSet);
    assert.deepEqual(fixesOf(file(claim(), deleting), RULE), [], 'scaling down would delete the claims of logs');
  });

  test('ignores counts the API would refuse', () => {
    assert.deepEqual(lint(file(claim(), deployment(3).replace('replicas: 3', 'replicas: 1e309')), RULE), []);
    assert.deepEqual(lint(file(claim(), deployment(3).replace('replicas: 3', 'replicas: 2.5')), RULE), []);
  });

  test('counts a KEDA ScaledObject, whose maxReplicaCount defaults to 100, and the conversion retargets it', () => {
    const scaled = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web-scaler}\nspec:\n  scaleTargetRef:\n    name: web\n';
    const text = file(claim(), deployment(1), scaled);
    const [found] = lint(text, RULE);
    assert.match(found.message, /runs up to 100 replicas/);
    assert.equal(found.related[1].message, "up to 100 replicas, set by ScaledObject 'web-scaler' (maxReplicaCount, 100 when not set)");
    assert.deepEqual(fixesOf(text, RULE).map((f) => f.title), [CONVERT]);
    const converted = applyFix(text, RULE, CONVERT);
    assert.match(converted, /scaleTargetRef:\n {4}name: web\n {4}kind: StatefulSet\n/);
  });
});
