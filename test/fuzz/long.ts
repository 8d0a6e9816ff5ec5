// What the long runner (scripts/fuzz.ts) and its worker threads (worker.ts) share: the case generator, the table of
// document properties, the messages between threads, and how failures are grouped.
import fc from 'fast-check';
import { FuzzCase, HoverProbe, hoverProbe, manifest, Mutation } from './arbitraries';
import { fixesHold, neverThrows, rangesInBounds, withinBudget } from './properties';

/** One generated document: a mutated corpus manifest and where to ask for hovers. */
export const documentCase = (): fc.Arbitrary<[FuzzCase, HoverProbe]> => fc.tuple(manifest(), hoverProbe);

export type DocumentProperty = 'a' | 'b' | 'c' | 'd';

export const DOCUMENT_PROPERTIES: Record<DocumentProperty, { title: string; unit: string; run: (text: string, probe: HoverProbe) => number }> = {
  a: { title: 'never throws', unit: 'calls', run: neverThrows },
  b: { title: 'within budget', unit: 'checks', run: (text) => withinBudget(text) },
  c: { title: 'ranges in bounds', unit: 'ranges', run: rangesInBounds },
  d: { title: 'fixes hold', unit: 'actions applied', run: (text) => fixesHold(text) },
};

export interface FailureReport {
  readonly property: DocumentProperty | 'e' | 'hang';
  readonly signature: string;
  readonly message: string;
  /** The seed of the chunk (fc.sample / fc.check) and the case's index in it: `fc.check(..., { seed, path: String(index) })` replays it. */
  readonly seed: number;
  readonly index: number;
  readonly file: string;
  readonly mutations: readonly Mutation[];
  readonly text: string;
  shrunk?: { text: string; file: string; mutations: readonly Mutation[]; message: string; path: string };
}

export type ToWorker =
  | { type: 'chunk'; chunk: number; seed: number; size: number; start: number; properties: DocumentProperty[]; slowMs: number }
  | { type: 'stop' };

export type ToMain =
  | { type: 'ready' }
  | { type: 'at'; chunk: number; index: number; property: DocumentProperty }
  | { type: 'failure'; report: FailureReport }
  /** A document whose properties took longer than the run's --slow-seconds: not a failure, a hint of superlinear work. */
  | { type: 'slow'; ms: number; seed: number; index: number; file: string; mutations: readonly Mutation[]; text: string }
  | {
      type: 'done';
      chunk: number;
      documents: number;
      checks: Record<string, number>;
      ms: Record<string, number>;
      failures: Record<string, number>;
    };

/** The seed of chunk `k` of a run: chunks are independent, so a run splits across threads in any order. */
export const chunkSeed = (seed: number, k: number) => (seed + Math.imul(k + 1, 0x9e3779b1)) | 0;

/** What groups failures: the property and the message's first line with its particulars (names, numbers) blanked. */
export function signatureOf(property: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const blank = (text: string) => text.replace(/'[^'\n]*'/g, "'…'").replace(/"[^"\n]*"/g, '"…"').replace(/\d+/g, 'N');
  const first = message.split('\n')[0].slice(0, 300);
  // `'<action title>' (<code>) what went wrong`: names in a title may hold quotes of their own.
  const titled = /^'(.*)' \(([^()]*)\)(.*)$/.exec(first);
  if (titled) return `${property}: '${titled[1].replace(/'.*'/g, '…')}' (${titled[2]})${blank(titled[3])}`;
  return `${property}: ${blank(first)}`;
}
