// Which files a command reads: explicit files as given, directories walked for *.yaml / *.yml (but not our own
// configuration file), less what `--ignore-pattern` skips.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
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
export function collectFiles(args: readonly string[], skipped: Skipped = () => false): string[] {
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
    if (skipped(arg, stat.isDirectory())) continue;
    if (stat.isDirectory()) walk(arg, skipped).sort(byCodeUnits).forEach(add);
    else add(arg);
  }
  return files;
}

/** Whether a path (as given or found) is to be left out; `directory` says whether it names a directory. */
export type Skipped = (file: string, directory: boolean) => boolean;

/**
 * Gitignore-style patterns (through the `ignore` package, .gitignore's rules), relative to `cwd`, as eslint's
 * `--ignore-pattern`. Paths outside `cwd` match no pattern.
 */
export function ignorePatterns(patterns: readonly string[], cwd: string): Skipped {
  if (patterns.length === 0) return () => false;
  const matcher = ignore().add([...patterns]);
  return (file, directory) => {
    const relative = path.relative(cwd, path.resolve(cwd, file));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const posix = relative.split(path.sep).join('/');
    return matcher.ignores(directory ? `${posix}/` : posix);
  };
}

function walk(dir: string, skipped: Skipped): string[] {
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
      if (!SKIPPED_DIRS.has(entry.name) && !skipped(full, true)) found.push(...walk(full, skipped));
    } else if (
      YAML_FILE.test(entry.name) &&
      !CONFIG_FILES.includes(entry.name) &&
      (entry.isFile() || (entry.isSymbolicLink() && isFile(full))) &&
      !skipped(full, false)
    ) {
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

/** Standard input, whole, with the same size limit as a file. */
export function readStdin(): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(0);
  } catch (error) {
    throw new InputError(`cannot read standard input: ${reason(error)}`);
  }
  if (bytes.length > MAX_FILE_BYTES) throw new InputError(`cannot read standard input: more than the limit of ${MAX_FILE_BYTES} bytes`);
  return bytes.toString('utf8');
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
