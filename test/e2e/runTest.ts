// Runs test/e2e/suite in desktop VS Code with @vscode/test-electron (lsp-sample's runTest, without its sleeps).
//   npm run test:e2e      VSCODE_EXECUTABLE=/path/to/code   or   K8SP_E2E_DOWNLOAD=1 (let test-electron download VS Code)
// Without either it prints why and exits 0: this machine cannot download VS Code, and the same checks run in
// VS Code for the Web through `npm run test:e2e-browser`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/fixtures';

/** Bundles the suite next to nothing else: the extension host loads it with `require`. */
export async function buildSuite(outdir: string): Promise<string> {
  const suite = path.join(repoRoot, 'test', 'e2e', 'suite');
  await esbuild.build({
    entryPoints: fs.readdirSync(suite).filter((f) => f.endsWith('.ts')).map((f) => path.join(suite, f)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

async function main(): Promise<number> {
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    if (process.env.K8SP_E2E_DOWNLOAD !== '1') {
      console.log(
        'test:e2e skipped: VSCODE_EXECUTABLE is not set and downloading VS Code is off (set K8SP_E2E_DOWNLOAD=1 ' +
          'where VS Code can be downloaded). The same checks run in VS Code for the Web: npm run test:e2e-browser.',
      );
      return 0;
    }
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', timeout: 120_000 });
    } catch (e) {
      console.log(`test:e2e skipped: VS Code could not be downloaded (${(e as Error).message})`);
      return 0;
    }
  }
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const extensionTestsPath = await buildSuite(path.join(repoRoot, '.vscode-test', 'e2e-out'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(tmp, 'user-data')],
    });
  } catch (e) {
    console.error(`test:e2e failed: ${(e as Error).message}`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then((code) => process.exit(code));
}
