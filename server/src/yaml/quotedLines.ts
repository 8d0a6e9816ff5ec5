// Multi-line quoted scalars whose later lines are not indented past their key, as in
//   annotations:
//     example.com/rules: '[
//       {"a": 1}
//     ]'
// The YAML spec (and the `yaml` package) refuse the last line; Kubernetes' YAML reader (go-yaml) takes it. So that
// such a manifest reads as Kubernetes reads it, its line breaks inside quotes can be turned into spaces: the same
// length, so every offset (and every position) stays where it was.

/** `text` with the line breaks inside quoted scalars replaced by spaces, or undefined when there are none. */
export function foldQuotedLineBreaks(text: string): string | undefined {
  const chars = text.split('');
  let changed = false;
  // Whether a quote here would open a scalar: at a line's start, or after `:`, `-`, `[`, `{` or `,` and blanks.
  let opener = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      opener = true;
      continue;
    }
    if (c === '#' && (i === 0 || /[ \t\r\n]/.test(text[i - 1]))) {
      // A comment runs to the end of its line.
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      continue;
    }
    if ((c === "'" || c === '"') && opener) {
      const close = closingQuote(text, i);
      if (close === undefined) return undefined;
      for (let j = i + 1; j < close; j++) {
        if (text[j] === '\n' || text[j] === '\r') {
          chars[j] = ' ';
          changed = true;
        }
      }
      i = close;
      opener = false;
      continue;
    }
    if (c !== ' ' && c !== '\t') opener = c === ':' || c === '-' || c === '[' || c === '{' || c === ',';
  }
  return changed ? chars.join('') : undefined;
}

/** The offset of the quote that closes the scalar opened at `open` (`''` escapes in single quotes, `\` in double). */
function closingQuote(text: string, open: number): number | undefined {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return undefined;
}
