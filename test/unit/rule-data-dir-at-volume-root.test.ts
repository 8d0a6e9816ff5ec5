import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';
import { workload } from '../support/workloads';

const RULE = 'data-dir-at-volume-root';

const claimTemplate = 'volumeClaimTemplates:\n- metadata:\n    name: data\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources:\n      requests:\n        storage: 1Gi\n';

/** A StatefulSet running `image` with its claim template `data` mounted at `mountPath`. */
function statefulSet(image: string, mountPath: string, more = ''): string {
  return workload(
    'StatefulSet',
    `containers:\n- name: postgres\n  image: ${image}\n${more}  volumeMounts:\n  - name: data\n    mountPath: ${mountPath}\n`,
    claimTemplate,
  );
}

const onClaim = yaml`
  volumes:
  - name: pgdata
    persistentVolumeClaim:
      claimName: postgres-data
  containers:
  - name: postgres
    image: postgres:16-alpine
    volumeMounts:
    - name: pgdata
      mountPath: /var/lib/postgresql/data
`;

/** The Deployment-ready pod spec with the claim replaced by another volume source. */
const withSource = (source: string) => onClaim.replace(/persistentVolumeClaim:\n\s+claimName: postgres-data/, source);

describe(RULE, () => {
  test('fires on the mountPath of a claim template mounted at PostgreSQL’s data directory itself', () => {
    const text = statefulSet('postgres:17', '/var/lib/postgresql/data');
    const [finding, ...rest] = lint(text, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual([finding.line, finding.column, finding.text], [28, 22, '/var/lib/postgresql/data']);
    assert.equal(
      finding.message,
      "volumeClaimTemplate 'data' is mounted at /var/lib/postgresql/data, which is PostgreSQL's data directory " +
        'itself. When the volume\'s filesystem is ext2, ext3 or ext4, a new one holds a lost+found directory at its ' +
        'root, and initdb refuses to initialise a directory that is not empty ("It contains a lost+found directory, ' +
        'perhaps due to it being a mount point."): the container exits at its first start. Point PGDATA at a ' +
        'subdirectory of the volume, such as /var/lib/postgresql/data/pgdata.',
    );
    assert.deepEqual(finding.related.map((r) => [r.line, r.text, r.message]), [[27, 'data', "mounted by container 'postgres'"]]);
  });

  test('fires on a persistentVolumeClaim or generic ephemeral volume, in every kind that runs Pods', () => {
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']) {
      const [finding] = lint(workload(kind, onClaim), RULE);
      assert.match(finding?.message ?? '', /^volume 'pgdata' \(PersistentVolumeClaim 'postgres-data'\) is mounted at \/var\/lib\/postgresql\/data/, kind);
    }
    assert.deepEqual(lint(workload('PodTemplate', onClaim), RULE), []);
    const ephemeral = withSource('ephemeral:\n    volumeClaimTemplate:\n      spec: {accessModes: [ReadWriteOnce]}');
    assert.match(lint(workload('Deployment', ephemeral), RULE)[0].message, /^generic ephemeral volume 'pgdata' is mounted at/);
  });

  test('fires where PGDATA names the mount point, and for the data directory of PostgreSQL 18 images', () => {
    const moved = statefulSet('postgres', '/pgdata', '  env:\n  - name: PGDATA\n    value: /pgdata\n');
    const [finding] = lint(moved, RULE);
    assert.match(finding.message, /is mounted at \/pgdata, which is PostgreSQL's data directory itself \(set by PGDATA\)\./);
    assert.deepEqual(finding.related.map((r) => [r.text, r.message]), [
      ['data', "mounted by container 'postgres'"],
      ['/pgdata', 'PGDATA sets the data directory'],
    ]);
    assert.equal(lint(statefulSet('postgres:18.1-trixie', '/var/lib/postgresql/18/docker'), RULE).length, 1);
  });

  test('is silent when the data directory is below the mount point, or the mount has a subPath', () => {
    assert.deepEqual(lint(statefulSet('postgres:17', '/var/lib/postgresql/data', '  env:\n  - name: PGDATA\n    value: /var/lib/postgresql/data/pgdata\n'), RULE), []);
    assert.deepEqual(lint(statefulSet('postgres:18', '/var/lib/postgresql'), RULE), []);
    const subPath = statefulSet('postgres:17', '/var/lib/postgresql/data').replace('    mountPath: /var/lib/postgresql/data\n', '    mountPath: /var/lib/postgresql/data\n          subPath: pgdata\n');
    assert.match(subPath, /subPath: pgdata/);
    assert.deepEqual(lint(subPath, RULE), []);
  });

  test('is silent where no source confirms the refusal, or the volume is not a new claim', () => {
    // No version in the tag and PGDATA unset: an 18+ image keeps its data elsewhere (and fails for another reason).
    for (const image of ['postgres', 'postgres:latest', 'postgres:alpine', 'postgres@sha256:0123']) {
      assert.deepEqual(lint(statefulSet(image, '/var/lib/postgresql/data'), RULE), [], image);
    }
    // MySQL's --initialize skips lost+found since 8.0; Bitnami's scripts were not read.
    assert.deepEqual(lint(statefulSet('mysql:8.4', '/var/lib/mysql'), RULE), []);
    assert.deepEqual(lint(statefulSet('bitnami/postgresql:17', '/bitnami/postgresql/data'), RULE), []);
    assert.deepEqual(lint(workload('Deployment', withSource('emptyDir: {}')), RULE), []);
    assert.deepEqual(lint(workload('Deployment', withSource('hostPath: {path: /srv/pg}')), RULE), []);
    assert.deepEqual(lint(workload('Deployment', onClaim.replace(/\n( +)mountPath: \/var\/lib\/postgresql\/data/, '\n$1mountPath: /var/lib/postgresql/data\n$1readOnly: true')), RULE), []);
    assert.deepEqual(lint(statefulSet('postgres:17', '/var/lib/postgresql/data', '  command: ["psql"]\n'), RULE), []);
    const fromSecret = statefulSet('postgres:17', '/var/lib/postgresql/data', '  env:\n  - name: PGDATA\n    valueFrom: {configMapKeyRef: {name: pg, key: dir}}\n');
    assert.deepEqual(lint(fromSecret, RULE), []);
    const patch = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n      - name: postgres\n        image: postgres:17\n        volumeMounts:\n        - {name: data, mountPath: /var/lib/postgresql/data}\n';
    assert.deepEqual(lint(patch, RULE), []);
  });

  test('fix: adds PGDATA, creating env when there is none', () => {
    const text = statefulSet('postgres:17', '/var/lib/postgresql/data');
    assert.deepEqual(fixesOf(text, RULE), [{ title: 'Set PGDATA to /var/lib/postgresql/data/pgdata', preferred: true }]);
    const after = applyFix(text, RULE, 'Set PGDATA to /var/lib/postgresql/data/pgdata');
    assert.equal(
      after,
      text.replace(
        '        mountPath: /var/lib/postgresql/data\n',
        '        mountPath: /var/lib/postgresql/data\n        env:\n        - name: PGDATA\n          value: /var/lib/postgresql/data/pgdata\n',
      ),
    );
    assert.deepEqual(lint(after, 'ephemeral-database-storage'), []);
  });

  test('fix: appends to env, or changes PGDATA where it names the mount point, keeping its quotes', () => {
    const withEnv = statefulSet('postgres:17', '/var/lib/postgresql/data', '  env:\n  - name: POSTGRES_DB\n    value: app # the database\n');
    assert.equal(
      applyFix(withEnv, RULE, 'Set PGDATA to /var/lib/postgresql/data/pgdata'),
      withEnv.replace('# the database\n', '# the database\n        - name: PGDATA\n          value: /var/lib/postgresql/data/pgdata\n'),
    );
    const quoted = statefulSet('postgres:17', '/srv/pg', "  env:\n  - name: PGDATA\n    value: '/srv/pg'\n");
    assert.equal(applyFix(quoted, RULE, 'Set PGDATA to /srv/pg/pgdata'), quoted.replace("value: '/srv/pg'", "value: '/srv/pg/pgdata'"));
    const plain = quoted.replace("'/srv/pg'", '/srv/pg');
    assert.equal(applyFix(plain, RULE, 'Set PGDATA to /srv/pg/pgdata'), plain.replace('value: /srv/pg\n', 'value: /srv/pg/pgdata\n'));
  });

  test('fix: not offered on a flow-style env list or container', () => {
    const flowEnv = statefulSet('postgres:17', '/var/lib/postgresql/data', '  env: [{name: POSTGRES_DB, value: app}]\n');
    assert.equal(lint(flowEnv, RULE).length, 1);
    assert.deepEqual(fixesOf(flowEnv, RULE), []);
    const flowContainer = workload(
      'StatefulSet',
      'containers:\n- {name: postgres, image: "postgres:17", volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]}\n',
      claimTemplate,
    );
    assert.equal(lint(flowContainer, RULE).length, 1);
    assert.deepEqual(fixesOf(flowContainer, RULE), []);
  });
});
