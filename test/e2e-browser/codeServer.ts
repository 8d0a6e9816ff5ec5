// Starts and stops a throwaway code-server (VS Code's server + web workbench) with the packaged extension installed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { codeServerBin } from '../support/codeServer';

const run = promisify(execFile);

export interface CodeServer {
  url: string;
  /** `127.0.0.1:port`: the remote authority of the workbench's `vscode-remote:` URIs. */
  authority: string;
  extensionsDir: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic: no welcome page, no trust prompt, no auto-save. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.hover.delay': 100,
  'editor.stickyScroll.enabled': false,
  'problems.sortOrder': 'position',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function installExtension(bin: string, vsix: string, extensionsDir: string, userDataDir: string): Promise<string> {
  const { stdout, stderr } = await run(
    bin,
    ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force'],
    { timeout: 120_000 },
  );
  const out = stdout + stderr;
  if (!/successfully installed/i.test(out)) throw new Error(`code-server --install-extension failed:\n${out}`);
  return out;
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${fs.readFileSync(logFile, 'utf8')}`);
}

/**
 * Starts code-server on a free port of 127.0.0.1, without auth, with its own user-data and extensions folders,
 * the .vsix installed there if one is given. `env` reaches the extension host, which inherits the server's.
 */
export async function startCodeServer(bin: string, root: string, vsix?: string, env: Record<string, string> = {}): Promise<CodeServer> {
  const extensionsDir = path.join(root, 'extensions');
  const userDataDir = path.join(root, 'user-data');
  const logFile = path.join(root, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const config = path.join(root, 'code-server.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (vsix) await installExtension(bin, vsix, extensionsDir, userDataDir);

  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  // Its own process group, so that stop() also ends the extension host, the language server and file watchers.
  const child = spawn(
    bin,
    [
      '--config', config,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...env, XDG_CONFIG_HOME: path.join(root, 'xdg-config') } },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signalGroup('SIGKILL'); // children that outlived their parent (file watcher, extension host)
  };
  try {
    await waitForHttp(url, child, logFile, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, authority: `127.0.0.1:${port}`, extensionsDir, userDataDir, logFile, stop };
}

/** Process ids of the language servers that this code-server's extension host runs from `extensionsDir`. */
export function languageServerPids(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a.startsWith(extensionsDir) && a.endsWith(path.join('server', 'out', 'server.js')))) pids.push(Number(entry));
  }
  return pids;
}

/** Where the browser tests find code-server and Chromium, or why they skip. */
export function browserSetup(): { bin: string | undefined; skip: string | false } {
  const bin = codeServerBin();
  const skip = !bin
    ? 'code-server is not installed: run ../shared/tools/install-code-server.sh "$HOME/.cache/k8s-persistence/code-server"'
    : !fs.existsSync(chromiumPath)
      ? `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`
      : false;
  return { bin, skip };
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium, with the background traffic this closed network refuses turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
