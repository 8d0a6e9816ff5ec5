import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isNodeStatePath, NODE_STATE_PATHS, normalizedNodePath } from '../../server/src/rules/hostpath-data';
import { fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'hostpath-data';

const deployment = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: uploads
  spec:
    selector:
      matchLabels:
        app: uploads
    template:
      metadata:
        labels:
          app: uploads
      spec:
        containers:
        - name: app
          image: app:1
          volumeMounts:
          - name: files
            mountPath: /srv/uploads
        volumes:
        - name: files
          hostPath:
            path: /data/uploads
            type: DirectoryOrCreate
`;

/** The Deployment with its pod spec's `volumes` and `containers` replaced by `podSpec` (written at column 0). */
function withPodSpec(podSpec: string): string {
  const head = deployment.slice(0, deployment.indexOf('      containers:'));
  return head + podSpec.replace(/^(?=.)/gm, '      ');
}

const pod = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: test-pd
  spec:
    containers:
    - image: registry.k8s.io/test-webserver
      name: test-container
      volumeMounts:
      - mountPath: /test-pd
        name: test-volume
    volumes:
    - name: test-volume
      hostPath:
        path: /data
        type: Directory
`;

/** Puts the Deployment's pod template under another workload kind. */
function asKind(kind: string, apiVersion: string): string {
  const template = deployment.slice(deployment.indexOf('  template:')).replace(/^ {2}/gm, '');
  const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));
  switch (kind) {
    case 'Job':
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: uploads\nspec:\n${indent(template, 2)}`;
    case 'CronJob':
      return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: uploads\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n${indent(template, 6)}`;
    case 'PodTemplate':
      return `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: uploads\n${template}`;
    case 'ReplicationController':
      return deployment.replace('apps/v1\nkind: Deployment', `${apiVersion}\nkind: ${kind}`).replace('    matchLabels:\n      app: uploads\n', '    app: uploads\n');
    default:
      return deployment.replace('apps/v1\nkind: Deployment', `${apiVersion}\nkind: ${kind}`);
  }
}

describe(RULE, () => {
  test('fires on the hostPath key of a Deployment, with the writing mount as related information', () => {
    const findings = lint(deployment, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[22, 9, 'hostPath']]);
    assert.equal(
      findings[0].message,
      "hostPath volume 'files' is mounted writable at /srv/uploads (container 'app'): the files go to /data/uploads " +
        "on the node each Pod runs on, and stay there. Nothing here pins the Pods of Deployment 'uploads' to one node: " +
        "a Pod that replaces one may be scheduled on another node and see that node's /data/uploads instead.",
    );
    assert.deepEqual(findings[0].related, [{ line: 18, text: 'files', message: "written at /srv/uploads by container 'app'" }]);
    assert.deepEqual(fixesOf(deployment, RULE), [], 'no fix: where the data should go is the author\'s choice');
  });

  test('fires on a bare Pod (the kubernetes.io hostPath example), saying what is true of a Pod without a controller', () => {
    const findings = lint(pod, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[14, 5, 'hostPath']]);
    assert.equal(
      findings[0].message,
      "hostPath volume 'test-volume' is mounted writable at /test-pd (container 'test-container'): the files go to " +
        '/data on the node this Pod runs on, and stay there after the Pod is deleted. No controller replaces a bare Pod ' +
        'and nothing here pins it to one node: a Pod created again from this manifest may be scheduled on another node ' +
        "and see that node's /data instead.",
    );
    assert.deepEqual(findings[0].related.map((r) => [r.line, r.text]), [[11, 'test-volume']]);
  });

  test('each kind gets its own account of what replaces its Pods', () => {
    const expected: [string, string, RegExp][] = [
      ['ReplicaSet', 'apps/v1', /Pods of ReplicaSet 'uploads' to one node: a Pod that replaces one may be scheduled on another node/],
      ['ReplicationController', 'v1', /Pods of ReplicationController 'uploads' to one node/],
      ['StatefulSet', 'apps/v1', /a Pod that replaces one \(same name, same ordinal\) may be scheduled on another node and see that node's \/data\/uploads instead\. Unlike a volumeClaimTemplate's claim, a hostPath does not follow the ordinal\./],
      ['Job', 'batch/v1', /stay there after the Job finishes\. Nothing here pins the Pods of Job 'uploads' to one node: a Pod it creates to replace a failed or deleted one may be scheduled on another node/],
      ['CronJob', 'batch/v1', /Nothing here pins the Pods of CronJob 'uploads' to one node: each run's Pods may be scheduled on another node and see only the files earlier runs left on that node\./],
      ['PodTemplate', 'v1', /Nothing here pins the Pods created from this template to one node: they may be scheduled on different nodes, each seeing only its own node's \/data\/uploads\./],
    ];
    for (const [kind, apiVersion, message] of expected) {
      const text = asKind(kind, apiVersion);
      const findings = lint(text, RULE);
      assert.equal(findings.length, 1, `${kind}:\n${text}`);
      assert.equal(findings[0].text, 'hostPath');
      assert.match(findings[0].message, message, kind);
    }
  });

  test('fires once per volume, relating every writing mount and only those', () => {
    const text = withPodSpec(yaml`
      containers:
      - name: app
        image: app:1
        volumeMounts:
        - {name: files, mountPath: /srv/uploads}
        - {name: files, mountPath: /srv/thumbs, subPath: thumbs}
      - name: reader
        image: reader:1
        volumeMounts:
        - {name: files, mountPath: /srv/uploads, readOnly: true}
      initContainers:
      - name: seed
        image: seed:1
        volumeMounts:
        - {name: files, mountPath: /seed, readOnly: false}
      volumes:
      - name: files
        hostPath: {path: /data/uploads}
    `);
    const findings = lint(text, RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /mounted writable at \/srv\/uploads \(container 'app'\), \/srv\/thumbs \(container 'app'\), \/seed \(container 'seed'\):/);
    assert.deepEqual(
      findings[0].related.map((r) => r.message),
      ["written at /srv/uploads by container 'app'", "written at /srv/thumbs by container 'app'", "written at /seed by container 'seed'"],
    );
  });

  test('fires inside a List and in a later document, at the right line', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${deployment.replace(/\n(?=.)/g, '\n  ')}`;
    assert.deepEqual(lint(list, RULE).map((f) => [f.line, f.column]), [[25, 11]]);
    const multi = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${deployment}`;
    assert.deepEqual(lint(multi, RULE).map((f) => f.line), [26]);
  });

  test('fires on app paths that only look like node paths', () => {
    for (const hostPath of [
      '/data', '/tmp/data', '/mnt/disks/ssd0', '/var/logs', '/var/log-archive', '/etcd-data', '/usr2', '/runner',
      '/var/lib/kubelet-data', '/var/lib/etcd-backup', '/var/lib/mysql', '/opt/app', '/opt/cni-data', '/home/app', '/srv',
      '/var/lib/docker-registry', '/devices', '/data/app.socket', '/data/app.sock.d',
    ]) {
      const text = deployment.replace('path: /data/uploads', `path: ${hostPath}`);
      assert.equal(lint(text, RULE).length, 1, hostPath);
    }
  });

  test('is silent on the node\'s own paths, at them and below them', () => {
    for (const hostPath of [
      ...NODE_STATE_PATHS,
      '/var/log/pods', '/var/lib/kubelet/pods', '/var/lib/kubelet/plugins/csi.example.com', '/sys/fs/cgroup',
      '/lib/modules', '/etc/cni/net.d', '/etc/kubernetes/pki', '/var/run/secrets', '/run/containerd', '/dev/fuse',
      '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', '/var/lib/docker/containers', '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs',
      '/var/lib/containers/storage', '/opt/cni/bin', '/var/lib/cni/networks', '/var/lib/etcd/member', '/boot/efi',
      '//var//log/', '/var/./log/app', '/etc/', '"/proc"',
    ]) {
      const text = deployment.replace('path: /data/uploads', `path: ${hostPath}`);
      assert.deepEqual(lint(text, RULE), [], hostPath);
    }
  });

  test('is silent on sockets and devices, named by type or by a .sock path', () => {
    for (const type of ['Socket', 'CharDevice', 'BlockDevice']) {
      assert.deepEqual(lint(deployment.replace('type: DirectoryOrCreate', `type: ${type}`), RULE), [], type);
    }
    assert.deepEqual(lint(deployment.replace('path: /data/uploads', 'path: /tmp/agent.sock'), RULE), []);
    // Other types hold files.
    for (const type of ['Directory', 'File', 'FileOrCreate', '""']) {
      assert.equal(lint(deployment.replace('type: DirectoryOrCreate', `type: ${type}`), RULE).length, 1, type);
    }
  });

  test('is silent when no container writes: read-only mounts, no mount, an ephemeral container', () => {
    assert.deepEqual(lint(deployment.replace('mountPath: /srv/uploads', 'mountPath: /srv/uploads\n          readOnly: true'), RULE), []);
    assert.deepEqual(lint(deployment.replace('- name: files\n          mountPath', '- name: other\n          mountPath'), RULE), []);
    const debug = pod.replace('    volumeMounts:\n    - mountPath: /test-pd\n      name: test-volume\n', '')
      .replace('  volumes:', '  ephemeralContainers:\n  - name: debug\n    image: busybox\n    volumeMounts:\n    - {name: test-volume, mountPath: /x}\n  volumes:');
    assert.deepEqual(lint(debug, RULE), []);
  });

  test('is silent on a DaemonSet: its controller creates each Pod for one node, so a new Pod finds the same files', () => {
    assert.deepEqual(lint(asKind('DaemonSet', 'apps/v1'), RULE), []);
  });

  test('is silent when the Pods are pinned to one node', () => {
    const pins = [
      'nodeName: worker-1\n',
      'nodeSelector:\n  kubernetes.io/hostname: worker-1\n',
      'nodeSelector:\n  kubernetes.io/hostname: worker-1\n  disktype: ssd\n',
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
      `,
      // What the DaemonSet controller writes.
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchFields:
                - key: metadata.name
                  operator: In
                  values:
                  - worker-1
      `,
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: disktype, operator: In, values: [ssd]}
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
      `,
    ];
    for (const pin of pins) {
      const text = deployment.replace('      containers:', `${pin.replace(/^(?=.)/gm, '      ')}      containers:`);
      assert.deepEqual(lint(text, RULE), [], text);
    }
    assert.deepEqual(lint(pod.replace('spec:\n', 'spec:\n  nodeName: worker-1\n'), RULE), []);
  });

  test('fires when the node constraints admit more than one node', () => {
    const loose = [
      'nodeSelector:\n  disktype: ssd\n',
      'nodeSelector:\n  kubernetes.io/hostname: ""\n',
      'nodeName: ""\n',
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1, worker-2]}
      `,
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-2]}
      `,
      yaml`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: NotIn, values: [worker-1]}
      `,
      yaml`
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              preference:
                matchExpressions:
                - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
      `,
    ];
    for (const constraint of loose) {
      const text = deployment.replace('      containers:', `${constraint.replace(/^(?=.)/gm, '      ')}      containers:`);
      assert.equal(lint(text, RULE).length, 1, text);
    }
  });

  test('is silent where what it rests on may be out of sight: aliases, merge keys, kustomize patches', () => {
    const anchored = `x-pin: &pin\n  kubernetes.io/hostname: worker-1\n${deployment}`.replace(
      '      containers:',
      '      nodeSelector: *pin\n      containers:',
    );
    assert.deepEqual(lint(anchored, RULE), [], 'the alias may pin the Pods');
    assert.equal(lint(anchored.replace('nodeSelector: *pin', 'nodeSelector: {disktype: ssd}'), RULE).length, 1, 'control: no alias');
    const mergedMount = withPodSpec(yaml`
      containers:
      - name: app
        image: app:1
        volumeMounts:
        - <<: *ro
          name: files
          mountPath: /srv/uploads
      volumes:
      - name: files
        hostPath: {path: /data/uploads}
    `).replace('apiVersion: apps/v1\n', 'apiVersion: apps/v1\nx-ro: &ro {readOnly: true}\n');
    assert.deepEqual(lint(mergedMount, RULE), [], 'the merge key may make the mount read-only');
    const mergedSource = deployment.replace('        hostPath:\n', '        hostPath:\n          <<: *socket\n').replace(
      'apiVersion: apps/v1\n',
      'apiVersion: apps/v1\nx-socket: &socket {type: Socket}\n',
    );
    assert.deepEqual(lint(mergedSource, RULE), [], 'the merge key may set the type');
    // A kustomize patch: no selector, no image. Its base may pin the Pods or make the mount read-only.
    const patch = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: uploads
      spec:
        template:
          spec:
            containers:
            - name: app
              volumeMounts:
              - name: files
                mountPath: /srv/uploads
            volumes:
            - name: files
              hostPath:
                path: /data/uploads
    `;
    assert.deepEqual(lint(patch, RULE), []);
  });

  test('is silent on paths it cannot judge, volumes without a path, and other kinds', () => {
    for (const hostPath of ['C:\\data', "'\\\\.\\pipe\\docker_engine'", 'data/relative', '""']) {
      assert.deepEqual(lint(deployment.replace('path: /data/uploads', `path: ${hostPath}`), RULE), [], hostPath);
    }
    assert.deepEqual(lint(deployment.replace('          path: /data/uploads\n', ''), RULE), []);
    const pv = yaml`
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv
      spec:
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath:
          path: /mnt/data
    `;
    assert.deepEqual(lint(pv, RULE), []);
  });

  test('normalises node paths before comparing them', () => {
    assert.equal(normalizedNodePath('//var//log/./app/'), '/var/log/app');
    assert.equal(normalizedNodePath('/'), '/');
    assert.equal(normalizedNodePath('C:\\var\\log'), undefined);
    assert.ok(isNodeStatePath('/'));
    assert.ok(!isNodeStatePath('/data'), '/ counts only as itself');
    assert.ok(isNodeStatePath('/var/lib/kubelet/pods'));
    assert.ok(!isNodeStatePath('/var/lib/kubeletx'));
  });

  test('the doc page lists exactly the node paths the rule skips', () => {
    const page = fs.readFileSync(path.join(__dirname, '../../docs/rules/hostpath-data.md'), 'utf8');
    const section = page.slice(page.indexOf('### Node paths'), page.indexOf('## Why it matters'));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(listed, [...NODE_STATE_PATHS]);
  });
});
