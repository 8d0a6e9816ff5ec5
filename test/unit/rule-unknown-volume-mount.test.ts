import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'unknown-volume-mount';

const deployment = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api}
  spec:
    selector: {matchLabels: {app: api}}
    template:
      spec:
        volumes:
        - name: data
          persistentVolumeClaim: {claimName: api-data}
        containers:
        - name: api
          image: api
          volumeMounts:
          - name: dta  # typo
            mountPath: /data
`;

const statefulSet = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db}
  spec:
    selector: {matchLabels: {app: db}}
    template:
      spec:
        containers:
        - name: db
          image: db
          volumeMounts:
          - name: data
            mountPath: /data
`;

describe(RULE, () => {
  test('fires on a Deployment with the API server\'s field path and error', () => {
    const findings = lint(deployment, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[15, 17, 'dta']]);
    assert.match(findings[0].message, /the API server rejects this Deployment \(spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.name: Not found: "dta"\)/);
  });

  test('fires on a StatefulSet with the controller\'s FailedCreate event', () => {
    const [finding] = lint(statefulSet, RULE);
    assert.equal(finding.text, 'data');
    assert.match(finding.message, /names no pod volume and no volumeClaimTemplate/);
    assert.match(finding.message, /FailedCreate: spec\.containers\[0\]\.volumeMounts\[0\]\.name: Not found: "data"/);
  });

  test('fires on Pods, CronJobs, init containers and volumeDevices with their own paths', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    volumeDevices: [{name: raw, devicePath: /dev/x}]\n';
    assert.match(lint(pod, RULE)[0].message, /volumeDevice 'raw'.*spec\.containers\[0\]\.volumeDevices\[0\]\.name: Not found/);
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: c}
      spec:
        jobTemplate:
          spec:
            template:
              spec:
                initContainers:
                - name: a
                  image: a
                - name: b
                  image: b
                  volumeMounts: [{name: x, mountPath: /x}, {name: y, mountPath: /y}]
    `;
    assert.deepEqual(
      lint(cron, RULE).map((f) => f.message.match(/\(([^)]*)\)/)![1]),
      [
        'spec.jobTemplate.spec.template.spec.initContainers[1].volumeMounts[0].name: Not found: "x"',
        'spec.jobTemplate.spec.template.spec.initContainers[1].volumeMounts[1].name: Not found: "y"',
      ],
    );
  });

  test('is silent when the name matches a volume or a claim template, or has no name', () => {
    assert.deepEqual(lint(deployment.replace('name: dta', 'name: data'), RULE), []);
    const withTemplate = statefulSet.replace('  template:', '  volumeClaimTemplates:\n  - metadata: {name: data}\n  template:');
    assert.deepEqual(lint(withTemplate, RULE), []);
    assert.deepEqual(lint(deployment.replace('- name: dta  # typo\n', '- readOnly: true\n'), RULE), []);
    assert.deepEqual(lint(deployment.replace('{name: api}', '{name: "{{ .Release.Name }}"}'), RULE), [], 'a Helm template');
  });

  test('is silent where the volumes may be elsewhere: behind an alias, or in the base of a kustomize patch', () => {
    const aliased = deployment.replace(/volumes:\n(.*\n){2}/, 'volumes: *shared\n').replace('metadata: {name: api}', 'metadata: {name: api, labels: &shared []}');
    assert.equal(lint(aliased.replace('*shared', '[]'), RULE).length, 1, 'fires without the alias');
    assert.deepEqual(lint(aliased, RULE), []);
    const patch = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        template:
          spec:
            containers:
            - name: api
              volumeMounts: [{name: cache, mountPath: /cache}]
    `;
    assert.deepEqual(lint(patch, RULE), []);
    assert.equal(lint(patch.replace('- name: api', '- name: api\n        image: api'), RULE).length, 0, 'still no selector');
    assert.equal(
      lint(patch.replace('- name: api', '- name: api\n        image: api').replace('spec:\n  template', 'spec:\n  selector: {}\n  template'), RULE).length,
      1,
    );
  });

  test('renames a typo to the closest volume', () => {
    assert.deepEqual(fixesOf(deployment, RULE), [{ title: "Change 'dta' to 'data'", preferred: true }]);
    const after = applyFix(deployment, RULE, "Change 'dta' to 'data'");
    assert.equal(after, deployment.replace('- name: dta  # typo', '- name: data  # typo'));
  });

  test('in a StatefulSet, adds a claim template of that name', () => {
    assert.deepEqual(fixesOf(statefulSet, RULE), [{ title: "Add volumeClaimTemplate 'data'", preferred: true }]);
    const after = applyFix(statefulSet, RULE, "Add volumeClaimTemplate 'data'");
    assert.equal(
      after,
      statefulSet.replace(
        '  template:\n',
        '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: ["ReadWriteOnce"]\n' +
          '      resources:\n        requests:\n          storage: 1Gi\n  template:\n',
      ),
    );
  });

  test('the preferred fix comes first, and a block device is only offered claims', () => {
    const far = statefulSet.replace('  template:', '  volumeClaimTemplates:\n  - metadata: {name: logs}\n  template:').replace('name: data', 'name: database');
    assert.deepEqual(fixesOf(far, RULE), [
      { title: "Add volumeClaimTemplate 'database'", preferred: true },
      { title: "Change 'database' to 'logs'", preferred: false },
    ]);
    const device = statefulSet
      .replace('volumeMounts:\n        - name: data\n          mountPath: /data', 'volumeDevices:\n        - name: dta\n          devicePath: /dev/xvdb')
      .replace('        containers:', '        volumes:\n        - {name: data, configMap: {name: cfg}}\n        containers:');
    assert.deepEqual(fixesOf(device, RULE).map((f) => f.title), ["Add volumeClaimTemplate 'dta'"], 'a configMap cannot back a block device');
  });

  test('a missing block device gets a claim template in volumeMode Block', () => {
    const device = statefulSet.replace('volumeMounts:\n        - name: data\n          mountPath: /data', 'volumeDevices:\n        - name: data\n          devicePath: /dev/xvdb');
    const after = applyFix(device, RULE, "Add volumeClaimTemplate 'data'");
    assert.match(after, /accessModes: \["ReadWriteOnce"\]\n {6}volumeMode: Block\n/);
  });

  test('fills an empty claim template list', () => {
    const empty = statefulSet.replace('  template:', '  volumeClaimTemplates: []\n  template:');
    const after = applyFix(empty, RULE, "Add volumeClaimTemplate 'data'");
    assert.match(after, /volumeClaimTemplates:\n {2}- metadata:\n {6}name: data\n/);
  });
  test('a mount of an ephemeral container: the container itself is refused, and no rename is offered', () => {
    const debug = deployment.replace('      containers:\n', '      ephemeralContainers:\n      - name: debug\n        image: busybox\n        volumeMounts:\n        - {name: dta, mountPath: /d}\n      containers:\n');
    assert.notEqual(debug, deployment);
    const findings = lint(debug, RULE).filter((f) => f.message.includes('ephemeral container'));
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0].message,
      "volumeMount 'dta' of ephemeral container 'debug' names no volume of the pod, but the container itself cannot be there: the API server " +
        'rejects this Deployment (spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template). ' +
        'Ephemeral containers are added to a running Pod, with `kubectl debug`.',
    );
    assert.deepEqual(fixesOf(debug, RULE).filter((f) => f.title.includes("'dta'")).length, 1, 'only the regular container keeps its fix');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n  ephemeralContainers:\n  - name: debug\n    image: busybox\n    volumeMounts: [{name: x, mountPath: /x}]\n';
    assert.match(lint(pod, RULE)[0].message, /the API server rejects the Pod \(spec\.ephemeralContainers: Forbidden: cannot be set on create\)/);
    assert.deepEqual(fixesOf(pod, RULE), []);
  });
});
