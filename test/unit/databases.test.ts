// dataDirOf: which images run a well-known stateful server, where it keeps its data, what moves it, and when the
// container holds nothing (clients, exporters, other commands, persistence off). Sources: docs/database-data-dirs.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContainerFacts, dataDirOf, DataDir } from '../../server/src/model/databases';

interface Spec {
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: Record<string, string>;
}

function facts(image: string | undefined, spec: Spec = {}): ContainerFacts {
  return { image, command: spec.command ?? [], args: spec.args ?? [], env: new Map(Object.entries(spec.env ?? {})) };
}

function dirOf(image: string | undefined, spec?: Spec): DataDir | undefined {
  return dataDirOf(facts(image, spec));
}

function pathOf(image: string | undefined, spec?: Spec): string | undefined {
  return dirOf(image, spec)?.path;
}

describe('image names', () => {
  test('registry hosts, library/, tags and digests are ignored', () => {
    assert.equal(pathOf('docker.io/library/postgres:16-alpine'), '/var/lib/postgresql/data');
    assert.equal(pathOf('ghcr.io/foo/redis@sha256:0123456789abcdef'), '/data');
    assert.equal(pathOf('localhost:5000/mongo'), '/data/db');
    assert.equal(pathOf('localhost/mysql:8.4'), '/var/lib/mysql');
    assert.equal(pathOf('mirror.gcr.io/library/mariadb:11'), '/var/lib/mysql');
  });

  test('Bitnami images are told apart from the upstream ones, through mirrors too', () => {
    assert.equal(pathOf('bitnami/postgresql:15'), '/bitnami/postgresql/data');
    assert.equal(pathOf('harbor.example.com/dockerhub/bitnami/postgresql:15'), '/bitnami/postgresql/data');
    assert.equal(pathOf('docker.io/bitnamilegacy/mysql:8.0'), '/bitnami/mysql/data');
  });

  test('a Bitnami image of a server not covered here is left alone', () => {
    assert.equal(dirOf('bitnami/nats:2'), undefined);
    assert.equal(dirOf('bitnami/redis-cluster:7'), undefined);
    assert.equal(dirOf('bitnami/clickhouse:25'), undefined);
  });

  test('exporters are never matched', () => {
    for (const image of [
      'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
      'oliver006/redis_exporter:v1.62.0',
      'prom/mysqld-exporter',
      'percona/mongodb_exporter:0.40',
      'bitnami/postgres-exporter',
      'bitnami/redis-exporter',
    ]) {
      assert.equal(dirOf(image), undefined, image);
    }
  });

  test('unrelated images and a missing image are left alone', () => {
    assert.equal(dirOf('nginx:1.27'), undefined);
    assert.equal(dirOf('busybox'), undefined);
    assert.equal(dirOf(undefined), undefined);
    assert.equal(dirOf('wurstmeister/kafka'), undefined);
  });

  test('the result names the server and the source of its default path', () => {
    assert.deepEqual(dirOf('postgres:16'), {
      server: 'PostgreSQL',
      path: '/var/lib/postgresql/data',
      source: 'https://github.com/docker-library/docs/blob/master/postgres/content.md',
    });
  });
});

describe('PostgreSQL', () => {
  test('images before 18 keep PGDATA at /var/lib/postgresql/data', () => {
    assert.equal(pathOf('postgres:17'), '/var/lib/postgresql/data');
    assert.equal(pathOf('postgres:9.6'), '/var/lib/postgresql/data');
  });

  test('18 and later keep it at /var/lib/postgresql/<major>/docker', () => {
    assert.equal(pathOf('postgres:18'), '/var/lib/postgresql/18/docker');
    assert.equal(pathOf('postgres:18.1-alpine3.22'), '/var/lib/postgresql/18/docker');
    assert.equal(pathOf('postgres:19-trixie'), '/var/lib/postgresql/19/docker');
  });

  test('a tag without a major version gets the pre-18 path', () => {
    assert.equal(pathOf('postgres'), '/var/lib/postgresql/data');
    assert.equal(pathOf('postgres:latest'), '/var/lib/postgresql/data');
    assert.equal(pathOf('postgres:alpine'), '/var/lib/postgresql/data');
    assert.equal(pathOf('postgres@sha256:0123456789abcdef'), '/var/lib/postgresql/data');
  });

  test('PGDATA moves it', () => {
    const dir = dirOf('postgres:16', { env: { PGDATA: '/var/lib/postgresql/data/pgdata' } });
    assert.equal(dir?.path, '/var/lib/postgresql/data/pgdata');
    assert.equal(dir?.movedBy, 'PGDATA');
  });

  test('Bitnami: /bitnami/postgresql/data, moved by POSTGRESQL_DATA_DIR or PGDATA', () => {
    assert.equal(pathOf('bitnami/postgresql:17'), '/bitnami/postgresql/data');
    assert.equal(dirOf('bitnami/postgresql', { env: { POSTGRESQL_DATA_DIR: '/pg' } })?.movedBy, 'POSTGRESQL_DATA_DIR');
    assert.equal(pathOf('bitnami/postgresql', { env: { PGDATA: '/pg/data/' } }), '/pg/data');
  });
});

describe('MySQL and MariaDB', () => {
  test('/var/lib/mysql, moved by --datadir', () => {
    assert.equal(pathOf('mysql:8.4'), '/var/lib/mysql');
    assert.equal(pathOf('mysql:8.4', { args: ['--datadir=/srv/mysql'] }), '/srv/mysql');
    const dir = dirOf('mariadb:11.8', { command: ['mariadbd'], args: ['--datadir', '/srv/mariadb'] });
    assert.equal(dir?.path, '/srv/mariadb');
    assert.equal(dir?.movedBy, '--datadir');
  });

  test('a data path named mysql is not the mysql client', () => {
    assert.equal(pathOf('mysql:8.4', { args: ['mysqld', '--datadir', '/var/lib/mysql'] }), '/var/lib/mysql');
    assert.equal(pathOf('mysql:8.4', { args: ['--datadir', '/var/lib/mysql'] }), '/var/lib/mysql');
  });

  test('Bitnami: /bitnami/mysql/data and /bitnami/mariadb/data', () => {
    assert.equal(pathOf('bitnami/mysql:8.4'), '/bitnami/mysql/data');
    assert.equal(pathOf('bitnami/mariadb:11.4'), '/bitnami/mariadb/data');
  });
});

describe('MongoDB', () => {
  test('/data/db, moved by --dbpath', () => {
    assert.equal(pathOf('mongo:8'), '/data/db');
    assert.equal(dirOf('mongo:8', { args: ['--dbpath', '/srv/mongo'] })?.movedBy, '--dbpath');
    assert.equal(pathOf('mongo:8', { command: ['mongod'], args: ['--dbpath=/srv/mongo'] }), '/srv/mongo');
  });

  test('a config server defaults to /data/configdb', () => {
    assert.equal(pathOf('mongo:8', { args: ['--configsvr', '--replSet', 'cfg'] }), '/data/configdb');
  });

  test('a config file may set the path: not guessed', () => {
    assert.equal(dirOf('mongo:8', { args: ['--config', '/etc/mongod.conf'] }), undefined);
  });

  test('a replica set named mongo is not the mongo shell', () => {
    assert.equal(pathOf('mongo:8', { command: ['mongod'], args: ['--replSet', 'mongo'] }), '/data/db');
  });

  test('Bitnami: /bitnami/mongodb/data', () => {
    assert.equal(pathOf('bitnami/mongodb:8.0'), '/bitnami/mongodb/data');
  });
});

describe('Redis and Valkey', () => {
  test('/data, moved by --dir', () => {
    assert.equal(pathOf('redis:7.4'), '/data');
    assert.equal(pathOf('redis:7.4', { args: ['redis-server', '--appendonly', 'yes'] }), '/data');
    const dir = dirOf('redis:7.4', { command: ['redis-server'], args: ['--dir', '/srv/redis'] });
    assert.equal(dir?.path, '/srv/redis');
    assert.equal(dir?.movedBy, '--dir');
  });

  test('persistence off: --save "" with the append-only file off', () => {
    assert.equal(dirOf('redis:7.4', { args: ['--save', '', '--appendonly', 'no'] }), undefined);
    assert.equal(dirOf('redis:7.4', { command: ['redis-server'], args: ['--save', '""'] }), undefined);
    assert.equal(dirOf('redis', { command: ['sh', '-c', "exec redis-server --save '' --appendonly no"] }), undefined);
  });

  test('persistence on: snapshots off but the append-only file on, or save points set again', () => {
    assert.equal(pathOf('redis:7.4', { args: ['--save', '', '--appendonly', 'yes'] }), '/data');
    assert.equal(pathOf('redis:7.4', { args: ['--save', '', '--save', '60', '1'] }), '/data');
  });

  test('a config file may set either: not guessed', () => {
    assert.equal(dirOf('redis:7.4', { args: ['redis-server', '/usr/local/etc/redis/redis.conf'] }), undefined);
  });

  test('Valkey reads VALKEY_EXTRA_FLAGS too', () => {
    assert.equal(pathOf('valkey/valkey:8.1'), '/data');
    assert.equal(dirOf('valkey/valkey:8.1', { env: { VALKEY_EXTRA_FLAGS: '--save "" --appendonly no' } }), undefined);
  });

  test('Bitnami: /bitnami/<name>/data, off with AOF disabled and the RDB policy disabled', () => {
    assert.equal(pathOf('bitnami/redis:7.4'), '/bitnami/redis/data');
    assert.equal(pathOf('bitnami/valkey:8.1'), '/bitnami/valkey/data');
    assert.equal(pathOf('bitnami/redis:7.4', { env: { REDIS_AOF_ENABLED: 'no' } }), '/bitnami/redis/data');
    const off = { REDIS_AOF_ENABLED: 'no', REDIS_RDB_POLICY_DISABLED: 'yes' };
    assert.equal(dirOf('bitnami/redis:7.4', { env: off }), undefined);
    const valkeyOff = { VALKEY_AOF_ENABLED: 'no', VALKEY_RDB_POLICY_DISABLED: 'true' };
    assert.equal(dirOf('bitnami/valkey', { env: valkeyOff }), undefined);
  });
});

describe('Elasticsearch and OpenSearch', () => {
  test('/usr/share/<name>/data', () => {
    assert.equal(pathOf('docker.elastic.co/elasticsearch/elasticsearch:9.2.4'), '/usr/share/elasticsearch/data');
    assert.equal(pathOf('elasticsearch:8.19.0'), '/usr/share/elasticsearch/data');
    assert.equal(pathOf('opensearchproject/opensearch:3'), '/usr/share/opensearch/data');
  });

  test('path.data moves it, as an env var or an -E setting', () => {
    const image = 'docker.elastic.co/elasticsearch/elasticsearch:9.2.4';
    assert.equal(dirOf(image, { env: { 'path.data': '/es' } })?.movedBy, 'path.data');
    assert.equal(dirOf(image, { env: { ES_SETTING_PATH_DATA: '/es' } })?.movedBy, 'ES_SETTING_PATH_DATA');
    assert.equal(pathOf(image, { args: ['eswrapper', '-Epath.data=/es'] }), '/es');
    assert.equal(pathOf('opensearchproject/opensearch:3', { args: ['opensearch', '-E', 'path.data=/os'] }), '/os');
  });

  test('Bitnami: /bitnami/<name>/data', () => {
    assert.equal(pathOf('bitnami/elasticsearch:9'), '/bitnami/elasticsearch/data');
    assert.equal(pathOf('bitnami/opensearch:3'), '/bitnami/opensearch/data');
  });
});

describe('Cassandra and ZooKeeper', () => {
  test('Cassandra: /var/lib/cassandra; Bitnami /bitnami/cassandra/data', () => {
    assert.equal(pathOf('cassandra:5.0'), '/var/lib/cassandra');
    assert.equal(pathOf('bitnami/cassandra:5.0'), '/bitnami/cassandra/data');
  });

  test('ZooKeeper: /data, moved by ZOO_DATA_DIR; Bitnami /bitnami/zookeeper/data', () => {
    assert.equal(pathOf('zookeeper:3.9'), '/data');
    assert.equal(dirOf('zookeeper:3.9', { env: { ZOO_DATA_DIR: '/zk' } })?.movedBy, 'ZOO_DATA_DIR');
    assert.equal(pathOf('bitnami/zookeeper:3.9'), '/bitnami/zookeeper/data');
  });
});

describe('Kafka', () => {
  test('apache/kafka: /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise', () => {
    assert.equal(pathOf('apache/kafka:4.0.0'), '/tmp/kraft-combined-logs');
    assert.equal(pathOf('apache/kafka-native:4.0.0'), '/tmp/kraft-combined-logs');
    const dir = dirOf('apache/kafka:4.0.0', { env: { KAFKA_LOG_DIRS: '/var/lib/kafka/data,/var/lib/kafka/data2' } });
    assert.equal(dir?.path, '/var/lib/kafka/data');
    assert.equal(dir?.movedBy, 'KAFKA_LOG_DIRS');
  });

  test('Confluent: /var/lib/kafka/data', () => {
    assert.equal(pathOf('confluentinc/cp-kafka:7.9.0'), '/var/lib/kafka/data');
    assert.equal(pathOf('confluentinc/cp-server:7.9.0', { env: { KAFKA_LOG_DIRS: '/kafka' } }), '/kafka');
  });

  test('Bitnami: /bitnami/kafka/data, moved by KAFKA_CFG_LOG_DIRS', () => {
    assert.equal(pathOf('bitnami/kafka:4.0'), '/bitnami/kafka/data');
    assert.equal(pathOf('bitnami/kafka:4.0', { env: { KAFKA_CFG_LOG_DIRS: '/kafka/logs' } }), '/kafka/logs');
  });
});

describe('etcd', () => {
  test('<name>.etcd in /var/lib/etcd, the working directory of etcd images', () => {
    assert.equal(pathOf('quay.io/coreos/etcd:v3.5.17'), '/var/lib/etcd/default.etcd');
    const named = { command: ['etcd', '--name', 'infra0'] };
    assert.equal(pathOf('gcr.io/etcd-development/etcd:v3.6.4', named), '/var/lib/etcd/infra0.etcd');
  });

  test('--data-dir and ETCD_DATA_DIR move it, the flag first', () => {
    const image = 'gcr.io/etcd-development/etcd:v3.6.4';
    const command = ['/usr/local/bin/etcd', '--data-dir=/etcd-data'];
    const dir = dirOf(image, { command, env: { ETCD_DATA_DIR: '/x' } });
    assert.equal(dir?.path, '/etcd-data');
    assert.equal(dir?.movedBy, '--data-dir');
    assert.equal(dirOf(image, { env: { ETCD_DATA_DIR: '/etcd-data' } })?.movedBy, 'ETCD_DATA_DIR');
  });

  test('the Kubernetes build works in /', () => {
    const image = 'registry.k8s.io/etcd:3.5.21-0';
    assert.equal(pathOf(image, { command: ['etcd', '--data-dir=/var/lib/etcd'] }), '/var/lib/etcd');
    assert.equal(pathOf(image, { command: ['etcd'] }), '/default.etcd');
  });

  test('Bitnami: /bitnami/etcd/data, which its scripts set whatever ETCD_DATA_DIR says', () => {
    assert.equal(pathOf('bitnami/etcd:3.6', { env: { ETCD_DATA_DIR: '/x' } }), '/bitnami/etcd/data');
  });
});

describe('RabbitMQ', () => {
  test('/var/lib/rabbitmq/mnesia, moved by RABBITMQ_MNESIA_DIR or RABBITMQ_MNESIA_BASE', () => {
    assert.equal(pathOf('rabbitmq:4-management'), '/var/lib/rabbitmq/mnesia');
    assert.equal(dirOf('rabbitmq:4', { env: { RABBITMQ_MNESIA_BASE: '/mq' } })?.movedBy, 'RABBITMQ_MNESIA_BASE');
    assert.equal(pathOf('bitnami/rabbitmq:4.1'), '/bitnami/rabbitmq/mnesia');
  });
});

describe('MinIO', () => {
  test('the path given to `minio server`', () => {
    assert.equal(pathOf('minio/minio', { args: ['server', '/data', '--console-address', ':9001'] }), '/data');
    const image = 'quay.io/minio/minio:RELEASE.2025-06-13T11-33-47Z';
    assert.equal(pathOf(image, { command: ['minio', 'server', '/export'] }), '/export');
    assert.equal(pathOf('minio/minio', { args: ['server', '--certs-dir', '/certs', '--quiet', '/data'] }), '/data');
  });

  test('MINIO_VOLUMES takes precedence', () => {
    const dir = dirOf('minio/minio', { args: ['server', '/data'], env: { MINIO_VOLUMES: '/mnt/data' } });
    assert.equal(dir?.path, '/mnt/data');
    assert.equal(dir?.movedBy, 'MINIO_VOLUMES');
  });

  test('no server, or drives expanded from {1...n}: nothing to report', () => {
    assert.equal(dirOf('minio/minio'), undefined);
    assert.equal(dirOf('minio/minio', { args: ['server', '--config', '/etc/minio/config.yaml'] }), undefined);
    assert.equal(dirOf('minio/minio', { args: ['server', 'http://minio-{0...3}.minio.svc/data{0...1}'] }), undefined);
  });

  test('Bitnami: /bitnami/minio/data, moved by MINIO_DATA_DIR', () => {
    assert.equal(pathOf('bitnami/minio:2025'), '/bitnami/minio/data');
    assert.equal(pathOf('bitnami/minio:2025', { env: { MINIO_DATA_DIR: '/minio' } }), '/minio');
  });
});

describe('InfluxDB', () => {
  test('1.x: /var/lib/influxdb; 2.x: /var/lib/influxdb2, moved by the engine path', () => {
    assert.equal(pathOf('influxdb:1.11'), '/var/lib/influxdb');
    assert.equal(pathOf('influxdb:2.7-alpine'), '/var/lib/influxdb2');
    assert.equal(dirOf('influxdb:2.7', { env: { INFLUXD_ENGINE_PATH: '/engine' } })?.movedBy, 'INFLUXD_ENGINE_PATH');
  });

  test('3.x and tags without a version are left alone', () => {
    assert.equal(dirOf('influxdb:3-core'), undefined);
    assert.equal(dirOf('influxdb:latest'), undefined);
  });

  test('Bitnami: /bitnami/influxdb', () => {
    assert.equal(pathOf('bitnami/influxdb:2'), '/bitnami/influxdb');
  });
});

describe('ClickHouse, Neo4j, CouchDB', () => {
  test('ClickHouse: /var/lib/clickhouse', () => {
    assert.equal(pathOf('clickhouse/clickhouse-server:25.3'), '/var/lib/clickhouse');
    assert.equal(pathOf('clickhouse:25.8'), '/var/lib/clickhouse');
  });

  test('Neo4j: /data, moved by NEO4J_server_directories_data', () => {
    assert.equal(pathOf('neo4j:5'), '/data');
    assert.equal(pathOf('neo4j:5', { env: { NEO4J_server_directories_data: '/graph' } }), '/graph');
  });

  test('CouchDB: /opt/couchdb/data; Bitnami /bitnami/couchdb/data', () => {
    assert.equal(pathOf('couchdb:3'), '/opt/couchdb/data');
    assert.equal(pathOf('bitnami/couchdb:3'), '/bitnami/couchdb/data');
  });
});

describe('NATS', () => {
  test('only with JetStream, in a temp directory unless -sd moves it', () => {
    assert.equal(dirOf('nats:2.11'), undefined);
    assert.equal(pathOf('nats:2.11', { args: ['-js'] }), '/tmp/nats/jetstream');
    assert.equal(pathOf('nats:2.11', { args: ['-js', '-sd', '/data'] }), '/data');
    const command = ['nats-server', '--jetstream', '--store_dir=/data'];
    assert.equal(dirOf('nats:2.11', { command })?.movedBy, '--store_dir');
  });

  test('the nats CLI and nats-box hold nothing', () => {
    assert.equal(dirOf('nats:2.11', { command: ['nats', 'stream', 'ls'] }), undefined);
    assert.equal(dirOf('natsio/nats-box:0.18'), undefined);
  });
});

describe('clients and other commands', () => {
  test('a client as the command, directly or in a shell line', () => {
    assert.equal(dirOf('postgres:16', { command: ['psql', '-h', 'db', '-c', 'select 1'] }), undefined);
    const dump = 'pg_dump -h db app | gzip > /backup/app.sql.gz';
    assert.equal(dirOf('postgres:16', { command: ['sh', '-c', dump] }), undefined);
    const wait = 'until pg_isready -h db; do sleep 1; done';
    assert.equal(dirOf('postgres:16', { command: ['sh', '-c'], args: [wait] }), undefined);
    assert.equal(dirOf('postgres:16', { command: ['env', 'PGPASSWORD=secret', '/usr/bin/pg_dumpall'] }), undefined);
    assert.equal(dirOf('mysql:8.4', { args: ['mysqldump', '-h', 'db', 'app'] }), undefined);
    assert.equal(dirOf('mariadb:11.8', { command: ['mariadb-dump', '--all-databases'] }), undefined);
    assert.equal(dirOf('redis:7.4', { command: ['redis-cli', '-h', 'redis', 'ping'] }), undefined);
    assert.equal(dirOf('mongo:8', { command: ['mongosh', '--eval', 'db.ping()'] }), undefined);
    assert.equal(dirOf('mongo:8', { args: ['mongo', '--host', 'db'] }), undefined);
    assert.equal(dirOf('mongo:8', { command: ['mongodump', '--out', '/backup'] }), undefined);
    const snapshot = ['etcdctl', 'snapshot', 'save', '/backup/snapshot.db'];
    assert.equal(dirOf('quay.io/coreos/etcd:v3.5.17', { command: snapshot }), undefined);
    assert.equal(dirOf('cassandra:5.0', { command: ['cqlsh', 'cassandra'] }), undefined);
    assert.equal(dirOf('apache/kafka:4.0.0', { command: ['/opt/kafka/bin/kafka-topics.sh', '--list'] }), undefined);
    assert.equal(dirOf('minio/minio', { command: ['mc', 'mirror', 'local/a', 'local/b'] }), undefined);
  });

  test('a command that is not the server', () => {
    assert.equal(dirOf('postgres:16', { command: ['sleep', 'infinity'] }), undefined);
    assert.equal(dirOf('postgres:16', { args: ['sleep', 'infinity'] }), undefined);
    assert.equal(dirOf('mongo:8', { command: ['mongos', '--configdb', 'cfg/db:27019'] }), undefined);
  });

  test('a command that starts the server', () => {
    const pgdata = '/var/lib/postgresql/data';
    assert.equal(pathOf('postgres:16', { command: ['postgres', '-c', 'max_connections=200'] }), pgdata);
    assert.equal(pathOf('postgres:16', { command: ['docker-entrypoint.sh'], args: ['postgres'] }), pgdata);
    assert.equal(pathOf('postgres:16', { args: ['-c', 'shared_buffers=256MB'] }), pgdata);
    assert.equal(pathOf('redis:7.4', { command: ['/bin/sh', '-c', 'exec redis-server --appendonly yes'] }), '/data');
    const script = '/opt/bitnami/scripts/postgresql/run.sh';
    assert.equal(pathOf('bitnami/postgresql:17', { command: [script] }), '/bitnami/postgresql/data');
  });
});
