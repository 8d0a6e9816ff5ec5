// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the pull request's
// diff: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. Values are escaped as
// @actions/core's command.ts does; columns are 1-based and given only on one-line ranges, as the checks API takes them.
import type { Severity } from '../../rules/types';
import { Formatter, reportPath } from './format';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export const github: Formatter = (files, { cwd }) =>
  files
    .flatMap(({ file, results }) =>
      results.map(({ range: { start, end }, severity, ruleId, message }) => {
        const properties: [string, string | number][] = [['file', reportPath(file, cwd)], ['line', start.line + 1]];
        if (start.line === end.line) properties.push(['col', start.character + 1]);
        properties.push(['endLine', end.line + 1]);
        if (start.line === end.line) properties.push(['endColumn', end.character + 1]);
        properties.push(['title', `k8s-persistence ${ruleId}`]);
        const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
        return `::${COMMANDS[severity]} ${list}::${escapeData(message)}\n`;
      }),
    )
    .join('');

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
