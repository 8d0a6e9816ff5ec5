// Suppression comments, as in eslint: `# k8s-persistence-disable-next-line <rule-id>[, <rule-id>] [-- reason]`.
//   -disable-next-line  the node that starts on the next line (a list item or a key, with all it holds)
//   -disable-line       this line
//   -disable            this YAML document       -disable-file  the whole file
// With no rule id, every rule is silenced. The grammar in syntaxes/ highlights the same four forms.
import { blockEnd } from './edits';
import type { Span } from './span';

export type Scope = 'next-line' | 'line' | 'document' | 'file';

export interface Suppression {
  readonly scope: Scope;
  /** The 0-based lines of the YAML document that a line-scoped directive silences: `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  /** The directive's comment, in document offsets. */
  readonly span: Span;
}

const DIRECTIVE = /(?:^|[ \t])(#[ \t]*k8s-persistence-disable(-next-line|-line|-file)?(?=[ \t,\r]|$)([^\r\n]*))/gm;

export const DIRECTIVE_PREFIX = 'k8s-persistence-disable';

/** The directives of a document; `inText` spans (block scalars: a script's lines) hold none, whatever they say. */
export function suppressionsOf(text: string, inText: readonly Span[] = []): Suppression[] {
  if (!text.includes(DIRECTIVE_PREFIX)) return [];
  const result: Suppression[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index + match[0].length - match[1].length;
    if (inText.some((span) => span.start <= start && start < span.end)) continue;
    const span = { start, end: start + match[1].replace(/\r$/, '').length };
    const line = countLines(text, match.index);
    const rules = match[3].split('--')[0].split(/[\s,]+/).filter(Boolean);
    switch (match[2]) {
      case '-next-line': {
        const node = nextNode(text, span.end);
        result.push({ scope: 'next-line', from: node.from, to: node.to, rules, span });
        break;
      }
      case '-line':
        result.push({ scope: 'line', from: line, to: line + 1, rules, span });
        break;
      case '-file':
        result.push({ scope: 'file', from: 0, to: Infinity, rules, span });
        break;
      default:
        result.push({ scope: 'document', from: 0, to: Infinity, rules, span });
    }
  }
  return result;
}

/**
 * The lines `[from, to)` of the node that starts on the first line after `offset` holding more than a blank or a
 * comment: its own and those indented deeper, and for a key whose block value is a sequence written flush with it
 * (`volumes:` / `- name: a`), the items too.
 */
function nextNode(text: string, offset: number): { from: number; to: number } {
  let start = text.indexOf('\n', offset) + 1;
  while (start > 0 && start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    if (line !== '' && !line.startsWith('#')) break;
    start = end === -1 ? 0 : end + 1;
  }
  const from = countLines(text, offset) + 1;
  if (start <= 0 || start >= text.length) return { from, to: from + 1 };
  const lineEnd = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
  const line = text.slice(start, lineEnd);
  const indent = line.length - line.trimStart().length;
  const keyOnly = /^[^-#\s][^#]*:\s*(?:#.*)?$/.test(line.trim());
  const first = countLines(text, start);
  return { from: first, to: countLines(text, blockEnd(text, start, indent, keyOnly) - 1) + 1 };
}

export function countLines(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The directives, of a document or of the whole file, that silence a finding of `ruleId` on `line` of its document. */
export function suppressing(ruleId: string, line: number, own: readonly Suppression[], fileWide: readonly Suppression[]): Suppression[] {
  return [...own, ...fileWide].filter((s) => (s.rules.length === 0 || s.rules.includes(ruleId)) && s.from <= line && line < s.to);
}
