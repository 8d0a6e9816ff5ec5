// The CLI's other formats and flags, as a user runs them: colours on a terminal (and NO_COLOR), GitHub annotations
// with their escaping, the GitLab code quality report, standard input, --quiet, --max-warnings, --ignore-pattern.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeData, escapeProperty } from '../../server/src/cli/formats/github';
import { fixAll } from '../../server/src/service/fixAll';
import { defaultSettings } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';

const cliPath = path.join(repoRoot, 'server', 'out', 'cli.js');
const seed = fs.readFileSync(path.join(repoRoot, 'examples', 'sts-emptyDir.yaml'), 'utf8');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonResult {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
const lintJson = (args: readonly string[], options?: Parameters<typeof cli>[1]) => JSON.parse(cli(['lint', '--format', 'json', ...args], options).stdout) as JsonResult[];

let scratch: string;
// An error (selector-mismatch) and two warnings (the seed's).
const errorAndWarnings = seed.replace('  selector:\n    matchLabels:\n      component: sts-test', '  selector:\n    matchLabels:\n      component: other');
before(() => {
  assert.ok(fs.existsSync(cliPath), `${cliPath} exists: run \`npm run build\` first (\`npm test\` does)`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-formats-'));
  for (const [name, text] of Object.entries({
    'seed.yaml': seed,
    'error.yaml': errorAndWarnings,
    'vendor/seed.yaml': seed,
    'apps/a,b:c.yaml': seed,
    'apps/keep.yaml': seed,
    'apps/skip.generated.yaml': seed,
  })) {
    fs.mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
    fs.writeFileSync(path.join(scratch, name), text);
  }
  assert.ok(lintJson(['error.yaml'], { cwd: scratch }).some((r) => r.severity === 'error'), 'error.yaml has an error');
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs the CLI under `script`, on a pseudo-terminal, as in an interactive shell. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const command = [process.execPath, cliPath, ...args].map((arg) => `'${arg}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, env: { ...env, TERM: 'xterm-256color' }, encoding: 'utf8', timeout: 30_000 });
  return result.error || result.status === null ? undefined : result.stdout;
}

describe('lint --format text', () => {
  it('colours severity and rule id on a terminal, not with NO_COLOR set, and never into a pipe', (t) => {
    // Node reads a `CI` variable as a 2-colour terminal (tty.getColorDepth): CI sets it, a user's shell does not.
    const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, CI: _ci, ...env } = process.env;
    const coloured = onTerminal(['lint', 'examples/sts-emptyDir.yaml'], env);
    if (coloured === undefined) {
      t.skip('`script` (util-linux) is not installed, so no pseudo-terminal to run on');
      return;
    }
    assert.match(coloured, /\x1b\[33mwarning\x1b\[39m \x1b\[2mstatefulset-emptydir\x1b\[22m/);
    const plain = onTerminal(['lint', 'examples/sts-emptyDir.yaml'], { ...env, NO_COLOR: '1' });
    assert.ok(plain?.includes('28:9: warning statefulset-emptydir emptyDir'), plain);
    assert.doesNotMatch(plain ?? '', /\x1b\[/);
    assert.doesNotMatch(cli(['lint', 'examples/sts-emptyDir.yaml'], { env: { ...env, FORCE_COLOR: '1' } }).stdout, /\x1b\[/);
  });
});

describe('lint --format github', () => {
  it('prints one workflow command per result: level, file, 1-based line and columns, title, message', () => {
    const run = cli(['lint', '--format', 'github', 'examples']);
    assert.equal(run.status, 1);
    const results = lintJson(['examples']);
    const lines = run.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, results.length);
    lines.forEach((line, i) => {
      const r = results[i];
      assert.equal(
        line,
        `::warning file=examples/sts-emptyDir.yaml,line=${r.range.start.line + 1},col=${r.range.start.character + 1},` +
          `endLine=${r.range.end.line + 1},endColumn=${r.range.end.character + 1},title=k8s-persistence ${r.ruleId}::${r.message}`,
      );
    });
    assert.deepEqual(results.map((r) => r.ruleId), ['unmounted-claim-template', 'statefulset-emptydir']);
  });

  it('maps severities to error, warning and notice, and escapes file names as properties', () => {
    const out = cli(['lint', '--format', 'github', '--rule', 'unmounted-claim-template=information', 'error.yaml', 'apps/a,b:c.yaml'], { cwd: scratch }).stdout;
    assert.match(out, /^::error file=error\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=k8s-persistence selector-mismatch::/m);
    assert.match(out, /^::notice file=apps\/a%2Cb%3Ac\.yaml,.*title=k8s-persistence unmounted-claim-template::/m);
    assert.match(out, /^::warning file=apps\/a%2Cb%3Ac\.yaml,.*title=k8s-persistence statefulset-emptydir::emptyDir 'empty-dir' holds \/test/m);
  });

  it("escapes data and properties as GitHub's toolkit does", () => {
    assert.equal(escapeData('50% of a:b,\r\nc'), '50%25 of a:b,%0D%0Ac');
    assert.equal(escapeProperty('50% of a:b,\r\nc'), '50%25 of a%3Ab%2C%0D%0Ac');
  });
});

describe('lint --format gitlab', () => {
  it('prints a code quality report: check name, severity, path and 1-based positions, unique fingerprints', () => {
    const run = cli(['lint', '--format', 'gitlab', 'error.yaml', 'seed.yaml', 'vendor/seed.yaml'], { cwd: scratch });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const issues = JSON.parse(run.stdout) as {
      description: string;
      check_name: string;
      fingerprint: string;
      severity: string;
      location: { path: string; positions: { begin: { line: number; column: number } } };
    }[];
    const results = lintJson(['error.yaml', 'seed.yaml', 'vendor/seed.yaml'], { cwd: scratch });
    assert.deepEqual(
      issues.map((i) => [i.location.path, i.check_name, i.severity, i.location.positions.begin.line, i.description]),
      results.map((r) => [r.file, r.ruleId, r.severity === 'error' ? 'major' : 'minor', r.range.start.line + 1, r.message]),
    );
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    // Stable across runs, and while lines move.
    const moved = JSON.parse(cli(['lint', '--format', 'gitlab', '-', '--stdin-filename', 'seed.yaml'], { cwd: scratch, input: `\n\n${seed}` }).stdout);
    assert.deepEqual(moved.map((i: { fingerprint: string }) => i.fingerprint), issues.filter((i) => i.location.path === 'seed.yaml').map((i) => i.fingerprint));
  });
});

describe('standard input', () => {
  it("lints '-' under --stdin-filename, with that file's configuration", () => {
    fs.mkdirSync(path.join(scratch, 'configured'), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'configured', '.k8s-persistence.yaml'), 'rules:\n  unmounted-claim-template: "off"\n');
    const named = cli(['lint', '-', '--stdin-filename', 'configured/sts.yaml'], { cwd: scratch, input: seed });
    assert.equal(named.status, 1);
    assert.match(named.stdout, /^configured\/sts\.yaml:28:9: warning statefulset-emptydir /);
    assert.equal(named.stdout.split('\n').filter(Boolean).length, 1, 'the configuration next to the named file applies');
    const anonymous = cli(['lint', '-'], { input: seed });
    assert.match(anonymous.stdout, /^<stdin>:13:13: warning unmounted-claim-template /m);
    assert.equal(anonymous.stderr, '2 problems (0 errors, 2 warnings) in 1 file\n');
    const clean = cli(['lint', '-'], { input: fs.readFileSync(path.join(repoRoot, 'examples', 'sts-volume-template.yaml'), 'utf8') });
    assert.equal(clean.status, 0);
  });

  it("fixes '-': a diff, or with --write the fixed manifest on stdout", () => {
    const fixed = fixAll(seed, defaultSettings).output;
    const diff = cli(['fix', '-', '--stdin-filename', 'sts.yaml'], { input: seed });
    assert.equal(diff.status, 0);
    assert.match(diff.stdout, /^--- a\/sts\.yaml\n\+\+\+ b\/sts\.yaml\n/);
    const written = cli(['fix', '--write', '-'], { input: seed });
    assert.equal(written.status, 0);
    assert.equal(written.stdout, fixed);
    assert.equal(cli(['fix', '--write', '-'], { input: fixed }).stdout, fixed, 'an already fixed manifest comes back unchanged');
  });

  it("refuses '-' twice and --stdin-filename without '-'", () => {
    assert.match(cli(['lint', '-', '-']).stderr, /'-' \(standard input\) can be given once/);
    assert.match(cli(['lint', '--stdin-filename', 'x.yaml', 'examples']).stderr, /--stdin-filename applies to '-'/);
  });
});

describe('--quiet and --max-warnings', () => {
  it('--quiet reports errors only and fails only on errors', () => {
    const quiet = cli(['lint', '--quiet', 'error.yaml', 'seed.yaml'], { cwd: scratch });
    assert.equal(quiet.status, 1);
    assert.deepEqual(quiet.stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[2]), ['selector-mismatch']);
    assert.equal(quiet.stderr, '1 problem (1 error, 0 warnings) in 2 files\n');
    const warningsOnly = cli(['lint', '--quiet', 'seed.yaml'], { cwd: scratch });
    assert.equal(warningsOnly.status, 0);
    assert.equal(warningsOnly.stdout, '');
  });

  it('--max-warnings N fails only past N warnings, says so, and errors still fail', () => {
    assert.equal(cli(['lint', '--max-warnings', '2', 'seed.yaml'], { cwd: scratch }).status, 0);
    const over = cli(['lint', '--max-warnings', '1', 'seed.yaml'], { cwd: scratch });
    assert.equal(over.status, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.equal(cli(['lint', '--max-warnings', '0', 'seed.yaml'], { cwd: scratch }).status, 1);
    assert.equal(cli(['lint', '--max-warnings', '10', 'error.yaml'], { cwd: scratch }).status, 1);
    // With --quiet, warnings are not shown but still counted against the limit.
    const quiet = cli(['lint', '--quiet', '--max-warnings', '1', 'seed.yaml'], { cwd: scratch });
    assert.equal(quiet.status, 1);
    assert.equal(quiet.stdout, '');
    assert.match(cli(['lint', '--max-warnings', 'many', 'seed.yaml'], { cwd: scratch }).stderr, /--max-warnings 'many': expected a number/);
    assert.match(cli(['fix', '--max-warnings', '1', 'seed.yaml'], { cwd: scratch }).stderr, /--max-warnings applies to lint only/);
    assert.match(cli(['fix', '--quiet', 'seed.yaml'], { cwd: scratch }).stderr, /--quiet applies to lint only/);
  });
});

describe('--ignore-pattern', () => {
  const linted = (args: readonly string[]) => [...new Set(lintJson(args, { cwd: scratch }).map((r) => r.file))];

  it('skips files and directories by gitignore-style patterns relative to the working directory', () => {
    assert.deepEqual(linted(['.']), ['apps/a,b:c.yaml', 'apps/keep.yaml', 'apps/skip.generated.yaml', 'error.yaml', 'seed.yaml', 'vendor/seed.yaml']);
    assert.deepEqual(linted(['--ignore-pattern', 'vendor/', '--ignore-pattern', '*.generated.yaml', '.']), ['apps/a,b:c.yaml', 'apps/keep.yaml', 'error.yaml', 'seed.yaml']);
    // Negation and anchoring, as in .gitignore.
    assert.deepEqual(linted(['--ignore-pattern', 'apps/*', '--ignore-pattern', '!apps/keep.yaml', 'apps']), ['apps/keep.yaml']);
    assert.deepEqual(linted(['--ignore-pattern', '/seed.yaml', '.']).filter((file) => file.endsWith('seed.yaml')), ['vendor/seed.yaml']);
    // Files named on the command line, and standard input's name, are skipped too.
    assert.deepEqual(linted(['--ignore-pattern', 'error.yaml', 'error.yaml', 'seed.yaml']), ['seed.yaml']);
    assert.deepEqual(linted(['--ignore-pattern', 'vendor', '-', '--stdin-filename', 'vendor/x.yaml']), []);
  });
});
