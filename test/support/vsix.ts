// Builds the .vsix the way `npm run package` does, in a scratch copy of the repository (so that a test run never
// rewrites server/out or client/out under other tests' feet), and lists what is inside a .vsix.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { repoRoot } from './codeServer';

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
  read(): Buffer;
}

/** Reads a zip's central directory (enough for a .vsix: stored or deflated entries, no zip64). */
export function readZip(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({
      name,
      read: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
