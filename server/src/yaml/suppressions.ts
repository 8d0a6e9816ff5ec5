// Suppression comments, as in eslint: `# k8s-persistence-disable-next-line <rule-id>[, <rule-id>] [-- reason]`.
//   -disable-next-line  the next line        -disable-line  this line
//   -disable            this YAML document    -disable-file  the whole file
// With no rule id, every rule is silenced. The grammar in syntaxes/ highlights the same four forms.

export type Scope = 'next-line' | 'line' | 'document' | 'file';

export interface Suppression {
  readonly scope: Scope;
  /** 0-based line in the YAML document that the directive silences (for line scopes). */
  readonly line: number;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
}

const DIRECTIVE = /(?:^|[ \t])#[ \t]*k8s-persistence-disable(-next-line|-line|-file)?(?=[ \t,]|$)([^\n]*)/gm;

export const DIRECTIVE_PREFIX = 'k8s-persistence-disable';

export function suppressionsOf(text: string): Suppression[] {
  if (!text.includes(DIRECTIVE_PREFIX)) return [];
  const result: Suppression[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const line = countLines(text, match.index);
    const rules = match[2].split('--')[0].split(/[\s,]+/).filter(Boolean);
    switch (match[1]) {
      case '-next-line':
        result.push({ scope: 'next-line', line: line + 1, rules });
        break;
      case '-line':
        result.push({ scope: 'line', line, rules });
        break;
      case '-file':
        result.push({ scope: 'file', line, rules });
        break;
      default:
        result.push({ scope: 'document', line, rules });
    }
  }
  return result;
}

export function countLines(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Whether a finding of `ruleId` on `line` of a document is silenced by that document's or the file's directives. */
export function isSuppressed(ruleId: string, line: number, own: readonly Suppression[], fileWide: readonly Suppression[]): boolean {
  const names = (s: Suppression) => s.rules.length === 0 || s.rules.includes(ruleId);
  return (
    fileWide.some(names) ||
    own.some((s) => names(s) && (s.scope === 'document' || s.scope === 'file' || s.line === line))
  );
}
