// `lint`: each file's results, exactly as the language server reports them, and what makes the run fail.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from '../rules/types';
import { FileAnalyser } from '../service/analysis';
import { Result, resultsOf } from '../service/results';
import type { Settings } from '../settings';

/** One linted file: `file` is the path as given (or `--stdin-filename`). */
export interface LintedFile {
  readonly file: string;
  readonly results: readonly Result[];
  /** Go-template (Helm) documents are not YAML until rendered and are not analysed. */
  readonly goTemplates: number;
}

export function lintText(file: string, text: string, settings: Settings, docsUri: string): LintedFile {
  const document = TextDocument.create(`file:///${encodeURIComponent(file)}`, 'yaml', 1, text);
  const analysis = new FileAnalyser(document.uri).analyse(text, settings.maxFileSize);
  return { file, results: resultsOf(document, analysis, settings, docsUri), goTemplates: analysis.goTemplates };
}

/** `--quiet`: only errors are reported. */
export function reported(file: LintedFile, quiet: boolean): LintedFile {
  return quiet ? { ...file, results: file.results.filter((result) => result.severity === 'error') } : file;
}

export function count(files: readonly LintedFile[], severity: Severity): number {
  return files.reduce((sum, file) => sum + file.results.filter((result) => result.severity === severity).length, 0);
}

/** E.g. `2 problems (0 errors, 2 warnings) in 3 files`, plus what was not analysed. */
export function summary(files: readonly LintedFile[]): string {
  const counts = [plural(count(files, 'error'), 'error'), plural(count(files, 'warning'), 'warning')];
  if (count(files, 'information') > 0) counts.push(`${count(files, 'information')} information`);
  if (count(files, 'hint') > 0) counts.push(plural(count(files, 'hint'), 'hint'));
  const problems = files.reduce((sum, file) => sum + file.results.length, 0);
  const goTemplates = files.reduce((sum, file) => sum + file.goTemplates, 0);
  let line = `${plural(problems, 'problem')} (${counts.join(', ')}) in ${plural(files.length, 'file')}`;
  if (goTemplates > 0) line += ` (${plural(goTemplates, 'Go-template document')} not analysed)`;
  return line;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
