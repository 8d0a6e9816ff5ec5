// `lint`: the same diagnostics the language server publishes, as lines of text or as JSON.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { FileAnalyser } from '../service/analysis';
import { toDiagnostics } from '../service/diagnostics';
import type { Settings } from '../settings';

export type SeverityWord = 'error' | 'warning' | 'information' | 'hint';

/** One problem as the CLI reports it: `range` is LSP's (0-based lines and UTF-16 columns). */
export interface Problem {
  readonly file: string;
  readonly range: Range;
  readonly severity: SeverityWord;
  readonly ruleId: string;
  readonly message: string;
}

export interface LintResult {
  readonly problems: Problem[];
  /** Go-template (Helm) documents are not YAML until rendered and are not analysed. */
  readonly goTemplates: number;
}

const WORDS: Record<number, SeverityWord> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** `docsUri` only feeds `codeDescription`, which the CLI does not print. */
export function lintText(file: string, text: string, settings: Settings, docsUri = ''): LintResult {
  const document = TextDocument.create(`file:///${encodeURIComponent(file)}`, 'yaml', 1, text);
  const analysis = new FileAnalyser(document.uri).analyse(text, settings.maxFileSize);
  const problems = toDiagnostics(document, analysis, settings, docsUri)
    .map((diagnostic: Diagnostic) => ({
      file,
      range: diagnostic.range,
      severity: WORDS[diagnostic.severity ?? 1],
      ruleId: String(diagnostic.code),
      message: diagnostic.message,
    }))
    .sort(byPosition);
  return { problems, goTemplates: analysis.goTemplates };
}

export function isFailing(problem: Problem): boolean {
  return problem.severity === 'error' || problem.severity === 'warning';
}

/** `path:line:col: severity rule-id message`, 1-based; a message never spans lines. */
export function formatText(problem: Problem): string {
  const { line, character } = problem.range.start;
  return `${problem.file}:${line + 1}:${character + 1}: ${problem.severity} ${problem.ruleId} ${problem.message.replace(/\s*\n\s*/g, ' ')}`;
}

/** E.g. `2 problems (0 errors, 2 warnings) in 3 files`, plus what was not analysed. */
export function summary(problems: readonly Problem[], files: number, goTemplates: number): string {
  const count = (severity: SeverityWord) => problems.filter((p) => p.severity === severity).length;
  const counts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  if (count('information') > 0) counts.push(`${count('information')} information`);
  if (count('hint') > 0) counts.push(plural(count('hint'), 'hint'));
  let line = `${plural(problems.length, 'problem')} (${counts.join(', ')}) in ${plural(files, 'file')}`;
  if (goTemplates > 0) line += ` (${plural(goTemplates, 'Go-template document')} not analysed)`;
  return line;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function byPosition(a: Problem, b: Problem): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
