// Runs test/e2e/suite in desktop VS Code with @vscode/test-electron (lsp-sample's runTest, without its sleeps).
//   npm run test:e2e      uses VSCODE_EXECUTABLE=/path/to/code if set; otherwise downloads VS Code (stable) into
//                         .vscode-test, giving up after K8SP_E2E_DOWNLOAD_TIMEOUT_MS (default 60 s).
// Only when there is no executable and the download fails does it print why and exit 0: the same checks run in
// VS Code for the Web through `npm run test:e2e-browser`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests, type DownloadOptions } from '@vscode/test-electron';
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

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;

export type Downloader = (options: Partial<DownloadOptions>) => Promise<string>;

/**
 * The VS Code to test in: `VSCODE_EXECUTABLE`, else a download bounded by `timeoutMs` in all (test-electron's own
 * timeout only ends a download that stalls, and it retries). Without either, why the suite is skipped.
 */
export async function findVSCode(
  env: NodeJS.ProcessEnv,
  download: Downloader = downloadAndUnzipVSCode,
  timeoutMs = Number(env.K8SP_E2E_DOWNLOAD_TIMEOUT_MS) || DEFAULT_DOWNLOAD_TIMEOUT_MS,
): Promise<{ executable: string } | { skip: string }> {
  if (env.VSCODE_EXECUTABLE) return { executable: env.VSCODE_EXECUTABLE };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no VS Code after ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return { executable: await Promise.race([download({ version: 'stable', cachePath: path.join(repoRoot, '.vscode-test'), timeout: timeoutMs }), timeout]) };
  } catch (e) {
    return {
      skip:
        `test:e2e skipped: VSCODE_EXECUTABLE is not set and VS Code could not be downloaded (${firstLine(e)}). ` +
        'Set VSCODE_EXECUTABLE=/path/to/code to run it; the same checks run in VS Code for the Web: npm run test:e2e-browser.',
    };
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || String(error);
}

async function main(): Promise<number> {
  const found = await findVSCode(process.env);
  if ('skip' in found) {
    console.log(found.skip);
    return 0;
  }
  const vscodeExecutablePath = found.executable;
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
