// The language server in a real Neovim (Debian's nvim 0.7, headless): test/neovim/lsp-session.lua starts it for a
// YAML buffer of the article's broken StatefulSet, waits for its diagnostics, asks for code actions at the
// emptyDir, applies the preferred one and writes the file. The diagnostics must be the CLI's, at the same
// positions, no action may carry a VS Code command, and the file must be what `fix` makes of it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintText } from '../../server/src/cli/lint';
import { fixAll } from '../../server/src/service/fixAll';
import { defaultSettings } from '../../server/src/settings';
import { serverPath } from '../support/lspClient';
import { repoRoot } from '../support/fixtures';

const session = path.join(repoRoot, 'test', 'neovim', 'lsp-session.lua');
const seed = fs.readFileSync(path.join(repoRoot, 'examples', 'sts-emptyDir.yaml'), 'utf8');

interface Report {
  readonly error?: string;
  readonly nvim: string;
  readonly diagnostics: { code: string; source: string; severity: number; message: string; lnum: number; col: number; end_lnum: number; end_col: number }[];
  readonly actions: { title: string; kind: string; isPreferred: boolean; command: boolean }[];
  readonly applied: string;
  readonly cleared: boolean;
  readonly after: string[];
}

test('Neovim: diagnostics at exact positions, the preferred code action applied and written', (t) => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    t.skip(`nvim is not installed (apt-get install neovim; .ci/run does): ${version.error?.message ?? version.stderr}`);
    return;
  }
  assert.ok(fs.existsSync(serverPath), `${serverPath} exists: run \`npm run build\` first (\`npm test\` does)`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-nvim-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const manifest = path.join(scratch, 'sts-emptyDir.yaml');
  const report = path.join(scratch, 'report.json');
  fs.writeFileSync(manifest, seed);

  const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${session}`], {
    cwd: scratch,
    env: { ...process.env, K8SP_NODE: process.execPath, K8SP_SERVER: serverPath, K8SP_MANIFEST: manifest, K8SP_REPORT: report },
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.ok(fs.existsSync(report), `nvim wrote its report (status ${run.status}, ${run.error?.message ?? ''}): ${run.stdout}${run.stderr}`);
  const result = JSON.parse(fs.readFileSync(report, 'utf8')) as Report;
  assert.equal(result.error, undefined, result.error);
  assert.equal(run.status, 0, run.stderr);

  // The same findings as the CLI, at the same (0-based, UTF-16; the file is ASCII) positions, with their rule ids.
  const expected = lintText(manifest, seed, defaultSettings, '').results.map((r) => ({
    code: r.ruleId,
    lnum: r.range.start.line,
    col: r.range.start.character,
    end_lnum: r.range.end.line,
    end_col: r.range.end.character,
    message: r.message,
  }));
  const seen = result.diagnostics
    .map(({ code, lnum, col, end_lnum, end_col, message }) => ({ code, lnum, col, end_lnum, end_col, message }))
    .sort((a, b) => a.lnum - b.lnum);
  assert.deepEqual(seen, expected);
  assert.deepEqual(expected.map((d) => [d.code, d.lnum + 1, d.col + 1]), [['unmounted-claim-template', 13, 13], ['statefulset-emptydir', 28, 9]]);
  assert.ok(result.diagnostics.every((d) => d.source === 'k8s-persistence' && d.severity === 2), 'warnings from k8s-persistence');

  // Neovim did not say it runs the VS Code client's command: no action carries it.
  assert.deepEqual(result.actions.filter((a) => a.command), []);
  assert.equal(result.applied, "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'");
  assert.deepEqual(result.actions.filter((a) => a.isPreferred).map((a) => a.title), [result.applied]);
  assert.equal(fs.readFileSync(manifest, 'utf8'), fixAll(seed, defaultSettings).output, 'the written file is what `fix` makes of the seed');
  assert.ok(result.cleared, 'the statefulset-emptydir diagnostic went after the edit');
  assert.deepEqual(result.after, [], 'and so did the unmounted claim template (one fix for both)');
  t.diagnostic(`nvim ${result.nvim}: ${result.diagnostics.length} diagnostics, ${result.actions.length} code actions, applied "${result.applied}"`);
});
