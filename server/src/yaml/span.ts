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
