// `npm run demo`: the built CLI on examples/ (the seed's three manifests): what it reports, then the fix as a diff.
// Exits non-zero when the CLI does not behave as the demo says (so the demo doubles as a smoke test).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'server', 'out', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error(`demo: ${path.relative(root, cli)} is missing: run \`npm run build\` first (\`npm run demo\` does).`);
  process.exit(2);
}

function show(heading, args) {
  console.log(`\n== ${heading}\n$ k8s-persistence ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  console.log(`(exit status ${result.status})`);
  return result;
}

const problems = [];
const expect = (ok, what) => ok || problems.push(what);

const lint = show('Lint the examples: the StatefulSet that keeps /test in an emptyDir is reported', ['lint', 'examples']);
expect(lint.status === 1, 'lint exits 1 (it reports warnings)');
expect(/^examples\/sts-emptyDir\.yaml:28:9: warning statefulset-emptydir /m.test(lint.stdout), 'lint reports statefulset-emptydir');
expect(/^examples\/sts-emptyDir\.yaml:13:13: warning unmounted-claim-template /m.test(lint.stdout), 'lint reports unmounted-claim-template');
expect(lint.stdout.trim().split('\n').length === 2, 'lint reports exactly two problems');

const fix = show('Fix it (printed as a diff; add --write to apply): mount the claim template instead of the emptyDir', [
  'fix',
  'examples/sts-emptyDir.yaml',
]);
expect(fix.status === 0, 'fix exits 0');
expect(fix.stdout.startsWith('--- a/examples/sts-emptyDir.yaml\n+++ b/examples/sts-emptyDir.yaml\n'), 'fix prints a unified diff');
expect(/^\+ +name: sts-test$/m.test(fix.stdout) && /^- +emptyDir: \{\}$/m.test(fix.stdout), 'the diff mounts sts-test and drops the emptyDir');

if (problems.length > 0) {
  console.error(`\ndemo: the CLI did not behave as expected:\n${problems.map((p) => `  - not true: ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('\ndemo: OK');
