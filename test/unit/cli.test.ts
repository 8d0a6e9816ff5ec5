// The built CLI (`node server/out/cli.js`) as a user runs it: output formats, exit statuses, usage and I/O errors,
// the directory walk, and `fix` (diff, --write, idempotence) on the seed manifests in examples/.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyPatch } from 'diff';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { fixAll } from '../../server/src/service/fixAll';
import { FileAnalyser } from '../../server/src/service/analysis';
import { defaultSettings, RULE_LEVELS } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';

const cliPath = path.join(repoRoot, 'server', 'out', 'cli.js');
const examples = path.join(repoRoot, 'examples');
const seed = fs.readFileSync(path.join(examples, 'sts-emptyDir.yaml'), 'utf8');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], cwd = repoRoot): Run {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The core's message for a rule on a text: the CLI must print it unchanged (its wording belongs to the rules). */
function messageOf(text: string, ruleId: string): string {
  const findings = new FileAnalyser().analyse(text).findings;
  const finding = findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `the core reports ${ruleId}`);
  return finding.message;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** Asserts a usage error: status 2, nothing on stdout, the reason and a pointer to --help on stderr. */
function assertUsageError(run: Run, reason: RegExp): void {
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, reason);
  assert.match(run.stderr, /Run 'k8s-persistence --help' for usage\./);
}

const emptyDirMessage = messageOf(seed, 'statefulset-emptydir');
const unmountedMessage = messageOf(seed, 'unmounted-claim-template');
const seedLines = (file: string) => [
  `${file}:13:13: warning unmounted-claim-template ${unmountedMessage}`,
  `${file}:28:9: warning statefulset-emptydir ${emptyDirMessage}`,
];

let scratch: string;
before(() => {
  assert.ok(fs.existsSync(cliPath), `${cliPath} exists: run \`npm run build\` first (\`npm test\` does)`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-cli-'));
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function scratchFile(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('k8s-persistence lint', () => {
  it('prints path:line:col: severity rule-id message (1-based) for the seed, a summary on stderr, and exits 1', () => {
    const run = cli(['lint', 'examples']);
    assert.equal(run.status, 1);
    assert.deepEqual(lines(run.stdout), seedLines('examples/sts-emptyDir.yaml'));
    assert.equal(run.stderr, '2 problems (0 errors, 2 warnings) in 3 files\n');
  });

  it('shows paths as given: a file by itself, a directory joined to its files', () => {
    assert.deepEqual(lines(cli(['lint', 'sts-emptyDir.yaml'], examples).stdout), seedLines('sts-emptyDir.yaml'));
    assert.deepEqual(lines(cli(['lint', './examples/']).stdout), seedLines('examples/sts-emptyDir.yaml'));
  });

  it('--format json prints every result with its file, LSP 0-based ranges, related locations, docs link and preferred fix', () => {
    const run = cli(['lint', '--format', 'json', 'examples']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const results = JSON.parse(run.stdout);
    const emptyDirRange = { start: { line: 27, character: 8 }, end: { line: 27, character: 16 } };
    const claimTemplateRange = { start: { line: 12, character: 12 }, end: { line: 12, character: 20 } };
    assert.deepEqual(
      results.map(({ file, range, severity, ruleId, message, related }: Record<string, unknown>) => ({ file, range, severity, ruleId, message, related })),
      [
        {
          file: 'examples/sts-emptyDir.yaml',
          range: claimTemplateRange,
          severity: 'warning',
          ruleId: 'unmounted-claim-template',
          message: unmountedMessage,
          related: [{ range: emptyDirRange, message: "emptyDir 'empty-dir' holds the data instead" }],
        },
        {
          file: 'examples/sts-emptyDir.yaml',
          range: emptyDirRange,
          severity: 'warning',
          ruleId: 'statefulset-emptydir',
          message: emptyDirMessage,
          related: [
            { range: { start: { line: 36, character: 18 }, end: { line: 36, character: 27 } }, message: "mounted at /test by container 'file-generator'" },
          ],
        },
      ],
    );
    const fixed = fixAll(seed, defaultSettings).output;
    for (const result of results) {
      assert.equal(result.docsUri, pathToFileURL(path.join(repoRoot, 'docs', 'rules', `${result.ruleId}.md`)).href);
      assert.ok(fs.existsSync(fileURLToPath(result.docsUri)), result.docsUri);
      // Both findings share the one fix, which `fix` applies.
      assert.equal(result.fix.title, "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'");
      assert.equal(TextDocument.applyEdits(TextDocument.create('file:///seed.yaml', 'yaml', 1, seed), result.fix.edits), fixed);
    }
  });

  it('exits 0 on files without warnings or errors, with an empty JSON array', () => {
    const clean = ['examples/sts-volume-template.yaml', 'examples/deployment-emptyDir.yaml'];
    const text = cli(['lint', ...clean]);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, '');
    assert.equal(text.stderr, '0 problems (0 errors, 0 warnings) in 2 files\n');
    const json = cli(['lint', '--format', 'json', ...clean]);
    assert.equal(json.status, 0);
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  it('--rule sets severities through the settings: off silences, information reports without failing', () => {
    const run = cli(['lint', 'examples', '--rule', 'statefulset-emptydir=off', '--rule', 'unmounted-claim-template=information']);
    assert.equal(run.status, 0);
    assert.deepEqual(lines(run.stdout), [`examples/sts-emptyDir.yaml:13:13: information unmounted-claim-template ${unmountedMessage}`]);
    assert.equal(run.stderr, '1 problem (0 errors, 0 warnings, 1 information) in 3 files\n');
    const raised = cli(['lint', 'examples', '--rule', 'statefulset-emptydir=error', '--format', 'json']);
    assert.deepEqual(
      JSON.parse(raised.stdout).map((p: { ruleId: string; severity: string }) => `${p.ruleId}=${p.severity}`),
      ['unmounted-claim-template=warning', 'statefulset-emptydir=error'],
    );
  });

  it('walks directories recursively in sorted order, reads only *.yaml/*.yml, skips node_modules and .git', () => {
    for (const name of ['z.yaml', 'b/c.yml', 'b/a.YAML', 'a.yaml', 'node_modules/m.yaml', '.git/g.yaml', 'sub/.git/h.yaml', 'notes.txt']) {
      scratchFile(path.join('walk', name), seed);
    }
    const run = cli(['lint', '--format', 'json', 'walk'], scratch);
    assert.equal(run.status, 1);
    const files = [...new Set(JSON.parse(run.stdout).map((p: { file: string }) => p.file))];
    assert.deepEqual(files, ['walk/a.yaml', 'walk/b/a.YAML', 'walk/b/c.yml', 'walk/z.yaml']);
    // A file named twice (here: by itself and through its directory) is read once.
    const twice = cli(['lint', 'walk/z.yaml', 'walk'], scratch);
    assert.equal(twice.stderr, '8 problems (0 errors, 8 warnings) in 4 files\n');
    assert.deepEqual(lines(twice.stdout).slice(0, 2), seedLines('walk/z.yaml'));
  });

  it('counts lines from the start of the file in a multi-document file', () => {
    const file = scratchFile('multi.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\n${seed}`);
    const run = cli(['lint', file]);
    assert.deepEqual(lines(run.stdout), [
      `${file}:18:13: warning unmounted-claim-template ${unmountedMessage}`,
      `${file}:33:9: warning statefulset-emptydir ${emptyDirMessage}`,
    ]);
  });

  it('reports a syntax error as a yaml-syntax error and exits 1', () => {
    const file = scratchFile('broken.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata: [\n');
    const run = cli(['lint', '--format', 'json', file]);
    assert.equal(run.status, 1);
    const problems = JSON.parse(run.stdout);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].ruleId, 'yaml-syntax');
    assert.equal(problems[0].severity, 'error');
  });

  it('neither crashes on binary junk nor on a Helm template, and says that the template was not analysed', () => {
    let seedValue = 42;
    const junk = Buffer.from(Buffer.alloc(64 * 1024).map(() => (seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) & 0xff));
    scratchFile('junk/random.yaml', junk);
    scratchFile('junk/nul.yml', Buffer.from('apiVersion: v1\0\0\nkind: \xff\xfe\n', 'latin1'));
    scratchFile('junk/empty.yaml', '');
    scratchFile('junk/templates/statefulset.yaml', seed.replace('name: sts-test\nspec', 'name: {{ .Release.Name }}\nspec'));
    for (const command of ['lint', 'fix']) {
      const run = cli([command, 'junk'], scratch);
      assert.ok(run.status === 0 || run.status === 1, `${command} exits 0 or 1, not ${run.status}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, `${command} does not crash`);
    }
    const lint = cli(['lint', '--format', 'json', 'junk/templates'], scratch);
    assert.equal(lint.status, 0);
    assert.deepEqual(JSON.parse(lint.stdout), []);
    assert.match(cli(['lint', 'junk/templates'], scratch).stderr, /in 1 file \(1 Go-template document not analysed\)/);
  });
});

describe('k8s-persistence usage and I/O errors', () => {
  it('--help prints the usage on stdout and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['lint', '--help']]) {
      const run = cli(args);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^Usage: k8s-persistence <command> \[options\] <files\|dirs\|->\.\.\./);
      assert.match(run.stdout, /statefulset-emptydir/);
    }
  });

  it('exits 2 with a clear message on usage errors', () => {
    assertUsageError(cli([]), /missing command: lint or fix/);
    assertUsageError(cli(['check', 'examples']), /unknown command 'check': expected lint or fix/);
    assertUsageError(cli(['lint']), /lint: no files or directories given/);
    assertUsageError(cli(['fix', '--write']), /fix: no files or directories given/);
    assertUsageError(cli(['lint', '--bogus', 'examples']), /Unknown option '--bogus'/);
    assertUsageError(cli(['lint', '--format', 'xml', 'examples']), /unknown format 'xml': expected text, json, sarif, github, gitlab/);
    assertUsageError(cli(['lint', '--format']), /--format/);
    assertUsageError(cli(['lint', '--write', 'examples']), /--write applies to fix only/);
    assertUsageError(cli(['fix', '--format', 'json', 'examples']), /--format applies to lint only/);
    assertUsageError(cli(['lint', '--rule', 'no-such-rule=off', 'examples']), /unknown rule 'no-such-rule'/);
    assertUsageError(
      cli(['lint', '--rule', 'statefulset-emptydir=loud', 'examples']),
      new RegExp(`unknown level 'loud' \\(levels: ${RULE_LEVELS.join(', ')}\\)`),
    );
    assertUsageError(cli(['lint', '--rule', 'statefulset-emptydir', 'examples']), /expected <id>=<level>/);
    assertUsageError(cli(['fix', '--default-storage-request', 'lots', 'examples']), /'lots': not a Kubernetes quantity/);
  });

  it('exits 2 on a missing file, naming it, before reporting anything', () => {
    const run = cli(['lint', 'examples', 'no-such-file.yaml']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "k8s-persistence: cannot read 'no-such-file.yaml': no such file or directory\n");
    assert.equal(cli(['fix', 'no-such-dir/']).status, 2);
  });

  it('exits 2 on a path that is no regular file (a FIFO) and still lints the others', () => {
    const fifo = path.join(scratch, 'fifo.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo on this machine
    const run = cli(['lint', 'fifo.yaml', path.join(examples, 'sts-emptyDir.yaml')], scratch);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /k8s-persistence: cannot read 'fifo\.yaml': not a regular file\n/);
    assert.deepEqual(lines(run.stdout), seedLines(path.join(examples, 'sts-emptyDir.yaml')));
  });

  it('exits 2 on a file over 32 MiB rather than exhausting memory, and still lints the others', () => {
    const big = scratchFile('big/huge.yaml', '');
    fs.truncateSync(big, 32 * 1024 * 1024 + 1); // sparse: costs no disk
    scratchFile('big/small.yaml', seed);
    const run = cli(['lint', 'big'], scratch);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^k8s-persistence: cannot read 'big\/huge\.yaml': 33554433 bytes is more than the limit of 33554432\n/);
    assert.deepEqual(lines(run.stdout), seedLines('big/small.yaml'));
  });

  // Root reads every file whatever its mode, so as root the unreadable file is one the kernel fails to read.
  const root = process.getuid?.() === 0;
  const unreadable = root ? { skip: !fs.existsSync('/proc/self/mem') && 'no /proc/self/mem to fail a read' } : {};
  it('exits 2 on an unreadable file and still lints the others', unreadable, () => {
    scratchFile('unreadable/other.yaml', seed);
    if (root) {
      fs.symlinkSync('/proc/self/mem', path.join(scratch, 'unreadable/secret.yaml'));
    } else {
      fs.chmodSync(scratchFile('unreadable/secret.yaml', seed), 0o000);
    }
    const run = cli(['lint', 'unreadable'], scratch);
    assert.equal(run.status, 2);
    assert.match(run.stderr, root ? /cannot read 'unreadable\/secret\.yaml': / : /cannot read 'unreadable\/secret\.yaml': permission denied/);
    assert.deepEqual(lines(run.stdout), seedLines('unreadable/other.yaml'));
  });
});

describe('k8s-persistence fix', () => {
  /** The seed fixed as the issue asks: no emptyDir left, claim template sts-test mounted at /test. */
  function assertSeedFixed(text: string): void {
    const [doc] = parseAllDocuments(text);
    assert.deepEqual(doc.errors, []);
    const sts = doc.toJS();
    const pod = sts.spec.template.spec;
    assert.equal(JSON.stringify(sts).includes('emptyDir'), false, 'no emptyDir is left');
    assert.equal(pod.volumes, undefined, 'the emptied volumes: key is gone');
    assert.deepEqual(pod.containers[0].volumeMounts, [{ mountPath: '/test', name: 'sts-test' }]);
    assert.deepEqual(sts.spec.volumeClaimTemplates.map((t: { metadata: { name: string } }) => t.metadata.name), ['sts-test']);
  }

  it('prints a unified diff with a/ and b/ names that turns the seed into the corrected StatefulSet, and writes nothing', () => {
    const run = cli(['fix', 'examples/sts-emptyDir.yaml']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith('--- a/examples/sts-emptyDir.yaml\n+++ b/examples/sts-emptyDir.yaml\n@@ '), run.stdout);
    assert.match(run.stderr, /examples\/sts-emptyDir\.yaml: would fix: Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'\n/);
    assert.match(run.stderr, /1 file of 1 would be fixed \(run with --write to apply\)\n$/);
    const fixed = applyPatch(seed, run.stdout);
    assert.equal(typeof fixed, 'string', 'the diff applies to the file');
    assertSeedFixed(fixed as string);
    // Only the fixed nodes changed: every other line of the seed is still there, in order.
    const removed = seed.split('\n').filter((line) => !(fixed as string).split('\n').includes(line));
    assert.deepEqual(removed, ['      volumes:', '      - name: empty-dir', '        emptyDir: {}', '            name: empty-dir']);
    assert.equal(fs.readFileSync(path.join(examples, 'sts-emptyDir.yaml'), 'utf8'), seed, 'the file is untouched');
  });

  it('prints nothing for files with nothing to fix', () => {
    const run = cli(['fix', 'examples/sts-volume-template.yaml', 'examples/deployment-emptyDir.yaml']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '0 files of 2 would be fixed\n');
  });

  it('--write fixes a copy in place, says what it did, and a second run changes nothing', () => {
    const file = scratchFile('write/sts-emptyDir.yaml', seed);
    const diff = cli(['fix', file]).stdout;
    const first = cli(['fix', '--write', file]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, `${file}: fixed: Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'\n`);
    assert.equal(first.stderr, '1 file of 1 fixed\n');
    const written = fs.readFileSync(file, 'utf8');
    assert.equal(written, applyPatch(seed, diff), '--write writes what the diff shows');
    assertSeedFixed(written);
    assert.equal(cli(['lint', file]).status, 0, 'nothing is left to report');

    const second = cli(['fix', '--write', file]);
    assert.equal(second.status, 0);
    assert.equal(second.stdout, '');
    assert.equal(second.stderr, '0 files of 1 fixed\n');
    assert.equal(fs.readFileSync(file, 'utf8'), written);
    assert.equal(cli(['fix', file]).stdout, '', 'no diff either');
  });

  it('applies fixes pass after pass until none is left, with --default-storage-request in the claim templates', () => {
    const file = scratchFile(
      'passes/db.yaml',
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: db',
        'spec:',
        '  serviceName: db',
        '  selector:',
        '    matchLabels: {app: db}',
        '  template:',
        '    metadata:',
        '      labels: {app: db}',
        '    spec:',
        '      containers:',
        '      - name: db',
        '        image: postgres:16',
        '        env:',
        '        - name: PGDATA',
        '          value: /var/lib/postgresql/data/pgdata',
        '        volumeMounts:',
        '        - name: data',
        '          mountPath: /var/lib/postgresql/data',
        '        - name: wal',
        '          mountPath: /var/lib/postgresql/wal',
        '      volumes:',
        '      - name: data',
        '        emptyDir: {}',
        '      - name: wal',
        '        emptyDir: {}',
        '',
      ].join('\n'),
    );
    assert.equal(cli(['lint', file]).stderr, '2 problems (0 errors, 2 warnings) in 1 file\n');
    const run = cli(['fix', '--write', '--default-storage-request', '5Gi', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(lines(run.stdout).length, 2, run.stdout);
    const sts = parseAllDocuments(fs.readFileSync(file, 'utf8'))[0].toJS();
    assert.deepEqual(
      sts.spec.volumeClaimTemplates.map((t: { metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }) =>
        `${t.metadata.name}=${t.spec.resources.requests.storage}`),
      ['data=5Gi', 'wal=5Gi'],
    );
    assert.equal(sts.spec.template.spec.volumes, undefined);
    assert.equal(cli(['lint', file]).status, 0);
  });

  it('honours suppression comments in lint and fix alike', () => {
    const file = scratchFile(
      'suppressed/sts.yaml',
      seed
        .replace('        emptyDir: {}\n', '        # k8s-persistence-disable-next-line statefulset-emptydir -- scratch only\n        emptyDir: {}\n')
        .replace('  - metadata:\n      name: sts-test\n', '  - metadata:\n      # k8s-persistence-disable-next-line unmounted-claim-template\n      name: sts-test\n'),
    );
    assert.equal(cli(['lint', file]).status, 0);
    const run = cli(['fix', file]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
  });

  it('leaves findings of rules that are off alone', () => {
    const run = cli(['fix', 'examples/sts-emptyDir.yaml', '--rule', 'statefulset-emptydir=off', '--rule', 'unmounted-claim-template=off']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
  });
});

describe('k8s-persistence configuration files', () => {
  it('reads rule levels from the nearest .k8s-persistence.yaml above each file; the command line wins', () => {
    scratchFile('configured/.k8s-persistence.yaml', 'rules:\n  statefulset-emptydir: "off"\n  unmounted-claim-template: error\n');
    scratchFile('configured/apps/seed.yaml', seed);
    scratchFile('plain/seed.yaml', seed);
    const configured = cli(['lint', 'configured', 'plain'], scratch);
    assert.equal(configured.status, 1);
    assert.deepEqual(lines(configured.stdout), [
      `${path.join('configured', 'apps', 'seed.yaml')}:13:13: error unmounted-claim-template ${unmountedMessage}`,
      ...seedLines(path.join('plain', 'seed.yaml')),
    ]);
    const overridden = cli(['lint', '--rule', 'statefulset-emptydir=hint', 'configured'], scratch);
    assert.match(overridden.stdout, /:28:9: hint statefulset-emptydir /);
  });

  it('--config names the file for every path, and the storage request reaches the fixes', () => {
    const config = scratchFile('elsewhere/settings.yaml', 'defaultStorageRequest: 7Gi\nrules: {unmounted-claim-template: "off"}\n');
    scratchFile('seed-only/seed.yaml', seed.replace(/ {2}volumeClaimTemplates:[\s\S]*?(?=\n {2}template:)/, '').replace('\n\n', '\n'));
    const linted = cli(['lint', '--config', config, 'seed-only'], scratch);
    assert.doesNotMatch(linted.stdout, /unmounted-claim-template/);
    const diff = cli(['fix', '--config', config, 'seed-only'], scratch);
    assert.match(diff.stdout, /\+ +storage: 7Gi/);
  });

  it('exits 2 and names the file and the mistake when a configuration file is invalid', () => {
    const bad = scratchFile('bad/.k8s-persistence.yaml', 'rules:\n  no-such-rule: warning\n  hostpath-data: loud\ncolour: red\n');
    scratchFile('bad/seed.yaml', seed);
    const run = cli(['lint', 'bad'], scratch);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    assert.match(run.stderr, /\/rules must NOT have additional properties \('no-such-rule'\)/);
    assert.match(run.stderr, /\/rules\/hostpath-data must be equal to one of the allowed values \(off, hint, information, warning, error\)/);
    assert.match(run.stderr, /\(top level\) must NOT have additional properties \('colour'\)/);
    assert.equal(cli(['lint', '--config', path.join(scratch, 'missing.yaml'), 'bad/seed.yaml'], scratch).status, 2);
  });

  it('is not itself linted as a manifest', () => {
    scratchFile('only-config/.k8s-persistence.yaml', 'rules: {}\n');
    scratchFile('only-config/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    assert.match(cli(['lint', 'only-config'], scratch).stderr, /in 1 file$/m);
  });
});
