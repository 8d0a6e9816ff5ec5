// Where well-known stateful servers keep their data inside their container images, and what moves it.
// Every path, variable and flag here is cited in docs/database-data-dirs.md: keep the two in step.

/** What the pod spec says about one container, with literal env values only (valueFrom entries absent). */
export interface ContainerFacts {
  readonly image?: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: ReadonlyMap<string, string>;
}

/** The directory a stateful server writes its data to. */
export interface DataDir {
  /** Display name, e.g. "PostgreSQL". */
  readonly server: string;
  /** Absolute data directory in the container. */
  readonly path: string;
  /** The env var or flag that set the path, when it is not the image default, e.g. "PGDATA". */
  readonly movedBy?: string;
  /** URL of the image docs, Dockerfile or server docs that state the default path. */
  readonly source: string;
}

/** What a server's data directory depends on. */
interface Run {
  /** Shell words of command + args, with the scripts passed to `sh -c` split too. */
  readonly words: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly host?: string;
  readonly tag?: string;
}

interface Location {
  readonly path: string;
  readonly movedBy?: string;
}

interface Server {
  readonly name: string;
  /**
   * Executables that start the server: a bare name matches a word's basename, a path matches the word exactly, and a
   * path ending in `/` matches any word under it.
   */
  readonly runs: readonly string[];
  /** Client tools shipped in the same image: a container running one of them holds no data. */
  readonly clients: readonly string[];
}

interface Image extends Server {
  /** Repository paths, matched against the end of the image's repository (so mirrors and registries match too). */
  readonly images: readonly string[];
  /** Bitnami images keep data under /bitnami and are told apart from the upstream images of the same name. */
  readonly bitnami: boolean;
  readonly source: string;
  /** The data directory, or undefined when the server keeps nothing on disk or its configuration cannot be read. */
  readonly dir: (run: Run) => Location | undefined;
}

const BITNAMI_NAMESPACES = new Set(['bitnami', 'bitnamilegacy']);

// Words after which the next word is the program a shell line runs.
const COMMAND_LEADS = new Set([
  ';', '&&', '||', '|', '&', '(', ')', '`', '$(', '-c', '--', '!', 'do', 'then', 'else', 'if', 'while', 'until', 'exec',
  'time', 'nohup', 'env', 'sudo', 'tini', 'dumb-init', 'docker-entrypoint.sh',
]);

const ASSIGNMENT = /^\w+=/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/s, '$2');
}

/** The shell words of a command line; an empty argument stays one empty word (`--save ""`). */
function wordsOf(argv: readonly string[]): string[] {
  return argv.flatMap((arg) =>
    arg.trim() === '' ? [''] : arg.replace(/(\|\||&&|\$\(|[;|&()`])/g, ' $1 ').trim().split(/\s+/).map(unquote),
  );
}

/**
 * The programs a command line runs: its first word, and the first word after each operator or wrapper. A flag there
 * means the words are arguments (`--datadir /var/lib/mysql` names no program).
 */
function programsOf(words: readonly string[]): string[] {
  const programs: string[] = [];
  let lead = true;
  for (const word of words) {
    if (COMMAND_LEADS.has(basename(word))) lead = true;
    else if (lead && !ASSIGNMENT.test(word)) {
      if (!word.startsWith('-')) programs.push(basename(word));
      lead = false;
    }
  }
  return programs;
}

function startsServer(run: string, word: string): boolean {
  if (run.endsWith('/')) return word.startsWith(run);
  return run.includes('/') ? word === run : basename(word) === run;
}

/** Normalises `path`, read relative to `base` unless absolute. */
function resolve(base: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The value of the last `name value` or `name=value` among `words`, for any of `names`. */
function option(words: readonly string[], ...names: string[]): { name: string; value: string } | undefined {
  let found: { name: string; value: string } | undefined;
  words.forEach((word, i) => {
    for (const name of names) {
      if (word === name && i + 1 < words.length) found = { name, value: words[i + 1] };
      else if (word.startsWith(`${name}=`)) found = { name, value: unquote(word.slice(name.length + 1)) };
    }
  });
  return found;
}

/** The first absolute path in a list separated by commas or blanks (Kafka's log.dirs, MinIO's volumes). */
function firstPath(list: string): string | undefined {
  return list.split(/[\s,]+/).find((item) => item.startsWith('/'));
}

/** The first of `flags`, then of env `vars`, that holds an absolute path; else the default `path`. */
function movedOr(run: Run, path: string, flags: readonly string[], vars: readonly string[] = []): Location {
  const flag = option(run.words, ...flags);
  if (flag?.value.startsWith('/')) return { path: resolve('/', flag.value), movedBy: flag.name };
  for (const name of vars) {
    const value = firstPath(run.env.get(name) ?? '');
    if (value !== undefined) return { path: resolve('/', value), movedBy: name };
  }
  return { path };
}

const fixed = (path: string) => (): Location => ({ path });
const mysqlDir = (run: Run) => movedOr(run, '/var/lib/mysql', ['--datadir']);
const byEnv = (path: string, ...vars: string[]) => (run: Run) => movedOr(run, path, [], vars);

function major(tag: string | undefined): number | undefined {
  const digits = /^\d+/.exec(tag ?? '');
  return digits ? Number(digits[0]) : undefined;
}

// PostgreSQL 18+ images set PGDATA to /var/lib/postgresql/<major>/docker. A tag without a major version gets the
// older path: mounts at either /var/lib/postgresql or /var/lib/postgresql/data cover it, and an 18+ image refuses to
// start with an unused mount at /var/lib/postgresql/data, so no silent loss is missed.
function postgres(run: Run): Location {
  const version = major(run.tag);
  const versioned = version !== undefined && version >= 18;
  return movedOr(run, versioned ? `/var/lib/postgresql/${version}/docker` : '/var/lib/postgresql/data', [], ['PGDATA']);
}

function mongo(run: Run): Location | undefined {
  if (option(run.words, '--dbpath') !== undefined) return movedOr(run, '/data/db', ['--dbpath']);
  // A config file may set storage.dbPath, which we cannot read.
  if (option(run.words, '--config', '-f') !== undefined) return undefined;
  return run.words.includes('--configsvr') ? { path: '/data/configdb', movedBy: '--configsvr' } : { path: '/data/db' };
}

/**
 * Redis and Valkey write to their working directory /data unless persistence is off: RDB snapshots disabled with
 * `--save ""` and the append-only file left at its default `no`. A config file may say either, so it is not guessed.
 */
function redisLike(extraFlagsVar?: string) {
  return (run: Run): Location | undefined => {
    const extra = extraFlagsVar && run.env.get(extraFlagsVar);
    const words = extra ? [...run.words, ...wordsOf([extra])] : run.words;
    if (words.some((word) => word.endsWith('.conf'))) return undefined;
    if (option(words, '--save')?.value === '' && option(words, '--appendonly')?.value !== 'yes') return undefined;
    const dir = option(words, '--dir');
    return dir === undefined ? { path: '/data' } : { path: resolve('/data', dir.value), movedBy: '--dir' };
  };
}

/** Bitnami's Redis and Valkey turn persistence off with `<P>_AOF_ENABLED=no` and `<P>_RDB_POLICY_DISABLED=yes`. */
function bitnamiRedisLike(prefix: string) {
  return (run: Run): Location | undefined => {
    const env = (name: string) => run.env.get(`${prefix}_${name}`) ?? '';
    const rdbOff = /^(1|yes|true)$/i.test(env('RDB_POLICY_DISABLED')) && env('RDB_POLICY') === '';
    if (rdbOff && env('AOF_ENABLED') === 'no') return undefined;
    return movedOr(run, `/bitnami/${prefix.toLowerCase()}/data`, [], [`${prefix}_DATA_DIR`]);
  };
}

/** Elasticsearch and OpenSearch take any setting as `-E<setting>=<value>` or as an env var named after the setting. */
function searchEngine(path: string, ...vars: string[]) {
  return (run: Run): Location => {
    const settings = run.words.map((word, i) => (word === '-E' ? run.words[i + 1] ?? '' : word.replace(/^-E/, '')));
    const flag = option(settings, 'path.data');
    if (flag?.value.startsWith('/')) return { path: resolve('/', flag.value), movedBy: '-Epath.data' };
    return movedOr(run, path, [], ['path.data', ...vars]);
  };
}

// etcd defaults its data dir to `<name>.etcd` in the working directory: /var/lib/etcd in etcd's own images, / in the
// Kubernetes build (registry.k8s.io/etcd). Flags take precedence over their ETCD_* env vars.
function etcd(run: Run): Location {
  const workdir = run.host === 'registry.k8s.io' || run.host === 'k8s.gcr.io' ? '/' : '/var/lib/etcd';
  const name = option(run.words, '--name', '-name')?.value ?? run.env.get('ETCD_NAME') ?? 'default';
  const flag = option(run.words, '--data-dir', '-data-dir');
  const env = run.env.get('ETCD_DATA_DIR');
  if (flag !== undefined) return { path: resolve(workdir, flag.value), movedBy: flag.name };
  if (env) return { path: resolve(workdir, env), movedBy: 'ETCD_DATA_DIR' };
  return { path: resolve(workdir, `${name}.etcd`) };
}

// MinIO's server flags that take no value: any other flag's next word is its value, not a drive.
const MINIO_SWITCHES = new Set(['--quiet', '--anonymous', '--json']);

/** MinIO stores objects where `minio server` is pointed, by MINIO_VOLUMES or by its arguments; it has no default. */
function minio(run: Run): Location | undefined {
  const server = run.words.indexOf('server');
  // A --config file lists the drives itself.
  if (server < 0 || run.env.has('MINIO_CONFIG') || option(run.words, '--config') !== undefined) return undefined;
  const args = run.words.slice(server + 1);
  const drives = args.filter((word, i) => {
    const previous = args[i - 1] ?? '';
    const isValue = previous.startsWith('-') && !previous.includes('=') && !MINIO_SWITCHES.has(previous);
    return !word.startsWith('-') && !isValue;
  });
  const fromEnv = run.env.get('MINIO_VOLUMES');
  const path = firstPath(fromEnv ?? drives.join(' '));
  // `{1...4}` expands to several drives: no single directory to report.
  if (path === undefined || path.includes('{')) return undefined;
  return fromEnv === undefined ? { path } : { path, movedBy: 'MINIO_VOLUMES' };
}

// InfluxDB 1.x and 2.x images keep data in different places; 3.x and tags without a version are left alone.
function influxdb(run: Run): Location | undefined {
  const version = major(run.tag);
  if (version === 1) return { path: '/var/lib/influxdb' };
  if (version === 2) return movedOr(run, '/var/lib/influxdb2', ['--engine-path'], ['INFLUXD_ENGINE_PATH']);
  return undefined;
}

/** NATS keeps data only for JetStream, which the `-js` flag turns on; without `-sd` it uses a temp directory. */
function nats(run: Run): Location | undefined {
  if (!run.words.some((word) => ['-js', '--js', '-jetstream', '--jetstream'].includes(word))) return undefined;
  return movedOr(run, '/tmp/nats/jetstream', ['-sd', '--sd', '-store_dir', '--store_dir']);
}

const PG: Server = {
  name: 'PostgreSQL',
  runs: ['postgres'],
  clients: [
    'psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_isready', 'pg_basebackup', 'pgbench', 'createdb', 'dropdb',
    'createuser', 'dropuser', 'vacuumdb',
  ],
};
const MYSQL_CLIENTS = ['mysql', 'mysqldump', 'mysqladmin', 'mysqlsh', 'mysqlpump', 'mysqlcheck', 'mysqlimport'];
const MYSQL: Server = { name: 'MySQL', runs: ['mysqld'], clients: MYSQL_CLIENTS };
const MARIADB: Server = {
  name: 'MariaDB',
  runs: ['mariadbd', 'mysqld'],
  clients: [...MYSQL_CLIENTS, 'mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-backup', 'mariabackup'],
};
const MONGO: Server = {
  name: 'MongoDB',
  runs: ['mongod'],
  clients: ['mongosh', 'mongo', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongostat', 'mongotop'],
};
const REDIS: Server = { name: 'Redis', runs: ['redis-server'], clients: ['redis-cli', 'redis-benchmark'] };
const VALKEY: Server = {
  name: 'Valkey',
  runs: ['valkey-server'],
  clients: ['valkey-cli', 'valkey-benchmark', 'redis-cli'],
};
const ELASTICSEARCH: Server = { name: 'Elasticsearch', runs: ['eswrapper', 'elasticsearch'], clients: [] };
const OPENSEARCH: Server = { name: 'OpenSearch', runs: ['opensearch', 'opensearch-docker-entrypoint.sh'], clients: [] };
const CASSANDRA: Server = { name: 'Cassandra', runs: ['cassandra'], clients: ['cqlsh', 'nodetool'] };
const ZOOKEEPER: Server = { name: 'ZooKeeper', runs: ['zkServer.sh'], clients: ['zkCli.sh'] };
const KAFKA: Server = {
  name: 'Kafka',
  runs: ['/etc/kafka/docker/run', '/etc/confluent/docker/run', 'kafka-server-start.sh', 'kafka-server-start'],
  // Apache's scripts end in .sh, Confluent's do not.
  clients: [
    'kafka-topics.sh', 'kafka-console-consumer.sh', 'kafka-console-producer.sh', 'kafka-consumer-groups.sh',
    'kafka-configs.sh', 'kafka-acls.sh', 'kafka-topics', 'kafka-console-consumer', 'kafka-console-producer',
    'kafka-consumer-groups', 'kafka-configs', 'kafka-acls',
  ],
};
const ETCD: Server = { name: 'etcd', runs: ['etcd'], clients: ['etcdctl', 'etcdutl'] };
const RABBITMQ: Server = {
  name: 'RabbitMQ',
  runs: ['rabbitmq-server'],
  clients: ['rabbitmqctl', 'rabbitmq-diagnostics', 'rabbitmq-plugins', 'rabbitmq-queues', 'rabbitmqadmin'],
};
// The MinIO image's entrypoint puts `minio` in front of `server /data` given as args.
const MINIO: Server = { name: 'MinIO', runs: ['minio', 'server'], clients: ['mc'] };
const INFLUXDB: Server = { name: 'InfluxDB', runs: ['influxd', 'influxd-meta'], clients: ['influx'] };
// ClickHouse's image has no command: its /entrypoint.sh starts the server itself.
const CLICKHOUSE: Server = {
  name: 'ClickHouse',
  runs: ['clickhouse-server', '/entrypoint.sh'],
  clients: ['clickhouse-client', 'clickhouse-local'],
};
const NEO4J: Server = { name: 'Neo4j', runs: ['neo4j'], clients: ['cypher-shell', 'neo4j-admin'] };
const COUCHDB: Server = { name: 'CouchDB', runs: ['couchdb'], clients: [] };
const NATS: Server = { name: 'NATS', runs: ['nats-server'], clients: ['nats'] };

const LIBRARY = 'https://github.com/docker-library/docs/blob/master';
const BITNAMI = 'https://github.com/bitnami/containers/blob/main/bitnami';
const VALKEY_SOURCE = 'https://github.com/valkey-io/valkey-container/blob/mainline';
const OPENSEARCH_SOURCE = 'https://github.com/opensearch-project/opensearch-build/blob/main/docker/release';

function upstream(server: Server, images: string[], source: string, dir: (run: Run) => Location | undefined): Image {
  return { ...server, images, bitnami: false, source, dir };
}

/** A Bitnami image: started by its scripts under /opt/bitnami, its paths set in the `<image>-env.sh` of `version`. */
function bitnami(server: Server, image: string, version: string, dir: (run: Run) => Location | undefined): Image {
  const runs = [...server.runs, '/opt/bitnami/'];
  const source = `${BITNAMI}/${image}/${version}/debian-12/rootfs/opt/bitnami/scripts/${image}-env.sh`;
  return { ...server, runs, images: [image], bitnami: true, source, dir };
}

const IMAGES: readonly Image[] = [
  upstream(PG, ['postgres'], `${LIBRARY}/postgres/content.md`, postgres),
  upstream(MYSQL, ['mysql'], `${LIBRARY}/mysql/content.md`, mysqlDir),
  upstream(MARIADB, ['mariadb'], `${LIBRARY}/mariadb/content.md`, mysqlDir),
  upstream(MONGO, ['mongo'], `${LIBRARY}/mongo/content.md`, mongo),
  upstream(REDIS, ['redis'], `${LIBRARY}/redis/content.md`, redisLike()),
  upstream(VALKEY, ['valkey'], `${VALKEY_SOURCE}/Dockerfile.template`, redisLike('VALKEY_EXTRA_FLAGS')),
  upstream(
    ELASTICSEARCH,
    ['elasticsearch'],
    'https://github.com/elastic/dockerfiles/blob/9.2/elasticsearch/Dockerfile',
    searchEngine('/usr/share/elasticsearch/data', 'ES_SETTING_PATH_DATA'),
  ),
  upstream(
    OPENSEARCH,
    ['opensearch'],
    `${OPENSEARCH_SOURCE}/dockerfiles/opensearch.al2023.dockerfile`,
    searchEngine('/usr/share/opensearch/data'),
  ),
  upstream(CASSANDRA, ['cassandra'], `${LIBRARY}/cassandra/content.md`, fixed('/var/lib/cassandra')),
  upstream(ZOOKEEPER, ['zookeeper'], `${LIBRARY}/zookeeper/content.md`, byEnv('/data', 'ZOO_DATA_DIR')),
  upstream(
    KAFKA,
    ['apache/kafka', 'apache/kafka-native'],
    'https://github.com/apache/kafka/blob/trunk/docker/resources/common-scripts/configureDefaults',
    byEnv('/tmp/kraft-combined-logs', 'KAFKA_LOG_DIRS'),
  ),
  upstream(
    KAFKA,
    ['confluentinc/cp-kafka', 'confluentinc/cp-server'],
    'https://github.com/confluentinc/kafka-images/blob/master/kafka/include/etc/confluent/docker/configure',
    byEnv('/var/lib/kafka/data', 'KAFKA_LOG_DIRS'),
  ),
  upstream(ETCD, ['etcd'], 'https://github.com/etcd-io/etcd/blob/main/Dockerfile', etcd),
  upstream(
    RABBITMQ,
    ['rabbitmq'],
    `${LIBRARY}/rabbitmq/content.md`,
    byEnv('/var/lib/rabbitmq/mnesia', 'RABBITMQ_MNESIA_DIR', 'RABBITMQ_MNESIA_BASE'),
  ),
  upstream(MINIO, ['minio'], 'https://github.com/minio/minio/blob/master/cmd/server-main.go', minio),
  upstream(INFLUXDB, ['influxdb'], `${LIBRARY}/influxdb/content.md`, influxdb),
  upstream(
    CLICKHOUSE,
    ['clickhouse', 'clickhouse-server'],
    `${LIBRARY}/clickhouse/content.md`,
    fixed('/var/lib/clickhouse'),
  ),
  upstream(
    NEO4J,
    ['neo4j'],
    `${LIBRARY}/neo4j/content.md`,
    byEnv('/data', 'NEO4J_server_directories_data', 'NEO4J_dbms_directories_data'),
  ),
  upstream(COUCHDB, ['couchdb'], `${LIBRARY}/couchdb/content.md`, fixed('/opt/couchdb/data')),
  upstream(NATS, ['nats'], `${LIBRARY}/nats/content.md`, nats),
  bitnami(
    PG,
    'postgresql',
    '17',
    byEnv('/bitnami/postgresql/data', 'POSTGRESQL_DATA_DIR', 'POSTGRES_DATA_DIR', 'PGDATA'),
  ),
  bitnami(MYSQL, 'mysql', '8.0', fixed('/bitnami/mysql/data')),
  bitnami(MARIADB, 'mariadb', '11.4', fixed('/bitnami/mariadb/data')),
  bitnami(MONGO, 'mongodb', '8.0', fixed('/bitnami/mongodb/data')),
  bitnami(REDIS, 'redis', '7.4', bitnamiRedisLike('REDIS')),
  bitnami(VALKEY, 'valkey', '8.0', bitnamiRedisLike('VALKEY')),
  bitnami(ELASTICSEARCH, 'elasticsearch', '9', fixed('/bitnami/elasticsearch/data')),
  bitnami(OPENSEARCH, 'opensearch', '3', fixed('/bitnami/opensearch/data')),
  bitnami(CASSANDRA, 'cassandra', '5.0', fixed('/bitnami/cassandra/data')),
  bitnami(ZOOKEEPER, 'zookeeper', '3.9', fixed('/bitnami/zookeeper/data')),
  bitnami(KAFKA, 'kafka', '4.0', byEnv('/bitnami/kafka/data', 'KAFKA_CFG_LOG_DIRS')),
  bitnami(ETCD, 'etcd', '3.6', fixed('/bitnami/etcd/data')),
  bitnami(RABBITMQ, 'rabbitmq', '4.1', fixed('/bitnami/rabbitmq/mnesia')),
  bitnami(MINIO, 'minio', '2025', byEnv('/bitnami/minio/data', 'MINIO_DATA_DIR')),
  bitnami(INFLUXDB, 'influxdb', '2', fixed('/bitnami/influxdb')),
  bitnami(COUCHDB, 'couchdb', '3', fixed('/bitnami/couchdb/data')),
];

/** Splits an image reference into registry host, repository path (without `library/`) and tag. */
function parseImage(image: string): { host?: string; repository: string; tag?: string } {
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const segments = (hasTag ? name.slice(0, colon) : name).toLowerCase().split('/');
  const host = segments.length > 1 && /[.:]|^localhost$/.test(segments[0]) ? segments.shift() : undefined;
  if (segments.length > 1 && segments[0] === 'library') segments.shift();
  return { host, repository: segments.join('/'), tag: hasTag ? name.slice(colon + 1) : undefined };
}

function imageOf(repository: string): Image | undefined {
  const segments = repository.split('/');
  const fromBitnami = segments.length > 1 && BITNAMI_NAMESPACES.has(segments[segments.length - 2]);
  const named = (name: string) => repository === name || repository.endsWith(`/${name}`);
  return IMAGES.find((image) => image.bitnami === fromBitnami && image.images.some(named));
}

/**
 * Whether the container runs the server: the image's own entrypoint and command (no command, and no args or only
 * flags for it), or a command line that starts the server.
 */
function runsServer(image: Image, container: ContainerFacts, words: readonly string[]): boolean {
  const { command, args } = container;
  if (command.length === 0 && (args.length === 0 || args[0].startsWith('-'))) return true;
  return words.some((word) => image.runs.some((run) => startsServer(run, word)));
}

/**
 * The data directory of the stateful server this container runs, or undefined (unknown image, a client/exporter,
 * persistence off).
 */
export function dataDirOf(container: ContainerFacts): DataDir | undefined {
  if (container.image === undefined) return undefined;
  const { host, repository, tag } = parseImage(container.image);
  const image = imageOf(repository);
  if (image === undefined) return undefined;
  const words = wordsOf([...container.command, ...container.args]);
  if (programsOf(words).some((program) => image.clients.includes(program))) return undefined;
  if (!runsServer(image, container, words)) return undefined;
  const location = image.dir({ words, env: container.env, host, tag });
  return location && { server: image.name, ...location, source: image.source };
}
