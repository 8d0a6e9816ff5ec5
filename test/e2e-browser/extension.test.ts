// End to end in a real VS Code: the packaged .vsix installed into code-server (VS Code's server and web workbench),
// driven through headless Chromium like a user would. Skipped, with the reason, where code-server or Chromium is
// missing (install them with ../shared/tools/install-code-server.sh DIR).
//   npm run test:e2e-browser        env: K8SP_VSIX=path (use a built .vsix), CHROMIUM_PATH, CODE_SERVER_DIR,
//                                        K8SP_UPDATE_SCREENSHOT=1 (refresh docs/images/workbench.png)
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/fixtures';
import { packageInScratchCopy } from '../support/vsix';
import { browserSetup, languageServerPids, launchChromium, startCodeServer, type CodeServer } from './codeServer';
import { waitFor, Workbench } from './workbench';

const { bin, skip } = browserSetup();
if (skip) console.log(`e2e-browser skipped: ${skip}`);

const results = path.join(repoRoot, 'test-results', 'e2e-browser');
const SEED = 'sts-emptyDir.yaml';
const SNIPPET_FILE = 'new-statefulset.yaml';

describe('k8s-persistence in VS Code for the Web (code-server + Chromium)', { skip, timeout: 15 * 60_000 }, () => {
  let root: string;
  let scratch: string | undefined;
  let workspace: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let wb: Workbench;
  let seedText: string;

  const shot = async (name: string) => {
    fs.mkdirSync(results, { recursive: true });
    const file = path.join(results, `${name}.png`);
    await page?.screenshot({ path: file }).catch(() => undefined);
    return file;
  };
  /** A test step that leaves a screenshot and the code-server log behind when it fails. */
  const step = (name: string, fn: () => Promise<void>) =>
    it(name, { timeout: 180_000 }, async () => {
      try {
        await fn();
      } catch (e) {
        const file = await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
        if (server) fs.copyFileSync(server.logFile, path.join(results, 'code-server.log'));
        console.log(`screenshot of the failure: ${file}`);
        throw e;
      }
    });

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-e2e-'));
    workspace = path.join(root, 'workspace');
    fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, SNIPPET_FILE), '');
    seedText = fs.readFileSync(path.join(workspace, SEED), 'utf8');

    let vsix = process.env.K8SP_VSIX;
    if (!vsix) {
      const built = packageInScratchCopy();
      scratch = built.dir;
      vsix = built.vsix;
    }
    server = await startCodeServer(bin!, root, vsix);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    wb = new Workbench(page);
    await wb.open(server.url, workspace);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    for (const dir of [root, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  step('the Problems panel lists both diagnostics of the seed StatefulSet, at their lines', async () => {
    await wb.openFile(SEED);
    const rows = await waitFor('our two diagnostics in the Problems panel', async () => {
      const all = await wb.problems();
      const ours = all.filter((r) => r.includes('k8s-persistence'));
      return ours.length >= 2 ? ours : undefined;
    }, 60_000);
    assert.equal(rows.length, 2, rows.join('\n'));
    const emptyDir = rows.find((r) => r.includes('statefulset-emptydir'));
    const unmounted = rows.find((r) => r.includes('unmounted-claim-template'));
    assert.ok(emptyDir, rows.join('\n'));
    assert.ok(unmounted, rows.join('\n'));
    assert.match(emptyDir, /\[Ln 28, Col 9\]/, emptyDir); // the `emptyDir` key of volume `empty-dir`
    assert.match(unmounted, /\[Ln 13, Col 13\]/, unmounted); // the claim template's name `sts-test`
  });

  step('the language status item says the server is running and how many documents it analysed', async () => {
    const item = page.locator('.statusbar-item[id="status.languageStatus"]');
    await item.hover();
    const text = await waitFor('the language status hover', async () => {
      const t = await page.locator('.monaco-hover:not(.hidden)').first().textContent({ timeout: 2000 });
      return t && /k8s-persistence: running, \d+ documents? analysed/.test(t) ? t : undefined;
    });
    assert.match(text, /running, [1-9]\d* documents? analysed/);
    await page.keyboard.press('Escape');
    await page.mouse.move(700, 400);
  });

  step('a crashed language server is restarted and serves requests again', async () => {
    const [pid, ...others] = languageServerPids(server!.extensionsDir);
    assert.ok(pid, 'the language server process runs');
    assert.deepEqual(others, [], 'one language server');
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor('a new language server process', async () => {
      const pids = languageServerPids(server!.extensionsDir);
      return pids.length === 1 && pids[0] !== pid ? pids[0] : undefined;
    }, 60_000);
    assert.notEqual(restarted, pid);
    // The old process is gone, so the diagnostics (and the hover and quick fix below) come from the new one.
    await waitFor('both diagnostics again', async () => (await wb.problems()).filter((r) => r.includes('k8s-persistence')).length === 2, 60_000);
  });

  step('a hover on the emptyDir key explains that its data goes with the Pod', async () => {
    await wb.focusEditor();
    await wb.goTo(28, 9);
    const text = await waitFor('a hover from k8s-persistence', async () => {
      const t = await wb.hoverAtCursor();
      return /emptyDir/.test(t) && /pod/i.test(t) ? t : undefined;
    });
    assert.match(text, /delet/i, text);
    // The hover fades in: let its animation finish so that the screenshot shows it, not a blend of it and the code.
    await page.waitForFunction('document.getAnimations().every((a) => a.playState !== "running")', undefined, { timeout: 10_000 });
    const file = await shot('workbench');
    if (process.env.K8SP_UPDATE_SCREENSHOT === '1') {
      fs.mkdirSync(path.join(repoRoot, 'docs', 'images'), { recursive: true });
      fs.copyFileSync(file, path.join(repoRoot, 'docs', 'images', 'workbench.png'));
    }
    await page.keyboard.press('Escape');
  });

  step('"Show documentation for <rule>" in the Ctrl+. menu opens the rule page shipped in the extension', async () => {
    const title = 'Show documentation for statefulset-emptydir';
    await wb.focusEditor();
    await wb.goTo(28, 9);
    await waitFor('the documentation action', async () => {
      if ((await wb.quickFixes()).includes(title)) return true;
      await page.keyboard.press('Escape');
      return false;
    });
    await wb.chooseQuickFix(title);
    const tab = page.locator('.tab', { hasText: 'statefulset-emptydir.md' }).first();
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await tab.getAttribute('aria-label')) ?? '', /statefulset-emptydir\.md/);
    await wb.closeActiveTab();
    await tab.waitFor({ state: 'detached' });
    await wb.openFile(SEED);
  });

  step('"Show Rule Documentation" from the command palette offers the rules and opens the chosen page', async () => {
    await wb.command('Kubernetes Persistence: Show Rule Documentation');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const offered = await waitFor('the rule list', async () => {
      const labels = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      return labels.length >= 4 ? labels : undefined;
    });
    for (const id of ['statefulset-emptydir', 'unmounted-claim-template', 'unknown-volume-mount', 'claim-template-shadows-volume']) {
      assert.ok(offered.some((l) => l.includes(id)), offered.join('\n'));
    }
    await input.fill('unknown-volume-mount');
    await page.keyboard.press('Enter');
    const tab = page.locator('.tab', { hasText: 'unknown-volume-mount.md' }).first();
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.closeActiveTab();
    await tab.waitFor({ state: 'detached' });
    await wb.openFile(SEED);
  });

  step('Ctrl+. offers the preferred quick fix; applied and saved, it changes the file on disk', async () => {
    const title = "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'";
    await wb.focusEditor();
    await wb.goTo(28, 9);
    const offered = await waitFor('quick fixes', async () => {
      const fixes = await wb.quickFixes();
      if (fixes.some((f) => f.includes(title))) return fixes;
      await page.keyboard.press('Escape');
      return undefined;
    });
    assert.ok(offered.some((f) => f.includes('Show documentation for statefulset-emptydir')), offered.join('\n'));
    await wb.chooseQuickFix(title);
    await wb.save();
    const expected = seedText
      .replace('      volumes:\n      - name: empty-dir\n        emptyDir: {}\n', '')
      .replace(/name: empty-dir$/, 'name: sts-test');
    assert.notEqual(expected, seedText, 'the expected text differs from the seed');
    const onDisk = await waitFor('the fixed file on disk', async () => {
      const text = fs.readFileSync(path.join(workspace, SEED), 'utf8');
      return text !== seedText ? text : undefined;
    });
    assert.equal(onDisk, expected);
    await waitFor('no diagnostics left for the seed file', async () => !(await wb.problems()).some((r) => r.includes('k8s-persistence')));
  });

  step('the k8s-statefulset snippet expands in a YAML file', async () => {
    await wb.openFile(SNIPPET_FILE);
    await page.keyboard.type('k8s-statefulset');
    await wb.acceptSnippet('k8s-statefulset');
    await wb.save();
    const text = await waitFor('the snippet on disk', async () => {
      const t = fs.readFileSync(path.join(workspace, SNIPPET_FILE), 'utf8');
      return t.includes('kind: StatefulSet') ? t : undefined;
    });
    assert.match(text, /^apiVersion: apps\/v1$/m);
    assert.match(text, /volumeClaimTemplates:/);
    assert.doesNotMatch(text, /k8s-statefulset/, 'the prefix was replaced');
  });
});
