// Which files a command reads: explicit files as given, directories walked for *.yaml / *.yml (but not our own
// configuration file).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILES } from './config';

/** Trees that hold no manifests of the user's and can be huge. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;
/** The largest file read; a 35,000-line generated install.yaml is about 2 MB. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A path that could not be used: the message says which and why; exit status 2. */
export class InputError extends Error {}

/**
 * The files named by `args`, in argument order, each directory's files sorted by path (code-unit order, so the
 * same on every machine), without duplicates. Paths are shown as given, or joined to the directory given.
 */
export function collectFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const arg of args) {
    const stat = statOf(arg);
    if (stat.isDirectory()) walk(arg).sort(byCodeUnits).forEach(add);
    else add(arg);
  }
  return files;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read directory '${dir}': ${reason(error)}`);
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Symbolic links to directories are not followed, so a link cycle cannot make the walk endless.
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...walk(full));
    } else if (YAML_FILE.test(entry.name) && !CONFIG_FILES.includes(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(full)))) {
      found.push(full);
    }
  }
  return found;
}

/** Reads a file as text; refuses files over MAX_FILE_BYTES rather than exhausting memory. */
export function readText(file: string): string {
  const stat = statOf(file);
  if (!stat.isFile()) throw new InputError(`cannot read '${file}': not a regular file`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new InputError(`cannot read '${file}': ${stat.size} bytes is more than the limit of ${MAX_FILE_BYTES}`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read '${file}': ${reason(error)}`);
  }
}

export function writeText(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, 'utf8');
  } catch (error) {
    throw new InputError(`cannot write '${file}': ${reason(error)}`);
  }
}

function statOf(file: string): fs.Stats {
  try {
    return fs.statSync(file);
  } catch (error) {
    throw new InputError(`cannot read '${file}': ${reason(error)}`);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // a dangling link
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (error as Error).message;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
