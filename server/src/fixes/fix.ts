// What a fix is: a titled set of text changes. Object rules write changes in the offsets of their own YAML document;
// the analysis places them in their file. Changes aimed at files (LSP's WorkspaceEdit shape) may leave the
// document of the finding: append a YAML document to the file, or edit another object.
import type { DocumentPlace } from '../model/objectIndex';
import type { TextChange } from '../yaml/span';

export interface FixSettings {
  /** The storage request written into new volumeClaimTemplates, e.g. `1Gi`. */
  readonly defaultStorageRequest: string;
}

/** A text change in one file, in that file's offsets. */
export interface FileChange extends TextChange {
  readonly uri: string;
}

export interface Fix<Change extends TextChange = FileChange> {
  readonly title: string;
  readonly preferred: boolean;
  readonly changes: readonly Change[];
}

/** A fix in the offsets of one YAML document. */
export type DocumentFix = Fix<TextChange>;

/** A fix, or undefined when any of its changes could not be made (the layout was not one we edit). */
export function fix<Change extends TextChange>(
  title: string,
  preferred: boolean,
  changes: readonly (Change | undefined)[],
): Fix<Change> | undefined {
  if (changes.some((change) => change === undefined)) return undefined;
  return { title, preferred, changes: changes as Change[] };
}

/** A document's change, aimed at its place in its file. */
export function placeChange(change: TextChange, place: DocumentPlace): FileChange {
  return { uri: place.uri, start: change.start + place.offset, end: change.end + place.offset, text: change.text };
}

export function placeFix(documentFix: DocumentFix, place: DocumentPlace): Fix {
  return { ...documentFix, changes: documentFix.changes.map((change) => placeChange(change, place)) };
}
