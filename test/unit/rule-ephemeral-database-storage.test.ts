import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { toSettings } from '../../server/src/settings';
import { corpusRoot } from '../support/fixtures';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';
import { workload } from '../support/workloads';

const RULE = 'ephemeral-database-storage';

const postgresOnEmptyDir = yaml`
  volumes:
  - name: pgdata
    emptyDir: {}
  containers:
  - name: postgres
    image: postgres:17
    volumeMounts:
    - name: pgdata
      mountPath: /var/lib/postgresql/data
`;

const redisWithoutVolume = yaml`
  containers:
  - name: redis
    image: redis:7.2
    ports:
    - containerPort: 6379
`;

const spans = (text: string) => lint(text, RULE).map((f) => [f.line, f.column, f.text]);

describe(RULE, () => {
  test('fires on the mountPath of an emptyDir at the data directory, naming the server, the path and the emptyDir', () => {
    const text = workload('Deployment', postgresOnEmptyDir);
    const [finding, ...rest] = lint(text, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual([finding.line, finding.column, finding.text], [22, 22, '/var/lib/postgresql/data']);
    assert.equal(
      finding.message,
      "Container 'postgres' runs PostgreSQL, whose data directory is /var/lib/postgresql/data. The nearest volume " +
        "mounted at or above it is emptyDir 'pgdata', at /var/lib/postgresql/data: an emptyDir's files are deleted " +
        'when the Pod is removed from its node, for any reason (deleted, evicted or replaced by a rollout), so the data ' +
        'kept there does not outlive the Pod.',
    );
    assert.deepEqual(finding.related.map((r) => [r.line, r.text, r.message]), [[16, 'emptyDir', "emptyDir 'pgdata'"]]);
  });

  test('names the env var or flag that moved the data directory, and finds an emptyDir mounted above it', () => {
    const moved = workload('Deployment', yaml`
      volumes:
      - name: scratch
        emptyDir: {}
      containers:
      - name: postgres
        image: postgres:16
        env:
        - name: PGDATA
          value: /pg/data
        volumeMounts:
        - name: scratch
          mountPath: /pg
    `);
    const [finding] = lint(moved, RULE);
    assert.equal(finding.text, '/pg');
    assert.match(finding.message, /whose data directory is \/pg\/data \(set by PGDATA\)\. The nearest volume mounted at or above it is emptyDir 'scratch', at \/pg:/);
    assert.deepEqual(finding.related.map((r) => [r.text, r.message]), [
      ['emptyDir', "emptyDir 'scratch'"],
      ['/pg/data', 'PGDATA sets the data directory'],
    ]);
    const flag = workload('Deployment', yaml`
      volumes:
      - name: scratch
        emptyDir: {}
      containers:
      - name: mysql
        image: mysql:8.4
        args: ["--datadir=/scratch/mysql"]
        volumeMounts:
        - name: scratch
          mountPath: /scratch
    `);
    assert.match(lint(flag, RULE)[0].message, /runs MySQL, whose data directory is \/scratch\/mysql \(set by --datadir\)/);
    // A path segment is not a prefix: /datastore does not hold /data.
    const lookAlike = workload('Deployment', redisWithoutVolume.replace('    ports:', '    volumeMounts:\n    - {name: s, mountPath: /datastore}\n    ports:') + 'volumes:\n- name: s\n  emptyDir: {}\n');
    assert.match(lint(lookAlike, RULE)[0]?.message ?? '', /no volume is mounted there or above it/);
  });

  test('fires on the image when no volume holds the data directory: the container writes it into its own filesystem', () => {
    const text = workload('Pod', redisWithoutVolume);
    assert.deepEqual(spans(text), [[8, 12, 'redis:7.2']]);
    assert.equal(
      lint(text, RULE)[0].message,
      "Container 'redis' runs Redis, whose data directory is /data, and no volume is mounted there or above it: the " +
        'files are written inside the container (its writable layer, or a directory the container runtime creates for ' +
        'that container where the image declares a VOLUME). A container the kubelet restarts is a new container, ' +
        'started from the image without them, and so is every container of a new Pod.',
    );
  });

  test('fires in every kind that runs Pods, not in a PodTemplate', () => {
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']) {
      assert.equal(lint(workload(kind, redisWithoutVolume), RULE).length, 1, kind);
      assert.equal(lint(workload(kind, postgresOnEmptyDir), RULE).length, kind === 'StatefulSet' ? 0 : 1, kind);
    }
    assert.deepEqual(lint(workload('PodTemplate', redisWithoutVolume), RULE), []);
  });

  test('reads main containers and sidecars, not init steps', () => {
    const sidecar = yaml`
      initContainers:
      - name: cache
        image: valkey/valkey:8.0
        restartPolicy: Always
      containers:
      - name: app
        image: example/app:1
    `;
    assert.deepEqual(spans(workload('Deployment', sidecar)), [[16, 16, 'valkey/valkey:8.0']]);
    assert.deepEqual(lint(workload('Deployment', sidecar.replace(/\n *restartPolicy: Always/, '')), RULE), []);
  });

  test('fires on a generic ephemeral volume outside a StatefulSet: its claim is deleted with the Pod', () => {
    const ephemeral = yaml`
      volumes:
      - name: data
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
      containers:
      - name: mongo
        image: mongo:8
        volumeMounts:
        - name: data
          mountPath: /data/db
    `;
    const [finding] = lint(workload('Deployment', ephemeral), RULE);
    assert.equal(finding.text, '/data/db');
    assert.match(finding.message, /generic ephemeral volume 'data', at \/data\/db: its PersistentVolumeClaim is owned by the Pod and deleted with it/);
    // ephemeral-volume-in-statefulset reports it in a StatefulSet.
    assert.deepEqual(lint(workload('StatefulSet', ephemeral), RULE), []);
    assert.equal(lint(workload('StatefulSet', ephemeral), 'ephemeral-volume-in-statefulset').length, 1);
  });

  test('in a StatefulSet, stays silent on an emptyDir that statefulset-emptydir reports, fires on one it counts as scratch', () => {
    const sts = workload('StatefulSet', postgresOnEmptyDir);
    assert.deepEqual(lint(sts, RULE), []);
    assert.equal(lint(sts, 'statefulset-emptydir').length, 1);
    const memory = workload('StatefulSet', postgresOnEmptyDir.replace('emptyDir: {}', 'emptyDir: {medium: Memory}'));
    assert.deepEqual(lint(memory, 'statefulset-emptydir'), []);
    assert.deepEqual(spans(memory), [[23, 22, '/var/lib/postgresql/data']]);
    // NATS keeps JetStream under /tmp: a scratch path to statefulset-emptydir, data here.
    const nats = workload('StatefulSet', yaml`
      volumes:
      - name: tmp
        emptyDir: {}
      containers:
      - name: nats
        image: nats:2.11
        args: ["-js"]
        volumeMounts:
        - name: tmp
          mountPath: /tmp
    `);
    assert.deepEqual(lint(nats, 'statefulset-emptydir'), []);
    assert.match(lint(nats, RULE)[0].message, /runs NATS, whose data directory is \/tmp\/nats\/jetstream\. The nearest volume mounted at or above it is emptyDir 'tmp', at \/tmp:/);
  });

  test('says what it knows for a PostgreSQL image whose tag names no version', () => {
    const untagged = workload('Deployment', redisWithoutVolume.replace(/redis:7\.2/, 'postgres').replace(/redis/g, 'postgres'));
    assert.match(
      lint(untagged, RULE)[0].message,
      /whose data directory is \/var\/lib\/postgresql\/data in images up to PostgreSQL 17 and \/var\/lib\/postgresql\/<major>\/docker from 18 on \(the image tag names no version\), and no volume is mounted there or above it/,
    );
    const onEmptyDir = workload('Deployment', postgresOnEmptyDir.replace('postgres:17', 'postgres:alpine'));
    assert.match(lint(onEmptyDir, RULE)[0].message, /An image of PostgreSQL 18 or later does not start at all: with PGDATA at its default, its entrypoint stops when \/var\/lib\/postgresql\/data is a mount point\.$/);
    // A mount below /var/lib/postgresql may hold an 18+ layout's data: which directory is used is unknown.
    const ambiguous = workload('Deployment', postgresOnEmptyDir.replace('postgres:17', 'postgres').replace('/var/lib/postgresql/data', '/var/lib/postgresql/18/docker'));
    assert.deepEqual(lint(ambiguous, RULE), []);
  });

  test('is silent when the data directory is on a volume that outlives the Pod, or on a hostPath', () => {
    const claim = postgresOnEmptyDir.replace('emptyDir: {}', 'persistentVolumeClaim: {claimName: pg}');
    assert.deepEqual(lint(workload('Deployment', claim), RULE), []);
    assert.deepEqual(lint(workload('Deployment', postgresOnEmptyDir.replace('emptyDir: {}', 'nfs: {server: nfs, path: /pg}')), RULE), []);
    assert.deepEqual(lint(workload('Deployment', postgresOnEmptyDir.replace('emptyDir: {}', 'hostPath: {path: /srv/pg}')), RULE), []);
    assert.deepEqual(lint(workload('Deployment', postgresOnEmptyDir.replace('emptyDir: {}', 'csi: {driver: example.com/csi}')), RULE), []);
    // PostgreSQL 18 keeps its data below /var/lib/postgresql, where its image declares the volume.
    const v18 = workload('Deployment', claim.replace('postgres:17', 'postgres:18').replace('/var/lib/postgresql/data', '/var/lib/postgresql'));
    assert.deepEqual(lint(v18, RULE), []);
    const template = workload(
      'StatefulSet',
      'containers:\n- name: postgres\n  image: postgres:17\n  volumeMounts:\n  - {name: data, mountPath: /var/lib/postgresql}\n',
      'volumeClaimTemplates:\n- metadata: {name: data}\n  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n',
    );
    assert.deepEqual(lint(template, RULE), []);
  });

  test('is silent on clients, exporters, servers with persistence off and images it does not know', () => {
    const container = (image: string, more = '') => workload('Deployment', `containers:\n- name: c\n  image: ${image}\n${more}`);
    assert.deepEqual(lint(container('postgres:17', '  command: ["psql", "-h", "db"]\n'), RULE), []);
    assert.deepEqual(lint(container('prometheuscommunity/postgres-exporter:v0.15.0'), RULE), []);
    assert.deepEqual(lint(container('redis:7.2', '  args: ["--save", "", "--appendonly", "no"]\n'), RULE), []);
    assert.deepEqual(lint(container('redis:7.2', '  command: ["sleep", "infinity"]\n'), RULE), []);
    assert.deepEqual(lint(container('nginx:1.27'), RULE), []);
    // The Kubernetes project's own images under a server's name are built with their own configuration.
    assert.deepEqual(lint(container('registry.k8s.io/redis:v1'), RULE), []);
    assert.deepEqual(lint(container('gcr.io/google-samples/cassandra:v14'), RULE), []);
  });

  test('is silent when an input it cannot read may move the data directory', () => {
    const pg = (env: string, more = '') =>
      workload('Deployment', `containers:\n- name: postgres\n  image: postgres:17\n${more}  env:\n${env}`);
    assert.deepEqual(lint(pg('  - name: PGDATA\n    valueFrom: {configMapKeyRef: {name: pg, key: dir}}\n'), RULE), []);
    assert.deepEqual(lint(pg('  - name: PGDATA\n    value: $(BASE)/pgdata\n'), RULE), []);
    assert.deepEqual(lint(pg('  - name: X\n    value: y\n', '  envFrom:\n  - configMapRef: {name: pg}\n'), RULE), []);
    // A secret password changes nothing about where the data goes.
    assert.equal(lint(pg('  - name: POSTGRES_PASSWORD\n    valueFrom: {secretKeyRef: {name: pg, key: password}}\n'), RULE).length, 1);
    const redis = (args: string) => workload('Deployment', `containers:\n- name: redis\n  image: redis:7.2\n  args: ${args}\n`);
    assert.deepEqual(lint(redis('["--dir", "$(DATA_DIR)"]'), RULE), []);
    assert.deepEqual(lint(redis('["sh", "-c", "redis-server --dir $DIR"]'), RULE), []);
    assert.equal(lint(redis('["--requirepass", "$(REDIS_PASSWORD)"]'), RULE).length, 1);
    // Flags and config files the table does not read.
    const pgArgs = (args: string) => workload('Deployment', `containers:\n- name: postgres\n  image: postgres:17\n  args: ${args}\n`);
    assert.deepEqual(lint(pgArgs('["postgres", "-D", "/srv/pg"]'), RULE), []);
    assert.deepEqual(lint(pgArgs('["-c", "data_directory=/srv/pg"]'), RULE), []);
    assert.equal(lint(pgArgs('["-c", "max_connections=200"]'), RULE).length, 1);
  });

  test('with no volume at the data directory, is silent when the container writes to another volume or cannot write at all', () => {
    const elsewhere = workload('Deployment', yaml`
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: zk}
      - name: config
        configMap: {name: zk}
      containers:
      - name: zookeeper
        image: zookeeper:3.9
        volumeMounts:
        - {name: data, mountPath: /var/lib/zookeeper}
        - {name: config, mountPath: /conf}
    `);
    assert.deepEqual(lint(elsewhere, RULE), [], 'a mounted zoo.cfg may put dataDir on the claim');
    // Scratch and API content elsewhere say nothing about the data.
    const scratch = workload('Deployment', yaml`
      volumes:
      - name: run
        emptyDir: {}
      - name: config
        configMap: {name: my}
      containers:
      - name: mysql
        image: mysql:8.4
        volumeMounts:
        - {name: run, mountPath: /var/run/mysqld}
        - {name: config, mountPath: /etc/mysql/conf.d}
    `);
    assert.equal(lint(scratch, RULE).length, 1);
    const readOnly = workload('Deployment', 'containers:\n- name: redis\n  image: redis:7.2\n  securityContext: {readOnlyRootFilesystem: true}\n');
    assert.deepEqual(lint(readOnly, RULE), []);
    const readOnlyMount = workload('Deployment', postgresOnEmptyDir.replace('    mountPath: /var/lib/postgresql/data', '    mountPath: /var/lib/postgresql/data\n    readOnly: true'));
    assert.deepEqual(lint(readOnlyMount, RULE), []);
  });

  test('is silent on patches, fragments and aliases: a volume may come from elsewhere', () => {
    const patch = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: db
      spec:
        template:
          spec:
            containers:
            - name: redis
              image: redis:7.2
    `;
    assert.deepEqual(lint(patch, RULE), []);
    const aliased = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
      spec:
        volumes: &volumes
        - name: pgdata
          emptyDir: {}
        containers:
        - name: postgres
          image: postgres:17
          volumeMounts: *volumes
    `;
    assert.deepEqual(lint(aliased, RULE), []);
  });

  test('StatefulSet without a volume: mounts a new volumeClaimTemplate at the data directory', () => {
    const text = workload('StatefulSet', redisWithoutVolume);
    assert.deepEqual(fixesOf(text, RULE), [{ title: "Keep /data in a volumeClaimTemplate 'data'", preferred: true }]);
    const after = applyFix(text, RULE, "Keep /data in a volumeClaimTemplate 'data'", toSettings({ defaultStorageRequest: '8Gi' }));
    assert.equal(after, yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        selector:
          matchLabels:
            app: db
        volumeClaimTemplates:
        - metadata:
            name: data
          spec:
            accessModes: ["ReadWriteOnce"]
            resources:
              requests:
                storage: 8Gi
        template:
          metadata:
            labels:
              app: db
          spec:
            containers:
            - name: redis
              image: redis:7.2
              ports:
              - containerPort: 6379
              volumeMounts:
              - name: data
                mountPath: /data
    `);
  });

  test('StatefulSet without a volume: picks a free name and appends to existing lists', () => {
    const text = workload(
      'StatefulSet',
      yaml`
        volumes:
        - name: data
          configMap: {name: conf}
        containers:
        - name: mongo
          image: mongo:8
          volumeMounts:
          - name: data
            mountPath: /etc/mongo
      `,
      'volumeClaimTemplates:\n- metadata: {name: logs}\n  spec: {accessModes: [ReadWriteOnce]}\n',
    );
    const after = applyFix(text, RULE, "Keep /data/db in a volumeClaimTemplate 'data-2'");
    assert.equal(
      after,
      text
        .replace('  template:\n', '  - metadata:\n      name: data-2\n    spec:\n      accessModes: ["ReadWriteOnce"]\n      resources:\n        requests:\n          storage: 1Gi\n  template:\n')
        .replace('          mountPath: /etc/mongo\n', '          mountPath: /etc/mongo\n        - name: data-2\n          mountPath: /data/db\n'),
    );
  });

  test('StatefulSet running PostgreSQL: the new volume holds PGDATA in a subdirectory, not at its root (lost+found)', () => {
    const text = workload('StatefulSet', yaml`
      containers:
      - name: postgres
        image: postgres:17
        env:
        - name: POSTGRES_PASSWORD
          valueFrom:
            secretKeyRef: {name: pg, key: password}
    `);
    const after = applyFix(text, RULE, "Keep /var/lib/postgresql/data in a volumeClaimTemplate 'data'");
    assert.ok(
      after.endsWith(
        '            secretKeyRef: {name: pg, key: password}\n' +
          '        - name: PGDATA\n' +
          '          value: /var/lib/postgresql/data/pgdata\n' +
          '        volumeMounts:\n' +
          '        - name: data\n' +
          '          mountPath: /var/lib/postgresql/data\n',
      ),
      after,
    );
    assert.deepEqual(lint(after, 'data-dir-at-volume-root'), []);
    // PostgreSQL 18 declares its volume at /var/lib/postgresql: the claim goes there and PGDATA stays as it is.
    const v18 = applyFix(text.replace('postgres:17', 'postgres:18'), RULE, "Keep /var/lib/postgresql/18/docker in a volumeClaimTemplate 'data'");
    assert.ok(v18.endsWith("secretKeyRef: {name: pg, key: password}\n        volumeMounts:\n        - name: data\n          mountPath: /var/lib/postgresql\n"), v18);
  });

  test('StatefulSet with an emptyDir statefulset-emptydir leaves alone: converts it to a volumeClaimTemplate', () => {
    const text = workload('StatefulSet', postgresOnEmptyDir.replace('emptyDir: {}', 'emptyDir:\n    medium: Memory\n    sizeLimit: 2Gi'));
    const after = applyFix(text, RULE, "Keep /var/lib/postgresql/data in a volumeClaimTemplate 'pgdata'");
    assert.equal(
      after,
      workload(
        'StatefulSet',
        yaml`
          containers:
          - name: postgres
            image: postgres:17
            volumeMounts:
            - name: pgdata
              mountPath: /var/lib/postgresql/data
            env:
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
        `,
        'volumeClaimTemplates:\n- metadata:\n    name: pgdata\n  spec:\n    accessModes: ["ReadWriteOnce"]\n    resources:\n      requests:\n        storage: 2Gi\n',
      ),
    );
  });

  test('offers no fix outside a StatefulSet, nor where the layout is flow style', () => {
    assert.deepEqual(fixesOf(workload('Deployment', redisWithoutVolume), RULE), []);
    assert.deepEqual(fixesOf(workload('Deployment', postgresOnEmptyDir), RULE), []);
    const flow = workload('StatefulSet', 'containers:\n- {name: redis, image: "redis:7.2"}\n');
    assert.equal(lint(flow, RULE).length, 1);
    assert.deepEqual(fixesOf(flow, RULE), []);
  });

  test('over the shared corpus: fires on the two servers kept in a container, silent on every other database', { skip: !fs.existsSync(corpusRoot) && 'no corpus' }, () => {
    const files = (fs.readdirSync(corpusRoot, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort();
    const hits = files.flatMap((file) =>
      lint(fs.readFileSync(path.join(corpusRoot, file), 'utf8'))
        .filter((f) => f.ruleId === RULE || f.ruleId === 'data-dir-at-volume-root')
        .map((f) => `${file}:${f.line}:${f.column} ${f.ruleId} ${f.text}`),
    );
    assert.deepEqual(hits, [
      // mysql:latest with no volume: /var/lib/mysql stays in the container.
      'kubernetes-examples/_archived/javaee/mysql-pod.yaml:11:14 ephemeral-database-storage mysql:latest',
      // redis:7.2 with its default snapshots and no volume: /data stays in the container.
      'kubernetes-examples/web/guestbook-go/redis-master-controller.yaml:22:16 ephemeral-database-storage redis:7.2',
    ]);
  });
});
