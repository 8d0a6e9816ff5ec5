// Offsets into a text and the text changes made at them: the one currency every layer passes on.

/** A half-open range of offsets into a text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TextChange extends Span {
  readonly text: string;
}

/** Applies non-overlapping changes to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let result = text;
  for (const change of [...changes].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, change.start) + change.text + result.slice(change.end);
  }
  return result;
}

export function shiftSpan<T extends Span>(span: T, offset: number): T {
  return { ...span, start: span.start + offset, end: span.end + offset };
}

/** The span widened so that neither end splits a surrogate pair (an astral character such as an emoji). */
export function onCodePoints(text: string, span: Span): Span {
  const splits = (at: number) => at > 0 && at < text.length && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at));
  return { start: splits(span.start) ? span.start - 1 : span.start, end: splits(span.end) ? span.end + 1 : span.end };
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
