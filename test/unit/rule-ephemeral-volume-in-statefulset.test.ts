import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'ephemeral-volume-in-statefulset';
const MOVE = "Move ephemeral volume 'scratch' to volumeClaimTemplates";

const statefulSet = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: web
  spec:
    serviceName: web
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
          - name: scratch
            mountPath: /data
        volumes:
        - name: config
          configMap:
            name: web-config
        - name: scratch
          ephemeral:
            volumeClaimTemplate:
              spec:
                accessModes: ["ReadWriteOnce"]
                resources:
                  requests:
                    storage: 1Gi
`;

describe(RULE, () => {
  test('fires on the ephemeral key, naming the claim, the mount and what a volumeClaimTemplate would keep', () => {
    const findings = lint(statefulSet, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[26, 9, 'ephemeral']]);
    assert.equal(
      findings[0].message,
      "Generic ephemeral volume 'scratch' is mounted at /data (container 'app'): its PersistentVolumeClaim " +
        "'web-<ordinal>-scratch' is owned by the Pod and deleted with it, so the Pod that replaces it (same name, same " +
        "ordinal) starts with a new claim, without the files. The claim of a volumeClaimTemplate, 'scratch-web-<ordinal>', " +
        'is kept when the Pod is replaced.',
    );
    assert.deepEqual(findings[0].related, [{ line: 19, text: 'scratch', message: "mounted at /data by container 'app'" }]);
  });

  test('lists every container that uses it, block devices included', () => {
    const text = statefulSet
      .replace('          mountPath: /data\n', '          mountPath: /data\n      - name: backup\n        image: restic:0.16\n        volumeMounts:\n        - {name: scratch, mountPath: /backup, readOnly: true}\n')
      .replace('      containers:\n', '      initContainers:\n      - name: fill\n        image: busybox:1.36\n        volumeDevices:\n        - {name: scratch, devicePath: /dev/xvdb}\n      containers:\n');
    const [finding, ...rest] = lint(text, RULE);
    assert.equal(rest.length, 0);
    assert.match(
      finding.message,
      /is mounted at \/data \(container 'app'\), mounted at \/backup \(container 'backup'\), a block device at \/dev\/xvdb \(container 'fill'\):/,
    );
    assert.deepEqual(finding.related.map((r) => r.message), [
      "mounted at /data by container 'app'",
      "mounted at /backup by container 'backup'",
      "a block device at /dev/xvdb by container 'fill'",
    ]);
  });

  test('uses a placeholder when the StatefulSet has no name', () => {
    const text = statefulSet.replace('metadata:\n  name: web\n', 'metadata:\n  labels: {app: web}\n');
    assert.match(lint(text, RULE)[0].message, /PersistentVolumeClaim '<statefulset>-<ordinal>-scratch'/);
  });

  test('is silent when a claim template of the same name replaces the volume: claim-template-shadows-volume says so', () => {
    const shadowed = statefulSet.replace(
      '  template:\n',
      '  volumeClaimTemplates:\n  - metadata: {name: scratch}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n  template:\n',
    );
    assert.deepEqual(lint(shadowed, RULE), []);
    assert.equal(lint(shadowed, 'claim-template-shadows-volume').length, 1);
  });

  test('is silent on scratch space: mounted only at scratch paths, as statefulset-emptydir judges them', () => {
    assert.deepEqual(lint(statefulSet.replace('mountPath: /data', 'mountPath: /tmp'), RULE), []);
    assert.deepEqual(lint(statefulSet.replace('mountPath: /data', 'mountPath: /var/cache/render'), RULE), []);
    assert.equal(lint(statefulSet.replace('mountPath: /data', 'mountPath: /var/lib/render'), RULE).length, 1);
  });

  test('is silent when nothing mounts it: no files are written, so none are lost', () => {
    assert.deepEqual(lint(statefulSet.replace('- name: scratch\n          mountPath', '- name: config\n          mountPath'), RULE), []);
  });

  test('is silent on other kinds, other volume types, patches and aliases', () => {
    assert.deepEqual(lint(statefulSet.replace('kind: StatefulSet', 'kind: Deployment').replace('  serviceName: web\n', ''), RULE), []);
    const emptyDir = statefulSet.replace(/ephemeral:\n[\s\S]*$/, 'emptyDir: {}\n');
    assert.deepEqual(lint(emptyDir, RULE), []);
    // A kustomize patch (no selector): its base may hold a claim template of the same name.
    assert.deepEqual(lint(statefulSet.replace('  selector:\n    matchLabels:\n      app: web\n', ''), RULE), []);
    const aliased = `x-templates: &templates []\n${statefulSet}`.replace('  template:\n', '  volumeClaimTemplates: *templates\n  template:\n');
    assert.deepEqual(lint(aliased, RULE), []);
  });

  test('moves the volume to a new volumeClaimTemplates key before template, copying its spec', () => {
    assert.deepEqual(fixesOf(statefulSet, RULE), [{ title: MOVE, preferred: true }]);
    assert.equal(
      applyFix(statefulSet, RULE, MOVE),
      yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          selector:
            matchLabels:
              app: web
          volumeClaimTemplates:
          - metadata:
              name: scratch
            spec:
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 1Gi
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: nginx:1.27
                volumeMounts:
                - name: scratch
                  mountPath: /data
              volumes:
              - name: config
                configMap:
                  name: web-config
      `,
    );
  });

  test('appends to existing volumeClaimTemplates, keeping labels, annotations, comments and block scalars', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: web
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: app
              image: nginx:1.27
              volumeMounts:
              - name: www
                mountPath: /usr/share/nginx/html
              - name: scratch
                mountPath: /data
            volumes:
            # generic ephemeral: one claim per Pod
            - name: scratch
              ephemeral:
                volumeClaimTemplate:
                  metadata:
                    labels:
                      type: scratch # copied onto the claim
                    annotations:
                      note: |
                        first line
                        second line
                  # the claim itself
                  spec:
                    accessModes: [ReadWriteOnce] # one node at a time
                    # a fast class
                    storageClassName: fast
                    resources:
                      requests:
                        storage: 5Gi
        volumeClaimTemplates:
        - metadata:
            name: www
          spec:
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 1Gi
    `;
    assert.equal(
      applyFix(text, RULE, MOVE),
      yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: nginx:1.27
                volumeMounts:
                - name: www
                  mountPath: /usr/share/nginx/html
                - name: scratch
                  mountPath: /data
              # generic ephemeral: one claim per Pod
          volumeClaimTemplates:
          - metadata:
              name: www
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
          - metadata:
              name: scratch
              labels:
                type: scratch # copied onto the claim
              annotations:
                note: |
                  first line
                  second line
            # the claim itself
            spec:
              accessModes: [ReadWriteOnce] # one node at a time
              # a fast class
              storageClassName: fast
              resources:
                requests:
                  storage: 5Gi
      `,
    );
  });

  test('fills an empty volumeClaimTemplates and keeps a one-line flow spec as written', () => {
    const text = statefulSet
      .replace('  template:\n', '  volumeClaimTemplates: []\n  template:\n')
      .replace(
        '          volumeClaimTemplate:\n            spec:\n              accessModes: ["ReadWriteOnce"]\n              resources:\n                requests:\n                  storage: 1Gi\n',
        '          volumeClaimTemplate:\n            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}\n',
      );
    assert.equal(
      applyFix(text, RULE, MOVE),
      statefulSet
        .replace(
          '  template:\n',
          '  volumeClaimTemplates:\n  - metadata:\n      name: scratch\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}\n  template:\n',
        )
        .replace(/\n {6}- name: scratch\n[\s\S]*$/, '\n'),
    );
  });

  test('writes in the file\'s own indentation and line endings', () => {
    const four = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
          name: web
      spec:
          serviceName: web
          selector:
              matchLabels:
                  app: web
          template:
              metadata:
                  labels:
                      app: web
              spec:
                  containers:
                    - name: app
                      image: nginx:1.27
                      volumeMounts:
                        - name: scratch
                          mountPath: /data
                  volumes:
                    - name: scratch
                      ephemeral:
                          volumeClaimTemplate:
                              spec:
                                  accessModes: [ReadWriteOnce]
                                  resources:
                                      requests:
                                          storage: 1Gi
    `;
    const expected = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
          name: web
      spec:
          serviceName: web
          selector:
              matchLabels:
                  app: web
          volumeClaimTemplates:
            - metadata:
                  name: scratch
              spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                      requests:
                          storage: 1Gi
          template:
              metadata:
                  labels:
                      app: web
              spec:
                  containers:
                    - name: app
                      image: nginx:1.27
                      volumeMounts:
                        - name: scratch
                          mountPath: /data
    `;
    assert.equal(applyFix(four, RULE, MOVE), expected);
    assert.equal(applyFix(four.replace(/\n/g, '\r\n'), RULE, MOVE), expected.replace(/\n/g, '\r\n'));
  });

  test('appends after a volumeClaimTemplates list that ends the file without a newline', () => {
    const text = `${statefulSet}  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec: {accessModes: [ReadWriteOnce]}`;
    const after = applyFix(text, RULE, MOVE);
    assert.ok(
      after.endsWith(
        '  - metadata: {name: www}\n    spec: {accessModes: [ReadWriteOnce]}\n  - metadata:\n      name: scratch\n    spec:\n' +
          '      accessModes: ["ReadWriteOnce"]\n      resources:\n        requests:\n          storage: 1Gi\n',
      ),
      after,
    );
  });

  test('offers no fix on flow-style layouts', () => {
    const flowVolume = statefulSet.replace(
      /- name: scratch\n {8}ephemeral:[\s\S]*$/,
      '- {name: scratch, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}\n',
    );
    const flowTemplate = statefulSet.replace(
      /volumeClaimTemplate:\n[\s\S]*$/,
      'volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}\n',
    );
    const flowMetadata = statefulSet.replace(
      '          volumeClaimTemplate:\n',
      '          volumeClaimTemplate:\n            metadata: {labels: {type: scratch}}\n',
    );
    const multiLineFlowSpec = statefulSet.replace(
      /spec:\n {14}accessModes[\s\S]*$/,
      'spec: {accessModes: [ReadWriteOnce],\n              resources: {requests: {storage: 1Gi}}}\n',
    );
    const flowClaimTemplates = statefulSet.replace('  template:\n', '  volumeClaimTemplates: [{metadata: {name: www}}]\n  template:\n');
    for (const text of [flowVolume, flowTemplate, flowMetadata, multiLineFlowSpec, flowClaimTemplates]) {
      assert.equal(lint(text, RULE).length, 1, text);
      assert.deepEqual(fixesOf(text, RULE), [], text);
    }
  });
});
