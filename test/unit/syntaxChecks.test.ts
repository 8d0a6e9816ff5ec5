// The server's deferred syntax checks (server/src/lsp/syntaxChecks.ts) with the bundled worker: the same result as a
// check on the spot, never within the call, one at a time, only while wanted, held while the main thread analyses,
// and still answered when a document outgrows the worker's heap or no worker can start.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { SyntaxChecks } from '../../server/src/lsp/syntaxChecks';
import { checkSyntax, SyntaxCheck } from '../../server/src/yaml/syntax';
import { repoRoot } from '../support/fixtures';

const workerPath = path.join(repoRoot, 'server', 'out', 'syntaxCheckWorker.js');
const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  key: [unclosed\n';
const clean = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  key: value\n';
const logged: string[] = [];
const checks = new SyntaxChecks(workerPath, (message) => logged.push(message));
after(() => checks.dispose());

function checked(on: SyntaxChecks, text: string, wanted = () => true): Promise<SyntaxCheck> {
  return new Promise((resolve) => on.check(text, wanted, resolve));
}

test('a check in the worker finds what a check here finds, and answers after the call returns', async () => {
  let answered = false;
  const result = new Promise<SyntaxCheck>((resolve) =>
    checks.check(broken, () => true, (check) => {
      answered = true;
      resolve(check);
    }),
  );
  assert.equal(answered, false);
  assert.deepEqual(await result, checkSyntax(broken));
  assert.equal((await result).errors.length, 1);
  assert.deepEqual(await checked(checks, clean), { errors: [], goTemplate: false });
});

test('a check no longer wanted when its turn comes is dropped; the next one runs', async () => {
  const done: string[] = [];
  checks.check(broken, () => false, () => done.push('unwanted'));
  assert.deepEqual(await checked(checks, clean), { errors: [], goTemplate: false });
  assert.deepEqual(done, []);
});

test('while held, no check starts; the release starts them', async () => {
  const release = checks.hold();
  let answered = false;
  const result = checked(checks, broken).then((check) => ((answered = true), check));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(answered, false, 'held');
  release();
  release();
  assert.equal((await result).errors.length, 1);
});

test('a document too large for the worker\'s first heap is checked again in a larger one', { timeout: 120_000 }, async () => {
  // About 4 MB of mapping: more than the first 48 MB heap can parse.
  const huge = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n${Array.from({ length: 150_000 }, (_, i) => `  key${i}: value ${i}\n`).join('')}  bad: [\n`;
  const result = await checked(checks, huge);
  assert.equal(result.errors.length, 1);
  assert.deepEqual(logged, [], 'no failure logged: the larger worker answered');
  assert.deepEqual(await checked(checks, broken), checkSyntax(broken), 'and the next check, in a worker of the first size');
});

test('where no worker can run, the checks run on the main thread, and say so', async () => {
  const messages: string[] = [];
  const here = new SyntaxChecks(path.join(repoRoot, 'server', 'out', 'no-such-worker.js'), (message) => messages.push(message));
  assert.deepEqual(await checked(here, broken), checkSyntax(broken));
  assert.deepEqual(await checked(here, clean), checkSyntax(clean));
  assert.ok(messages.length > 0 && messages.every((m) => /syntax check worker/.test(m)), messages.join('\n'));
  here.dispose();
});
