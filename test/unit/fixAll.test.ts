import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser } from '../../server/src/service/analysis';
import { codeActions, FIX_ALL } from '../../server/src/service/codeActions';
import { lineChanges } from '../../server/src/service/fixAll';
import { defaultSettings } from '../../server/src/settings';
import { applyChanges } from '../../server/src/yaml/span';
import { example } from '../support/fixtures';
import { lint } from '../support/ruleTester';

const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function fixAllOf(text: string, only: string[]) {
  const document = TextDocument.create('file:///f.yaml', 'yaml', 1, text);
  const actions = codeActions(document, new FileAnalyser().analyse(text), { range: whole, diagnostics: [], only }, { settings: defaultSettings, docsUri: 'file:///docs/' });
  return { document, actions };
}

describe('fix all (source.fixAll.k8sPersistence)', () => {
  const seed = example('sts-emptyDir.yaml');
  const twoDocuments = `${seed}\n---\n# the second one\n${seed.replace(/sts-test/g, 'other')}\n`;

  test('is offered only when asked for, and applies every preferred fix as line edits', () => {
    assert.equal(fixAllOf(twoDocuments, []).actions.some((a) => a.kind === FIX_ALL), false);
    for (const only of [['source'], ['source.fixAll'], [FIX_ALL]]) {
      const { document, actions } = fixAllOf(twoDocuments, only);
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all k8s-persistence problems (2)', FIX_ALL]], String(only));
      const edits = actions[0].edit!.changes![document.uri];
      // Each edit covers whole lines, and only changed ones: 2 mount renames + 2 removed volume blocks.
      assert.equal(edits.length, 4);
      for (const edit of edits) assert.equal(edit.range.start.character, 0);
      const after = TextDocument.applyEdits(document, edits);
      assert.deepEqual(lint(after), []);
      assert.match(after, /# the second one\n/);
      assert.deepEqual(fixAllOf(after, [FIX_ALL]).actions, [], 'nothing left to fix: fix all is not offered twice');
    }
  });

  test('quick fixes are not mixed into a source-only request, and vice versa', () => {
    assert.deepEqual(fixAllOf(seed, ['refactor']).actions, []);
    assert.ok(fixAllOf(seed, ['quickfix']).actions.every((a) => a.kind === 'quickfix'));
  });

  test('line changes rebuild the new text and leave equal lines alone', () => {
    const before = 'a: 1\nb: 2\nc: 3\nd: 4\n';
    const after = 'a: 1\nB: 2\nc: 3\nd: 4\ne: 5\n';
    const changes = lineChanges(before, after);
    assert.equal(applyChanges(before, changes), after);
    assert.deepEqual(changes.map((c) => before.slice(c.start, c.end)), ['b: 2\n', '']);
    assert.deepEqual(lineChanges(before, before), []);
  });
});
