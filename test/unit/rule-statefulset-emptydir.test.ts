import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { toSettings } from '../../server/src/settings';
import { example } from '../support/fixtures';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'statefulset-emptydir';

/** A StatefulSet whose pod spec is `podSpec` (indented to sit under `spec:` of the template). */
/** Gives the first container a read-only root filesystem. */
function readOnlyRoot(podSpec: string): string {
  return podSpec.replace(/(containers:\n- name: [^\n]*\n)/, '$1  securityContext: {readOnlyRootFilesystem: true}\n');
}

function statefulSet(podSpec: string, extra = ''): string {
  const body = podSpec.replace(/\n/g, '\n      ');
  return `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n${extra}  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      ${body}\n`;
}

const dataDir = yaml`
  volumes:
  - name: data
    emptyDir: {}
  containers:
  - name: db
    image: postgres
    volumeMounts:
    - name: data
      mountPath: /var/lib/postgresql/data`;

describe(RULE, () => {
  test('fires on the seed StatefulSet, on the emptyDir key, with each mount as related information', () => {
    const [finding, ...rest] = lint(example('sts-emptyDir.yaml'), RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.line, 28);
    assert.equal(finding.column, 9);
    assert.equal(finding.text, 'emptyDir');
    assert.match(finding.message, /emptyDir 'empty-dir' holds \/test of StatefulSet 'sts-test'/);
    assert.match(finding.message, /deleted whenever the Pod is deleted, evicted or replaced by a rollout \(they survive container restarts, not a new Pod\)/);
    const onDelete = example('sts-emptyDir.yaml').replace('spec:\n  serviceName', 'spec:\n  updateStrategy: {type: OnDelete}\n  serviceName');
    assert.match(lint(onDelete, RULE)[0].message, /deleted whenever the Pod is deleted or evicted \(they survive/, 'OnDelete: no rollout replaces the Pod');
    assert.deepEqual(finding.related, [
      { line: 37, text: 'empty-dir', message: "mounted at /test by container 'file-generator'" },
    ]);
  });

  test('fires on an emptyDir holding a database directory', () => {
    const findings = lint(statefulSet(dataDir), RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.text]), [[15, 'emptyDir']]);
  });

  test('fires below a home directory and on look-alike segments', () => {
    for (const path of ['/home/app/data', '/var/lib/cachedb', '/data/tmpfiles', '/homes']) {
      assert.equal(lint(statefulSet(dataDir.replace('/var/lib/postgresql/data', path)), RULE).length, 1, path);
    }
  });

  test('fires when one of several mounts is not scratch', () => {
    const text = statefulSet(yaml`
      volumes:
      - name: work
        emptyDir: {}
      containers:
      - name: app
        image: app
        volumeMounts:
        - {name: work, mountPath: /tmp}
        - {name: work, mountPath: /srv/uploads}`);
    assert.equal(lint(text, RULE).length, 1);
    assert.equal(lint(text, RULE)[0].related.length, 2);
  });

  test('fires inside a List and in later documents of a file, at the right line', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${statefulSet(dataDir).replace(/\n(?=.)/g, '\n  ')}`;
    assert.deepEqual(lint(list, RULE).map((f) => f.line), [18]);
    const multi = `# first\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${statefulSet(dataDir)}`;
    assert.deepEqual(lint(multi, RULE).map((f) => f.line), [20]);
  });

  test('is silent on scratch: memory medium, temp/cache/socket paths, init-container hand-off', () => {
    const scratch = [
      dataDir.replace('emptyDir: {}', 'emptyDir: {medium: Memory}'),
      dataDir.replace('/var/lib/postgresql/data', '/tmp'),
      dataDir.replace('/var/lib/postgresql/data', '/var/cache/nginx'),
      dataDir.replace('/var/lib/postgresql/data', '/dev/shm'),
      dataDir.replace('/var/lib/postgresql/data', '/var/run/app'),
      dataDir.replace('/var/lib/postgresql/data', '/sockets/agent.sock'),
      readOnlyRoot(dataDir.replace('/var/lib/postgresql/data', '/home/argocd')),
      readOnlyRoot(dataDir.replace('/var/lib/postgresql/data', '/root/')),
      yaml`
        volumes:
        - name: conf
          emptyDir: {}
        initContainers:
        - name: render
          image: busybox
          volumeMounts: [{name: conf, mountPath: /mnt/conf.d}]
        containers:
        - name: db
          image: mysql
          volumeMounts: [{name: conf, mountPath: /etc/mysql/conf.d}]`,
      // Rendered in place from a ConfigMap (argo-cd's redis-ha): the init container fills what the server reads.
      yaml`
        volumes:
        - {name: config, configMap: {name: redis}}
        - {name: data, emptyDir: {}}
        initContainers:
        - name: config-init
          image: redis
          volumeMounts: [{name: config, mountPath: /readonly-config, readOnly: true}, {name: data, mountPath: /data}]
        containers:
        - name: redis
          image: redis
          volumeMounts: [{name: data, mountPath: /data}]`,
    ];
    for (const podSpec of scratch) assert.deepEqual(lint(statefulSet(podSpec), RULE), [], podSpec);
  });

  test('fires where an init container only prepares the data directory, or a sidecar reads it', () => {
    const chown = yaml`
      volumes:
      - {name: data, emptyDir: {}}
      initContainers:
      - name: volume-permissions
        image: busybox
        command: [chown, -R, '1001:1001', /bitnami/postgresql]
        volumeMounts: [{name: data, mountPath: /bitnami/postgresql}]
      containers:
      - name: postgresql
        image: bitnami/postgresql
        volumeMounts: [{name: data, mountPath: /bitnami/postgresql}]`;
    assert.equal(lint(statefulSet(chown), RULE).length, 1);
    const sidecar = yaml`
      volumes:
      - {name: data, emptyDir: {}}
      initContainers:
      - name: backup-agent
        image: agent
        restartPolicy: Always
        volumeMounts: [{name: data, mountPath: /var/lib/app, readOnly: true}]
      containers:
      - name: app
        image: app
        volumeMounts: [{name: data, mountPath: /var/lib/app}]`;
    assert.equal(lint(statefulSet(sidecar), RULE).length, 1);
  });

  test('is silent where a sidecar renders configuration for the others, and fires where a second container writes', () => {
    const rendered = (agentMounts: string, appMount: string, agentGroup = 'containers') => yaml`
      volumes:
      - {name: rendered, emptyDir: {}}
      - {name: templates, configMap: {name: app-templates}}
      ${agentGroup}:
      - name: config-agent
        image: agent
        ${agentGroup === 'initContainers' ? 'restartPolicy: Always' : 'args: [--watch]'}
        volumeMounts: [${agentMounts}]
      ${agentGroup === 'initContainers' ? 'containers:' : ''}
      - name: app
        image: app
        volumeMounts: [${appMount}]`.replace(/\n\s*\n/g, '\n');
    const agent = '{name: rendered, mountPath: /srv/rendered}, {name: templates, mountPath: /templates}';
    assert.deepEqual(lint(statefulSet(rendered(agent, '{name: rendered, mountPath: /srv/rendered, readOnly: true}')), RULE), []);
    assert.deepEqual(
      lint(statefulSet(rendered(agent, '{name: rendered, mountPath: /srv/rendered, readOnly: true}', 'initContainers')), RULE),
      [],
      'an init container with restartPolicy Always is a sidecar',
    );
    assert.equal(lint(statefulSet(rendered(agent, '{name: rendered, mountPath: /var/lib/app}')), RULE).length, 1, 'the app writes it too');
    const noConfig = '{name: rendered, mountPath: /srv/rendered}';
    assert.equal(lint(statefulSet(rendered(noConfig, '{name: rendered, mountPath: /srv/rendered, readOnly: true}')), RULE).length, 1, 'no configuration to render');
  });

  test('is silent on the configuration, log and temp directories that Bitnami charts keep in one emptyDir', () => {
    const bitnami = yaml`
      volumes:
      - {name: empty-dir, emptyDir: {}}
      containers:
      - name: postgresql
        image: docker.io/bitnami/postgresql:17
        volumeMounts:
        - {name: empty-dir, mountPath: /tmp, subPath: tmp-dir}
        - {name: empty-dir, mountPath: /opt/bitnami/postgresql/conf, subPath: app-conf-dir}
        - {name: empty-dir, mountPath: /opt/bitnami/postgresql/tmp, subPath: app-tmp-dir}
        - {name: empty-dir, mountPath: /opt/bitnami/postgresql/etc, subPath: app-etc-dir}
        - {name: empty-dir, mountPath: /opt/bitnami/postgresql/logs, subPath: app-logs-dir}
        - {name: data, mountPath: /bitnami/postgresql}`;
    const claim = '  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 8Gi}}}\n';
    assert.deepEqual(lint(statefulSet(bitnami, claim), RULE), []);
    assert.equal(lint(statefulSet(bitnami.replace('mountPath: /opt/bitnami/postgresql/logs', 'mountPath: /bitnami/postgresql/data'), claim), RULE).length, 1);
    for (const data of ['/config', '/etc/pihole', '/etc/letsencrypt', '/var/lib/zookeeper/log', '/var/www/html/config']) {
      assert.equal(lint(statefulSet(bitnami.replace('mountPath: /opt/bitnami/postgresql/logs', `mountPath: ${data}`), claim), RULE).length, 1, data);
    }
  });

  test('a home directory is scratch only under a read-only root filesystem', () => {
    const home = dataDir.replace('/var/lib/postgresql/data', '/home/jovyan');
    assert.equal(lint(statefulSet(home), RULE).length, 1, 'notebooks in the home of a writable image are data');
    assert.deepEqual(lint(statefulSet(readOnlyRoot(home)), RULE), []);
  });

  test('is silent where volumes or mounts come through an alias or a merge key', () => {
    const anchored = statefulSet(dataDir.replace('volumeMounts:', 'volumeMounts: &mounts'));
    assert.equal(lint(anchored, RULE).length, 1, 'an anchor alone changes nothing');
    const merged = statefulSet(dataDir.replace('- name: db\n', '- <<: {name: db}\n'));
    assert.deepEqual(lint(merged, RULE), [], 'a merge key may bring in more mounts');
    const aliasedMounts = statefulSet(
      dataDir.replace('volumeMounts:', 'volumeMounts: &mounts') + '\n- name: replica\n  image: postgres\n  volumeMounts: *mounts',
    );
    assert.equal(lint(aliasedMounts.replace('*mounts', '[]'), RULE).length, 1, 'fires without the alias');
    assert.deepEqual(lint(aliasedMounts, RULE), [], 'what an alias brings in is not read, so nothing is claimed');
  });

  test('is silent where the emptyDir is unmounted, replaced by a claim template, or not in a StatefulSet', () => {
    const unmounted = dataDir.replace(/volumeMounts:[\s\S]*/, 'ports: [{containerPort: 5432}]');
    assert.deepEqual(lint(statefulSet(unmounted), RULE), []);
    const shadowed = statefulSet(dataDir, '  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce]}\n');
    assert.deepEqual(lint(shadowed, RULE), []);
    assert.deepEqual(lint(example('deployment-emptyDir.yaml'), RULE), []);
    assert.deepEqual(lint(example('sts-volume-template.yaml'), RULE), []);
    assert.deepEqual(lint(`{{- if .Values.enabled }}\n${statefulSet(dataDir)}{{- end }}\n`, RULE), []);
  });

  test('offers the unmounted claim template (preferred) and the conversion', () => {
    assert.deepEqual(fixesOf(example('sts-emptyDir.yaml'), RULE), [
      { title: "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'", preferred: true },
      { title: "Convert emptyDir 'empty-dir' to a volumeClaimTemplate", preferred: false },
    ]);
  });

  test('the preferred fix turns the seed into a StatefulSet that mounts sts-test at /test and has no emptyDir', () => {
    const before = example('sts-emptyDir.yaml');
    const after = applyFix(before, RULE, "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'");
    const expected = before
      .replace('      volumes:\n      - name: empty-dir\n        emptyDir: {}\n', '')
      .replace('            name: empty-dir', '            name: sts-test');
    assert.equal(after, expected);
    assert.deepEqual(lint(after), []);
  });

  test('with two emptyDirs holding data and one unused claim template, no pairing is preferred', () => {
    const two = dataDir.replace('- name: data\n  emptyDir: {}', '- name: data\n  emptyDir: {}\n- name: wal\n  emptyDir: {}')
      + '\n  - name: wal\n    mountPath: /var/lib/postgresql/wal';
    const text = statefulSet(two, '  volumeClaimTemplates:\n  - metadata: {name: pgdata}\n');
    assert.equal(lint(text, RULE).length, 2);
    assert.deepEqual(fixesOf(text, RULE).filter((f) => f.preferred), []);
  });

  test('with two unmounted claim templates, neither is preferred', () => {
    const text = statefulSet(dataDir, '  volumeClaimTemplates:\n  - metadata: {name: a}\n  - metadata: {name: b}\n');
    assert.deepEqual(
      fixesOf(text, RULE).map((f) => f.preferred),
      [false, false, false],
    );
  });

  test('conversion adds the claim template before `template:`, keeping comments (the removed volume\'s too), layout and line endings', () => {
    const before = statefulSet(dataDir.replace('emptyDir: {}', 'emptyDir: {}  # the data').replace('  - name: db\n', '  # the server\n  - name: db\n'))
      .replace('  template:\n', '  # pod template\n  template:\n');
    const after = applyFix(before, RULE, "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.equal(
      after,
      before
        .replace('      volumes:\n      - name: data\n        emptyDir: {}  # the data\n', '      # the data\n')
        .replace(
          '  # pod template\n',
          '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: ["ReadWriteOnce"]\n' +
            '      resources:\n        requests:\n          storage: 1Gi\n  # pod template\n',
        ),
    );
    const crlf = applyFix(before.replace(/\n/g, '\r\n'), RULE, "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.equal(crlf, after.replace(/\n/g, '\r\n'));
  });

  test('conversion appends to existing claim templates in the file\'s indentation and takes the size from sizeLimit or the setting', () => {
    const fourSpaces = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '    name: db',
      'spec:',
      '    volumeClaimTemplates:',
      '        - metadata:',
      '              name: logs',
      '    template:',
      '        spec:',
      '            volumes:',
      '                - name: data',
      '                  emptyDir:',
      '                      sizeLimit: 20Gi',
      '                - name: other',
      '                  emptyDir: {}',
      '            containers:',
      '                - name: db',
      '                  volumeMounts:',
      '                      - {name: data, mountPath: /data}',
      '                      - {name: logs, mountPath: /logs}',
      '',
    ].join('\n');
    const after = applyFix(fourSpaces, RULE, "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.equal(
      after,
      fourSpaces
        .replace('                - name: data\n                  emptyDir:\n                      sizeLimit: 20Gi\n', '')
        .replace(
          '              name: logs\n',
          '              name: logs\n        - metadata:\n              name: data\n          spec:\n' +
            '              accessModes: ["ReadWriteOnce"]\n              resources:\n                  requests:\n' +
            '                      storage: 20Gi\n',
        ),
    );
    const withSetting = applyFix(statefulSet(dataDir), RULE, "Convert emptyDir 'data' to a volumeClaimTemplate", toSettings({ defaultStorageRequest: '8Gi' }));
    assert.match(withSetting, /storage: 8Gi/);
  });

  test('fixes a StatefulSet inside a List in that List\'s indentation', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${example('sts-emptyDir.yaml').replace(/\n(?=.)/g, '\n  ')}\n`;
    const after = applyFix(list, RULE, "Convert emptyDir 'empty-dir' to a volumeClaimTemplate");
    assert.match(after, /\n {4}- metadata:\n {8}name: empty-dir\n {6}spec:\n/);
  });

  test('a manifest written as JSON is reported, but offered no fix rather than a risky rewrite', () => {
    const json = JSON.stringify(parse(example('sts-emptyDir.yaml')), null, 2);
    assert.deepEqual(lint(json, RULE).map((f) => f.text), ['"emptyDir"']);
    assert.deepEqual(fixesOf(json, RULE), []);
  });

  test('conversion handles flow-style volume lists', () => {
    const text = statefulSet(yaml`
      volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
      containers:
      - name: db
        image: db
        volumeMounts: [{name: data, mountPath: /data}, {name: cfg, mountPath: /etc/cfg}]`);
    const after = applyFix(text, RULE, "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.match(after, /volumes: \[\{name: cfg, configMap: \{name: cfg\}\}\]/);
  });
  test('the claim templates the fixes write ask for ReadWriteOnce, and the rule docs say why', () => {
    const after = applyFix(statefulSet(dataDir), RULE, "Convert emptyDir 'data' to a volumeClaimTemplate");
    assert.deepEqual(parse(after).spec.volumeClaimTemplates[0].spec.accessModes, ['ReadWriteOnce']);
    for (const rule of ['statefulset-emptydir', 'unknown-volume-mount', 'ephemeral-database-storage']) {
      const docs = readFileSync(`docs/rules/${rule}.md`, 'utf8');
      assert.match(docs, /supported only for CSI volumes, and a fix cannot know which provisioner/, rule);
      assert.match(docs, /\(\.\.\/kubernetes-facts\.md#quick-fix-access-mode\)/, rule);
    }
    assert.match(readFileSync('docs/kubernetes-facts.md', 'utf8'), /<a id="quick-fix-access-mode"><\/a>/);
  });
});
