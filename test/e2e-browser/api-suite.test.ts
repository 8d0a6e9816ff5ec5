// The @vscode/test-electron suite (test/e2e/suite: diagnostics, quick fix, hover, snippet, commands, crash restart
// through VS Code's extension API) run where a VS Code exists here: code-server's extension host, started by the
// web workbench with `extensionDevelopmentPath` + `extensionTestsPath`, on the production build of the package.
// The web workbench does not pass the tests' result on as an exit code, so the suite writes one line per test to
// the file in K8SP_E2E_REPORT, which this test reads.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildSuite, DEFAULT_DOWNLOAD_TIMEOUT_MS, findVSCode } from '../e2e/runTest';
import { repoRoot } from '../support/fixtures';
import { packageInScratchCopy } from '../support/vsix';
import { browserSetup, launchChromium, startCodeServer, type CodeServer } from './codeServer';
import { waitFor } from './workbench';

const { bin, skip } = browserSetup();

describe('test/e2e/suite in code-server\'s extension host', { skip, timeout: 10 * 60_000 }, () => {
  let root: string;
  let scratch: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-e2e-api-'));
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    for (const dir of [root, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes every test of the suite', { timeout: 8 * 60_000 }, async () => {
    scratch = packageInScratchCopy().dir; // production bundles, as packaged
    const tests = await buildSuite(path.join(scratch, '.vscode-test', 'e2e-out'));
    const workspace = path.join(root, 'workspace');
    fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    const report = path.join(root, 'report.txt');
    server = await startCodeServer(bin!, root, undefined, { K8SP_E2E_REPORT: report });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const remote = (p: string) => `vscode-remote://${server!.authority}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(scratch)],
      ['extensionTestsPath', remote(tests)],
    ]);
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const lines = await waitFor('the suite to finish', async () => {
      const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
      return /^done /m.test(text) ? text.trim().split('\n') : undefined;
    }, 5 * 60_000).catch(async (e) => {
      fs.mkdirSync(path.join(repoRoot, 'test-results', 'e2e-browser'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-browser', 'FAILED-api-suite.png') });
      fs.copyFileSync(server!.logFile, path.join(repoRoot, 'test-results', 'e2e-browser', 'code-server-api-suite.log'));
      throw e;
    });
    for (const line of lines) console.log(`  [test/e2e/suite] ${line}`);
    const failed = lines.filter((l) => l.startsWith('fail '));
    assert.deepEqual(failed, [], failed.join('\n'));
    const [, passed, failures] = /^done (\d+) passed, (\d+) failed$/.exec(lines.at(-1)!)!;
    const declared = [...fs.readFileSync(path.join(repoRoot, 'test', 'e2e', 'suite', 'extension.test.ts'), 'utf8').matchAll(/^\s*test\(/gm)].length;
    assert.equal(Number(failures), 0);
    assert.equal(Number(passed), declared, 'every test of the suite ran and passed');
  });
});

// `npm run test:e2e` runs the same suite in desktop VS Code: given one, or downloaded; skipped only when neither works.
describe('npm run test:e2e: which VS Code it runs the suite in', () => {
  const never = () => new Promise<string>(() => undefined);

  it('VSCODE_EXECUTABLE, without downloading', async () => {
    const found = await findVSCode({ VSCODE_EXECUTABLE: '/opt/code/bin/code' }, () => assert.fail('downloads'));
    assert.deepEqual(found, { executable: '/opt/code/bin/code' });
  });

  it('without it, stable VS Code downloaded into .vscode-test, bounded by the default timeout', async () => {
    const calls: object[] = [];
    const found = await findVSCode({}, async (options) => {
      calls.push(options);
      return '/cache/vscode-linux-x64-1.100.0/code';
    });
    assert.deepEqual(found, { executable: '/cache/vscode-linux-x64-1.100.0/code' });
    assert.deepEqual(calls, [
      { version: 'stable', cachePath: path.join(repoRoot, '.vscode-test'), timeout: DEFAULT_DOWNLOAD_TIMEOUT_MS },
    ]);
  });

  it('a failed download skips the suite, saying why in one line', async () => {
    const found = await findVSCode({}, () => Promise.reject(new Error('getaddrinfo ENOTFOUND update.code.visualstudio.com\n  at …')));
    assert.ok('skip' in found);
    assert.match(found.skip, /^test:e2e skipped: VSCODE_EXECUTABLE is not set and VS Code could not be downloaded \(getaddrinfo ENOTFOUND update\.code\.visualstudio\.com\)\. /);
    assert.doesNotMatch(found.skip, /\n/);
  });

  it('a download that does not finish in time skips the suite once the timeout has passed', async () => {
    const started = Date.now();
    const found = await findVSCode({ K8SP_E2E_DOWNLOAD_TIMEOUT_MS: '100' }, never);
    assert.ok(Date.now() - started >= 90, 'waited for the timeout');
    assert.ok('skip' in found);
    assert.match(found.skip, /could not be downloaded \(no VS Code after 0\.1 s\)/);
  });
});
