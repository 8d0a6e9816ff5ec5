// Analyses a file a YAML document at a time, giving the event loop back between documents that take long, so that
// requests about other files (a hover, a code action) are answered while a large file is analysed.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalyser } from '../service/analysis';
import { slicesOf } from './textDocuments';

/** Analysing longer than this without a pause would be felt in another file's hover. */
const SLICE_MS = 8;

/**
 * Prepares `analyser` for the document's text, pausing between documents; resolves false as soon as `current()`
 * says the text is out of date (an edit came in meanwhile), true when `analyser.analyse` will only need to join.
 */
export async function prepareInSlices(analyser: FileAnalyser, document: TextDocument, maxFileSize: number, current: () => boolean): Promise<boolean> {
  let sliceStart = performance.now();
  for (const _ of analyser.prepare(document.getText(), maxFileSize, slicesOf(document))) {
    if (performance.now() - sliceStart < SLICE_MS) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (!current()) return false;
    sliceStart = performance.now();
  }
  return current();
}
