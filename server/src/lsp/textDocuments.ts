// The server's copy of each document, kept as the editor's. vscode-languageserver-textdocument updates its line table
// incrementally, and miscounts when an edit joins a lone CR and an LF into one line break (or splits one): every
// later position is then a line off. Around a CR, we rebuild the line table from the text instead.
// Each document's cut into YAML documents follows its edits too: a keystroke re-cuts only the documents it touches.
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSlice, resplit, splitDocuments } from '../yaml/parse';

const cuts = new WeakMap<TextDocument, readonly DocumentSlice[]>();

export const textDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(document, changes, version) {
    let current = document;
    let slices = cuts.get(document);
    for (const change of changes) {
      const range = 'range' in change ? change.range : undefined;
      // A range may be written end first: TextDocument.update takes it, and so do we.
      const [start, end] = range ? [current.offsetAt(range.start), current.offsetAt(range.end)].sort((a, b) => a - b) : [0, 0];
      const rebuild = range !== undefined && touchesCarriageReturn(current.getText(), start, end, change.text);
      const cut = range && slices && { start, end, text: change.text };
      current = TextDocument.update(current, [change], version);
      if (rebuild) current = TextDocument.create(current.uri, current.languageId, version, current.getText());
      slices = cut ? resplit(slices!, cut, current.getText(), ownCopy) : undefined;
    }
    // TextDocument.update changes the document in place: its old cut goes with the old text.
    cuts.delete(document);
    if (slices) cuts.set(current, slices);
    return current;
  },
};

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 keeps a substring as a view of its
 * parent: every document re-cut after an edit, and every scalar parsed from it, would keep that version's whole file
 * alive for as long as the document goes unedited.
 */
function ownCopy(text: string): string {
  const oneByte = !/[^\u0000-\u00ff]/.test(text);
  return oneByte ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}

/** The document's text cut into YAML documents (`splitDocuments`), kept through incremental edits. */
export function slicesOf(document: TextDocument): readonly DocumentSlice[] {
  let slices = cuts.get(document);
  if (!slices) cuts.set(document, (slices = splitDocuments(document.getText())));
  return slices;
}

/** Whether replacing the text from `start` to `end` with `inserted` may join or split a CR LF pair. */
function touchesCarriageReturn(text: string, start: number, end: number, inserted: string): boolean {
  return inserted.includes('\r') || text[start - 1] === '\r' || text.slice(start, end).includes('\r');
}
