// How deeply a YAML text nests, measured on the text: the parser's own limit is the call stack, which depends on
// what the process ran before, so "too deep" is decided here instead, the same way every time.

/** Deeper than this, a document is not parsed: no Kubernetes object comes near it, and the parser stays far from its stack limit. */
export const MAX_DEPTH = 300;

/**
 * The offset where the text first nests deeper than `limit` (flow brackets, or block indentation levels), or
 * undefined when it never does. Quoted strings and comments are skipped; block scalar lines count as deeper lines.
 */
export function tooDeepAt(text: string, limit = MAX_DEPTH): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      indent = 0;
      if (quote === undefined) continue;
    }
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== '#' && flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > limit) return i;
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === '"' || (c === "'" && (i === 0 || /[\s[{,:]/.test(text[i - 1])))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
    }
  }
  return undefined;
}
