import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser } from '../../server/src/service/analysis';
import { codeActions } from '../../server/src/service/codeActions';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { example } from '../support/fixtures';
import { lint } from '../support/ruleTester';

const seed = example('sts-emptyDir.yaml');
const ids = (text: string) => lint(text).map((f) => f.ruleId);

describe('suppression comments', () => {
  test('next-line and line directives silence one rule on one line', () => {
    const nextLine = seed.replace('        emptyDir: {}', '        # k8s-persistence-disable-next-line statefulset-emptydir -- cache only\n        emptyDir: {}');
    assert.deepEqual(ids(nextLine), ['unmounted-claim-template']);
    const sameLine = seed.replace('        emptyDir: {}', '        emptyDir: {}  # k8s-persistence-disable-line');
    assert.deepEqual(ids(sameLine), ['unmounted-claim-template']);
    const otherRule = seed.replace('        emptyDir: {}', '        emptyDir: {}  # k8s-persistence-disable-line unknown-volume-mount');
    assert.deepEqual(ids(otherRule), ['statefulset-emptydir', 'unmounted-claim-template']);
  });

  test('document and file directives', () => {
    const other = example('sts-emptyDir.yaml').replace(/sts-test/g, 'other');
    const documentWide = `# k8s-persistence-disable unmounted-claim-template\n${seed}\n---\n${other}\n`;
    assert.deepEqual(ids(documentWide), ['statefulset-emptydir', 'statefulset-emptydir', 'unmounted-claim-template']);
    const fileWide = `${seed}\n---\n# k8s-persistence-disable-file unmounted-claim-template, statefulset-emptydir\n${other}\n`;
    assert.deepEqual(ids(fileWide), []);
  });

  test('"Disable for this line" inserts a directive that silences exactly that diagnostic', () => {
    const document = TextDocument.create('file:///s.yaml', 'yaml', 1, seed);
    const file = new FileAnalyser().analyse(seed);
    const [diagnostic] = toDiagnostics(document, file, defaultSettings, 'file:///docs/');
    const action = codeActions(document, file, { range: diagnostic.range, diagnostics: [diagnostic] }, { settings: defaultSettings, docsUri: 'file:///docs/' }).find((a) =>
      a.title.startsWith('Disable statefulset-emptydir'),
    )!;
    const after = TextDocument.applyEdits(document, action.edit!.changes![document.uri]);
    assert.match(after, /\n {8}# k8s-persistence-disable-next-line statefulset-emptydir\n {8}emptyDir: \{\}/);
    assert.deepEqual(ids(after), ['unmounted-claim-template']);
  });

  test('"Disable for this line" on a line that already has a directive adds the rule to it', () => {
    const twoOnOneLine = seed
      .replace('      - name: empty-dir\n        emptyDir: {}\n', '      - {name: empty-dir, emptyDir: {}}\n      - {name: sts-test, emptyDir: {}}\n');
    let text = twoOnOneLine.replace('      - {name: sts-test', '      # k8s-persistence-disable-next-line statefulset-emptydir -- a cache\n      - {name: sts-test');
    const document = () => TextDocument.create('file:///s.yaml', 'yaml', 1, text);
    const shadow = toDiagnostics(document(), new FileAnalyser().analyse(text), defaultSettings, 'file:///docs/').find(
      (d) => d.code === 'claim-template-shadows-volume',
    )!;
    const action = codeActions(document(), new FileAnalyser().analyse(text), { range: shadow.range, diagnostics: [shadow] }, { settings: defaultSettings, docsUri: 'file:///docs/' }).find((a) =>
      a.title.startsWith('Disable claim-template-shadows-volume'),
    )!;
    text = TextDocument.applyEdits(document(), action.edit!.changes![document().uri]);
    assert.match(text, /# k8s-persistence-disable-next-line statefulset-emptydir, claim-template-shadows-volume -- a cache\n/);
    assert.equal(ids(text).includes('claim-template-shadows-volume'), false);
  });
});
