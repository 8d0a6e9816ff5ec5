// Re-splitting after an edit (issue "Keystroke-fast"): the slices `resplit` makes from one change are the ones a full
// split of the new text makes, and the slices the change did not touch keep their very strings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { slicesOf, textDocuments } from '../../server/src/lsp/textDocuments';
import { resplit, splitDocuments } from '../../server/src/yaml/parse';

/** Pieces that make and unmake document starts, preambles and line breaks of every kind. */
const piece = fc.constantFrom('---', '--- ', '---x', '-', '--', '\n', '\r\n', '\r', '# c', '%YAML 1.2', 'a: b', ' ', 'kind: Pod', '...', '\u2028', '\t');
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const change = (length: number) =>
  fc
    .tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.array(piece, { maxLength: 4 }))
    .map(([a, b, inserted]) => ({ start: Math.min(a, b), end: Math.max(a, b), text: inserted.join('') }));
const apply = (before: string, c: { start: number; end: number; text: string }) => before.slice(0, c.start) + c.text + before.slice(c.end);

test('resplit after any change gives the slices of a full split', () => {
  fc.assert(
    fc.property(
      text.chain((before) => fc.tuple(fc.constant(before), fc.array(change(before.length), { minLength: 1, maxLength: 5 }))),
      ([before, changes]) => {
        let current = before;
        let slices = splitDocuments(current);
        for (const c of changes) {
          const clamped = { ...c, start: Math.min(c.start, current.length), end: Math.min(c.end, current.length) };
          current = apply(current, clamped);
          slices = resplit(slices, clamped, current);
          assert.deepEqual(slices, splitDocuments(current), JSON.stringify({ before, changes, current }));
        }
      },
    ),
    { seed: 20_261_204, numRuns: 3000 },
  );
});

test('an edit in one document keeps the other documents\' strings, shifted', () => {
  const docs = Array.from({ length: 100 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`);
  const before = docs.join('');
  const slices = splitDocuments(before);
  const at = before.indexOf('name: c50') + 'name: c'.length;
  const after = resplit(slices, { start: at, end: at, text: '9' }, before.slice(0, at) + '9' + before.slice(at));
  assert.equal(after.length, 100);
  const same = after.filter((slice, i) => slice.text === slices[i].text);
  assert.equal(same.length, 99);
  assert.equal(after[50].text, docs[50].replace('c50', 'c950'));
  assert.equal(after[51].offset, slices[51].offset + 1);
});

test('the server\'s copy of a document keeps its cut through incremental edits, byte for byte, in any script', () => {
  const wide = fc.constantFrom('é', '😀', '\ud800', 'ß', 'kind: Pod', '---', '\n', '\r\n', '# ü');
  fc.assert(
    fc.property(
      fc.array(fc.oneof(piece, wide), { maxLength: 30 }).map((pieces) => pieces.join('')),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(fc.oneof(piece, wide), { maxLength: 3 })), { minLength: 1, maxLength: 6 }),
      (start, edits) => {
        let document = textDocuments.create('file:///t.yaml', 'yaml', 1, start);
        slicesOf(document);
        let version = 1;
        for (const [a, b, inserted] of edits) {
          const length = document.getText().length;
          const [from, to] = [Math.min(a % (length + 1), b % (length + 1)), Math.max(a % (length + 1), b % (length + 1))];
          // Some clients write a range end first; TextDocument.update takes it.
          const range = a % 2 ? { start: document.positionAt(to), end: document.positionAt(from) } : { start: document.positionAt(from), end: document.positionAt(to) };
          document = textDocuments.update(document, [{ range, text: inserted.join('') }], ++version);
          assert.deepEqual(slicesOf(document), splitDocuments(document.getText()));
        }
      },
    ),
    { seed: 20_261_204, numRuns: 1500 },
  );
});
