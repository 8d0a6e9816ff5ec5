// What every output format is: a function of the linted files to the text printed on stdout.
import type { LintedFile } from '../lint';
import * as path from 'node:path';

export interface FormatContext {
  /** The directory paths are relative to: the repository root in CI, where SARIF and annotations resolve them. */
  readonly cwd: string;
  /** Whether stdout takes ANSI colours (a terminal, and `NO_COLOR` not set). */
  readonly colors: boolean;
  /** The folder of the rule pages, as a URI ending in `/`. */
  readonly docsUri: string;
  /** The tool's version, for reports that name it. */
  readonly version: string;
}

export type Formatter = (files: readonly LintedFile[], context: FormatContext) => string;

/** A path as a report names it: relative to `cwd` with `/` when inside it, else absolute. */
export function reportPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : path.resolve(cwd, file)).split(path.sep).join('/');
}
