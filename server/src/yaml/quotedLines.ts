// Multi-line quoted scalars whose later lines are not indented past their key, as in
//   annotations:
//     example.com/rules: '[
//       {"a": 1}
//     ]'
// The YAML spec (and the `yaml` package) refuse the last line; Kubernetes' YAML reader (go-yaml) takes it. So that
// such a manifest reads as Kubernetes reads it, its line breaks inside quotes can be turned into spaces: the same
// length, so every offset (and every position) stays where it was.

/** Where a quoted scalar may start: at a line's start or after `: `, `- `, `[`, `{` or `,` (and blanks). */
const OPENER = /(?:^|[:\-[{,])[ \t]*$/;

/** `text` with the line breaks inside quoted scalars replaced by spaces, or undefined when there are none. */
export function foldQuotedLineBreaks(text: string): string | undefined {
  const chars = text.split('');
  let changed = false;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = i + 1;
      continue;
    }
    if (c === '#' && (i === lineStart || /[ \t]/.test(text[i - 1]))) {
      // A comment runs to the end of its line.
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    if ((c !== "'" && c !== '"') || !OPENER.test(text.slice(lineStart, i))) continue;
    const close = closingQuote(text, i);
    if (close === undefined) return undefined;
    for (let j = i + 1; j < close; j++) {
      if (text[j] === '\n' || text[j] === '\r') {
        chars[j] = ' ';
        changed = true;
      }
    }
    i = close;
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
