// The CI recipes of the README, run as far as they can be here: the GitHub Actions workflow (docs/ci/, quoted in
// the README) parses, and its lint step, run as the workflow's shell runs it, writes SARIF and passes on findings;
// `.pre-commit-hooks.yaml` parses, its entry reports and fails on the files pre-commit passes, and pre-commit itself
// runs it (`pre-commit try-repo`, where pre-commit is installed).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../support/fixtures';

const workflowPath = path.join(repoRoot, 'docs', 'ci', 'github-code-scanning.yml');
const bins = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;

let scratch: string;
let binDir: string;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-ci-'));
  // The package's bins on PATH, as `npm link` puts them.
  binDir = path.join(scratch, 'bin');
  fs.mkdirSync(binDir);
  for (const [name, file] of Object.entries(bins)) {
    fs.writeFileSync(path.join(binDir, name), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, file)}" "$@"\n`, { mode: 0o755 });
  }
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function sh(script: string, cwd: string) {
  const result = spawnSync('sh', ['-ec', script], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` } });
  if (result.error) throw result.error;
  return result;
}

/** A repository of manifests: the seed's broken StatefulSet and a copy of the tool, as the workflow checks it out. */
function manifestsRepo(name: string): string {
  const repo = path.join(scratch, name);
  fs.mkdirSync(path.join(repo, 'manifests'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'examples', 'sts-emptyDir.yaml'), path.join(repo, 'manifests', 'sts.yaml'));
  fs.copyFileSync(path.join(repoRoot, 'examples', 'sts-volume-template.yaml'), path.join(repo, 'manifests', 'ok.yaml'));
  fs.symlinkSync(repoRoot, path.join(repo, '.k8s-persistence'));
  return repo;
}

describe('the GitHub Actions recipe', () => {
  const workflow = parse(fs.readFileSync(workflowPath, 'utf8')) as {
    permissions: Record<string, string>;
    jobs: { lint: { steps: { uses?: string; run?: string; with?: Record<string, string> }[] } };
  };
  const steps = workflow.jobs.lint.steps;

  it('is the one the README shows', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    assert.ok(readme.includes(fs.readFileSync(workflowPath, 'utf8')), 'README quotes docs/ci/github-code-scanning.yml verbatim');
  });

  it('may upload to code scanning, and uploads the file its lint step writes', () => {
    assert.equal(workflow.permissions['security-events'], 'write');
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.ok(steps.some((step) => step.run?.includes(`> ${upload.with!.sarif_file}`)));
  });

  it("lint step: writes SARIF of the repository's manifests, not of the tool's copy, and passes on findings", () => {
    const repo = manifestsRepo('gh');
    const lint = steps.find((step) => step.run?.includes('--format sarif'))!;
    const run = sh(lint.run!, repo);
    assert.equal(run.status, 0, run.stderr);
    const log = JSON.parse(fs.readFileSync(path.join(repo, 'k8s-persistence.sarif'), 'utf8'));
    const uris = log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['manifests/sts.yaml', 'manifests/sts.yaml']);
  });

  it('lint step: fails the job on a usage or I/O error', () => {
    const repo = manifestsRepo('gh-broken');
    const lint = steps.find((step) => step.run?.includes('--format sarif'))!;
    fs.writeFileSync(path.join(repo, '.k8s-persistence.yaml'), 'rules: {no-such-rule: off}\n');
    assert.notEqual(sh(lint.run!, repo).status, 0);
  });
});

describe('the pre-commit hook', () => {
  const hooks = parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    types: string[];
  }[];

  it('defines the hook pre-commit needs: id, entry on a bin of the package, YAML files', () => {
    assert.equal(hooks.length, 1);
    const [hook] = hooks;
    assert.equal(hook.id, 'k8s-persistence');
    assert.deepEqual(hook.types, ['yaml']);
    assert.ok(Object.keys(bins).includes(hook.entry.split(' ')[0]), hook.entry);
  });

  it('entry, given the staged files as pre-commit passes them, reports the broken one and fails', () => {
    const repo = manifestsRepo('pre-commit');
    const [hook] = hooks;
    const broken = sh(`${hook.entry} manifests/sts.yaml manifests/ok.yaml`, repo);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /^manifests\/sts\.yaml:28:9: warning statefulset-emptydir /m);
    assert.equal(sh(`${hook.entry} manifests/ok.yaml`, repo).status, 0);
  });

  it('runs in pre-commit itself (`pre-commit try-repo`): fails on the broken manifest, passes on the clean one', (t) => {
    const probe = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      t.skip(`pre-commit is not installed (apt-get install pre-commit; .ci/run does): ${probe.error?.message ?? probe.stderr}`);
      return;
    }
    const repo = manifestsRepo('try-repo');
    fs.rmSync(path.join(repo, '.k8s-persistence'));
    assert.equal(sh('git init -q && git add manifests', repo).status, 0);
    const tryRepo = (files: string) =>
      sh(`PRE_COMMIT_HOME="${path.join(scratch, 'pre-commit-home')}" pre-commit try-repo "${repoRoot}" k8s-persistence --files ${files}`, repo);
    const broken = tryRepo('manifests/sts.yaml manifests/ok.yaml');
    assert.equal(broken.status, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, /^k8s-persistence\.+Failed$/m);
    assert.match(broken.stdout, /^manifests\/sts\.yaml:28:9: warning statefulset-emptydir /m);
    const clean = tryRepo('manifests/ok.yaml');
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^k8s-persistence\.+Passed$/m);
  });
});
