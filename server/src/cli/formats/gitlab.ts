// `--format gitlab`: a GitLab code quality report (a subset of Code Climate's issue format), which merge requests
// show as a widget and in the diff. Its severities run info, minor, major, critical, blocker: an error (the API
// server rejects the object) is major, a warning minor.
import { createHash } from 'node:crypto';
import type { Severity } from '../../rules/types';
import { Formatter, reportPath } from './format';

const SEVERITIES: Record<Severity, string> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

export const gitlab: Formatter = (files, { cwd }) => {
  const seen = new Map<string, number>();
  const issues = files.flatMap(({ file, results }) => {
    const where = reportPath(file, cwd);
    return results.map(({ ruleId, severity, message, range }) => {
      // Stable while lines move: the file, the rule and the message, and which of their repeats this is.
      const key = `${where}\0${ruleId}\0${message}`;
      const repeat = seen.get(key) ?? 0;
      seen.set(key, repeat + 1);
      return {
        description: message,
        check_name: ruleId,
        fingerprint: createHash('sha256').update(`${key}\0${repeat}`).digest('hex'),
        severity: SEVERITIES[severity],
        location: {
          path: where,
          positions: {
            begin: { line: range.start.line + 1, column: range.start.character + 1 },
            end: { line: range.end.line + 1, column: range.end.character + 1 },
          },
        },
      };
    });
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
