// The server's copy of each document, kept as the editor's. vscode-languageserver-textdocument updates its line table
// incrementally, and miscounts when an edit joins a lone CR and an LF into one line break (or splits one): every
// later position is then a line off. Around a CR, we rebuild the line table from the text instead.
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { Range, TextDocument } from 'vscode-languageserver-textdocument';

export const textDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(document, changes, version) {
    let current = document;
    for (const change of changes) {
      const rebuild = 'range' in change && touchesCarriageReturn(current, change.range, change.text);
      current = TextDocument.update(current, [change], version);
      if (rebuild) current = TextDocument.create(current.uri, current.languageId, version, current.getText());
    }
    return current;
  },
};

/** Whether replacing `range` with `inserted` may join or split a CR LF pair. */
function touchesCarriageReturn(document: TextDocument, range: Range, inserted: string): boolean {
  const text = document.getText();
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return inserted.includes('\r') || text[start - 1] === '\r' || text.slice(start, end).includes('\r');
}
