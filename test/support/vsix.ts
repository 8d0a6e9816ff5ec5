// Builds the .vsix the way `npm run package` does, in a scratch copy of the repository (so that a test run never
// rewrites server/out or client/out under other tests' feet), and lists what is inside a .vsix.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { repoRoot } from './fixtures';

const SKIP = new Set(['node_modules', '.git', '.vscode-test', 'test-results']);

/** Copies the repository (without node_modules, build output or packages) and runs its `package` script there. */
export function packageInScratchCopy(): { dir: string; vsix: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-package-'));
  fs.cpSync(repoRoot, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(repoRoot, src);
      const parts = rel.split(path.sep);
      if (parts.some((p) => SKIP.has(p))) return false;
      if (/^(client|server)[\\/]out\b/.test(rel)) return false;
      return !rel.endsWith('.vsix');
    },
  });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  let log: string;
  try {
    log = execFileSync('npm', ['run', '--silent', 'package'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed in ${dir}:\n${stdout ?? ''}${stderr ?? ''}`.slice(0, 4000));
  }
  const vsix = fs.readdirSync(dir).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error(`npm run package made no .vsix:\n${log}`);
  return { dir, vsix: path.join(dir, vsix), log };
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Reads every entry of a zip (a .vsix) into memory, with yauzl. */
export function readZip(file: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
