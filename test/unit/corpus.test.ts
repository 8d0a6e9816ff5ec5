// The built CLI over ../shared/corpus/ (public manifests nobody on this project wrote): it finishes without crashing,
// in bounded time, and reports exactly the findings judged in docs/corpus-findings.md. A new finding (a new false
// alarm, or a true one to judge) and a lost true finding both fail here; so does a fix that breaks a real file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusRoot as corpus, repoRoot } from '../support/fixtures';

const cliPath = path.join(repoRoot, 'server', 'out', 'cli.js');
/** Generous for CI: the whole corpus (two 35,000-line files among 266) takes about 1.5 s here. */
const BOUND_MS = 30_000;

type Verdict = 'true' | 'false alarm';

/** Every finding over the corpus, as judged in docs/corpus-findings.md (which says why for each one). */
const JUDGED: readonly { at: string; ruleId: string; verdict: Verdict }[] = [
  {
    at: 'kubernetes-examples/_archived/cockroachdb/cockroachdb-statefulset.yaml:165:15',
    ruleId: 'claim-template-shadows-volume',
    verdict: 'true',
  },
  { at: 'peers/kube-linter/statefulset-volumeclaimtemplate-annotation.yml:21:13', ruleId: 'unmounted-claim-template', verdict: 'true' },
  { at: 'peers/kube-linter/statefulset-volumeclaimtemplate-annotation.yml:50:13', ruleId: 'unmounted-claim-template', verdict: 'true' },
  { at: 'seed/sts-emptyDir.yaml:13:13', ruleId: 'unmounted-claim-template', verdict: 'true' },
  { at: 'seed/sts-emptyDir.yaml:28:9', ruleId: 'statefulset-emptydir', verdict: 'true' },
  // kube-score's fixtures for its own StatefulSet checks: each is the mistake it was written to show.
  { at: 'peers/kube-score/statefulset-different-labels.yaml:8:12', ruleId: 'selector-mismatch', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-service-name-different-label.yaml:21:12', ruleId: 'selector-mismatch', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-service-name-different-label.yaml:22:16', ruleId: 'statefulset-service', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-service-name-different-name.yaml:22:16', ruleId: 'statefulset-service', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-service-name-not-headless.yaml:21:16', ruleId: 'statefulset-service', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-test-resources.yaml:2:7', ruleId: 'statefulset-service', verdict: 'true' },
  { at: 'peers/kube-score/statefulset-test-resources.yaml:8:12', ruleId: 'selector-mismatch', verdict: 'true' },
  // Archived examples in versions current Kubernetes no longer serves: said to be not analysed (information).
  { at: 'kubernetes-examples/_archived/newrelic-infrastructure/newrelic-infra-daemonset.yaml:1:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/account-specified-hdd/storageclass-account-hdd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/dedicated-hdd/storageclass-dedicated-hdd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-hdd/storageclass-shared-hdd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-ssd/storageclass-shared-ssd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-hdd/storageclass-managed-hdd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-ssd/storageclass-managed-ssd.yaml:2:13', ruleId: 'unserved-api-version', verdict: 'true' },
  { at: 'kubernetes-examples/_archived/volumes/flexvolume/deploy/ds.yaml:1:13', ruleId: 'unserved-api-version', verdict: 'true' },
  // Databases with no volume at their data directory: the files live in the container's writable layer.
  { at: 'kubernetes-examples/_archived/javaee/mysql-pod.yaml:11:14', ruleId: 'ephemeral-database-storage', verdict: 'true' },
  { at: 'kubernetes-examples/web/guestbook-go/redis-master-controller.yaml:22:16', ruleId: 'ephemeral-database-storage', verdict: 'true' },
];

/** Workloads judged right as they are, each for a reason a rule must keep honouring: no finding inside them. */
const SILENT: readonly { file: string; kind: string; name: string; why: string }[] = [
  { file: 'argo-cd/ha/install.yaml', kind: 'StatefulSet', name: 'argocd-redis-ha-server', why: 'emptyDir /data is a cache (save "") filled by the config-init init container' },
  { file: 'argo-cd/install.yaml', kind: 'StatefulSet', name: 'argocd-application-controller', why: 'emptyDir argocd-home is the home directory /home/argocd of a read-only image: scratch' },
  { file: 'argo-cd/ha/install.yaml', kind: 'StatefulSet', name: 'argocd-application-controller', why: 'emptyDir argocd-home is the home directory /home/argocd of a read-only image: scratch' },
  { file: 'peers/kube-score/statefulset-nested-ignores.yaml', kind: 'StatefulSet', name: 'trivy', why: 'emptyDir only at /tmp; the data claim template is mounted' },
  { file: 'seed/deployment-emptyDir.yaml', kind: 'Deployment', name: 'deploy-test', why: 'not a StatefulSet' },
  { file: 'seed/sts-volume-template.yaml', kind: 'StatefulSet', name: 'sts-vt-test', why: 'the corrected manifest' },
  { file: 'kubernetes-examples/databases/cassandra/cassandra-statefulset.yaml', kind: 'StatefulSet', name: 'cassandra', why: 'claim template mounted by name' },
  { file: 'kubernetes-examples/_archived/storage/minio/minio-distributed-statefulset.yaml', kind: 'StatefulSet', name: 'minio', why: 'claim template mounted by name' },
];

interface Problem {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  ruleId: string;
  message: string;
}

const at = (p: Problem) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
const key = (p: { at: string; ruleId: string }) => `${p.at} ${p.ruleId}`;

function lintJson(cwd: string): { problems: Problem[]; status: number | null; ms: number; stderr: string } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '.'], {
    cwd,
    encoding: 'utf8',
    timeout: 2 * BOUND_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { problems: JSON.parse(result.stdout), status: result.status, ms: Date.now() - started, stderr: result.stderr };
}

/** The 1-based lines of the document of `file` that holds the object of that kind and name. */
function linesOf(file: string, kind: string, name: string): [number, number] {
  const lines = fs.readFileSync(path.join(corpus, file), 'utf8').split('\n');
  const starts = [0, ...lines.flatMap((line, i) => (/^---(\s|$)/.test(line) ? [i] : []))];
  for (let d = 0; d < starts.length; d++) {
    const doc = lines.slice(starts[d], starts[d + 1] ?? lines.length);
    if (doc.some((l) => l.trim() === `kind: ${kind}`) && doc.some((l) => l === `  name: ${name}`)) {
      return [starts[d] + 1, (starts[d + 1] ?? lines.length) + 1];
    }
  }
  throw new Error(`${kind} ${name} is in ${file}`);
}

describe('the CLI over ../shared/corpus/', { skip: !fs.existsSync(corpus) && `no corpus at ${corpus} (the project's shared/ folder sits beside the repository)` }, () => {
  let run: ReturnType<typeof lintJson>;
  before(() => {
    assert.ok(fs.existsSync(cliPath), `${cliPath} exists: run \`npm run build\` first (\`npm test\` does)`);
    run = lintJson(corpus);
  });

  it(`finishes without crashing within ${BOUND_MS / 1000} s, with a valid JSON report`, () => {
    assert.ok(run.status === 0 || run.status === 1, `exit status 0 or 1, not ${run.status}: ${run.stderr}`);
    assert.equal(run.stderr, '');
    assert.ok(run.ms < BOUND_MS, `took ${run.ms} ms`);
    assert.ok(Array.isArray(run.problems));
    for (const p of run.problems) {
      // docsUri and fix are there when the result has a rule page and a preferred fix.
      assert.deepEqual(Object.keys(p).filter((k) => k !== 'docsUri' && k !== 'fix'), ['file', 'ruleId', 'severity', 'message', 'range', 'related']);
    }
  });

  it('reports no finding that is not judged in docs/corpus-findings.md (a new false alarm fails here)', () => {
    const judged = new Set(JUDGED.map(key));
    const unjudged = run.problems.filter((p) => !judged.has(key({ at: at(p), ruleId: p.ruleId })));
    assert.deepEqual(unjudged.map((p) => `${at(p)} ${p.ruleId}: ${p.message}`), [], 'judge these and record them in docs/corpus-findings.md');
  });

  it('still reports every finding judged true', () => {
    const reported = new Set(run.problems.map((p) => key({ at: at(p), ruleId: p.ruleId })));
    const lost = JUDGED.filter((j) => j.verdict === 'true' && !reported.has(key(j)));
    assert.deepEqual(lost, []);
    assert.equal(run.status, 1, 'true findings are warnings, so lint exits 1');
  });

  it('says nothing about workloads judged right, and no error but the judged ones (manifests the API server rejects)', (t) => {
    for (const s of SILENT) {
      const [from, to] = linesOf(s.file, s.kind, s.name);
      const inside = run.problems.filter((p) => p.file === s.file && p.range.start.line + 1 >= from && p.range.start.line + 1 < to);
      assert.deepEqual(inside.map(at), [], `${s.kind} ${s.name} stays silent: ${s.why}`);
    }
    const rejected = new Set(JUDGED.filter((j) => j.verdict === 'true' && j.ruleId === 'selector-mismatch').map((j) => j.at));
    assert.deepEqual(run.problems.filter((p) => p.severity === 'error' && !rejected.has(at(p))).map(at), []);
    const known = JUDGED.filter((j) => j.verdict === 'false alarm');
    const gone = known.filter((j) => !run.problems.some((p) => key({ at: at(p), ruleId: p.ruleId }) === key(j)));
    if (gone.length > 0) t.diagnostic(`false alarms no longer reported (update docs/corpus-findings.md): ${gone.map(key).join(', ')}`);
  });

  describe('fix --write on a copy of the corpus', () => {
    let copy: string;
    before(() => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-corpus-'));
      fs.cpSync(corpus, copy, { recursive: true });
      for (const file of fs.readdirSync(copy, { recursive: true }) as string[]) {
        fs.chmodSync(path.join(copy, file), fs.statSync(path.join(copy, file)).isDirectory() ? 0o755 : 0o644);
      }
    });
    after(() => {
      if (copy) fs.rmSync(copy, { recursive: true, force: true });
    });

    it('fixes every finding that has a preferred fix, breaks no file, and a second run changes nothing', () => {
      const fixed = spawnSync(process.execPath, [cliPath, 'fix', '--write', '.'], { cwd: copy, encoding: 'utf8', timeout: 2 * BOUND_MS });
      assert.equal(fixed.status, 0, fixed.stderr);
      assert.equal(fixed.stderr, '2 files of 266 fixed\n');
      const remaining = lintJson(copy);
      assert.deepEqual(remaining.problems.map((p) => key({ at: at(p), ruleId: p.ruleId })), [
        // A pod volume that refers to a claim: removing it is offered, never applied unasked.
        'kubernetes-examples/_archived/cockroachdb/cockroachdb-statefulset.yaml:165:15 claim-template-shadows-volume',
        // A claim template that nothing could have meant to mount: no preferred fix, so it stays.
        // A database in a Pod or a Deployment: the conversion to a StatefulSet is a refactor, not a quick fix.
        'kubernetes-examples/_archived/javaee/mysql-pod.yaml:11:14 ephemeral-database-storage',
        // Not analysed: a version no longer served has no fix.
        'kubernetes-examples/_archived/newrelic-infrastructure/newrelic-infra-daemonset.yaml:1:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/account-specified-hdd/storageclass-account-hdd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/dedicated-hdd/storageclass-dedicated-hdd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-hdd/storageclass-shared-hdd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-ssd/storageclass-shared-ssd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-hdd/storageclass-managed-hdd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-ssd/storageclass-managed-ssd.yaml:2:13 unserved-api-version',
        'kubernetes-examples/_archived/volumes/flexvolume/deploy/ds.yaml:1:13 unserved-api-version',
        'kubernetes-examples/web/guestbook-go/redis-master-controller.yaml:22:16 ephemeral-database-storage',
        'peers/kube-linter/statefulset-volumeclaimtemplate-annotation.yml:21:13 unmounted-claim-template',
        'peers/kube-linter/statefulset-volumeclaimtemplate-annotation.yml:50:13 unmounted-claim-template',
        // A template label that contradicts the selector: changing it may unselect the Pods from a Service, so the
        // fix is offered, not preferred.
        'peers/kube-score/statefulset-different-labels.yaml:8:12 selector-mismatch',
        'peers/kube-score/statefulset-service-name-different-label.yaml:21:12 selector-mismatch',
        'peers/kube-score/statefulset-service-name-different-label.yaml:22:16 statefulset-service',
        // serviceName cannot change on an existing StatefulSet: its fixes are never applied unasked.
        'peers/kube-score/statefulset-service-name-different-name.yaml:22:16 statefulset-service',
        'peers/kube-score/statefulset-service-name-not-headless.yaml:21:16 statefulset-service',
        'peers/kube-score/statefulset-test-resources.yaml:2:7 statefulset-service',
      ]);
      const again = spawnSync(process.execPath, [cliPath, 'fix', '.'], { cwd: copy, encoding: 'utf8', timeout: 2 * BOUND_MS });
      assert.equal(again.status, 0);
      assert.equal(again.stdout, '');
    });
  });
});
