// `--format text`: `path:line:col: severity rule-id message`, 1-based, one line each (as compilers print, so that
// editors and terminals link them); severity and rule id in colour on a terminal (util.styleText: Node 20.12).
import { styleText } from 'node:util';
import type { Severity } from '../../rules/types';
import type { Formatter } from './format';

const COLORS: Record<Severity, Parameters<typeof styleText>[0]> = { error: 'red', warning: 'yellow', information: 'blue', hint: 'gray' };

export const text: Formatter = (files, { colors }) => {
  const paint = (format: Parameters<typeof styleText>[0], value: string) => (colors ? styleText(format, value) : value);
  return files
    .flatMap(({ file, results }) =>
      results.map(({ range, severity, ruleId, message }) => {
        const where = `${file}:${range.start.line + 1}:${range.start.character + 1}:`;
        return `${where} ${paint(COLORS[severity], severity)} ${paint('dim', ruleId)} ${message.replace(/\s*\n\s*/g, ' ')}\n`;
      }),
    )
    .join('');
};
