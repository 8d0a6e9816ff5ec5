// The layering check (`npm run layers`, dependency-cruiser) passes on the tree and refuses a back-import.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';

function depcruise(...targets: string[]) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');
  return spawnSync(bin, [...targets, '--config', '.dependency-cruiser.cjs'], { cwd: repoRoot, encoding: 'utf8' });
}

test('the core, the service and the client keep their layers', () => {
  const run = depcruise('server/src', 'client/src');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /no dependency violations found \(\d+ modules/);
});

test('a yaml/ module importing rules/ is refused, by name', () => {
  const run = depcruise('test/fixtures/layers');
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /error yaml-imports-upward: test\/fixtures\/layers\/server\/src\/yaml\/backImport\.ts → .*rules\/table\.ts/);
});
