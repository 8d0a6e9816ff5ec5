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

  test('"Disable for this line" under a directive with other text after its ids writes a directive of its own', () => {
    // The fuzzer's case: a stray character inside a rule id; extended, the directive would still not parse.
    const junk = '# k8s-persistence-disable-next-line c\u0000laim-template-shadows-volume -- a reason';
    let text = seed.replace('  - metadata:\n      name: sts-test\n', `  - metadata:\n${junk.padStart(junk.length + 6)}\n      name: sts-test\n`);
    const document = () => TextDocument.create('file:///s.yaml', 'yaml', 1, text);
    const unmounted = toDiagnostics(document(), new FileAnalyser().analyse(text), defaultSettings, 'file:///docs/').find((d) => d.code === 'unmounted-claim-template')!;
    assert.ok(unmounted, text);
    const action = codeActions(document(), new FileAnalyser().analyse(text), { range: unmounted.range, diagnostics: [unmounted] }, { settings: defaultSettings, docsUri: '' }).find((a) =>
      a.title.startsWith('Disable unmounted-claim-template'),
    )!;
    text = TextDocument.applyEdits(document(), action.edit!.changes![document().uri]);
    assert.ok(text.includes(`${junk}\n      # k8s-persistence-disable-next-line unmounted-claim-template\n      name: sts-test`), text);
    assert.equal(ids(text).includes('unmounted-claim-template'), false);
  });

  test('"Disable for this line" under a directive that ends in a comma answers (the long fuzz run\'s hang)', { timeout: 20_000 }, () => {
    const ids = 'data-dir-at-volume-root, no-such-rule, statefulset-service, hostpath-data, invalid-claim,';
    const text = seed.replace('        emptyDir: {}\n', `        # k8s-persistence-disable-next-line ${ids}\n        emptyDir: {}\n`);
    const document = TextDocument.create('file:///s.yaml', 'yaml', 1, text);
    const analysis = new FileAnalyser().analyse(text);
    const emptyDir = toDiagnostics(document, analysis, defaultSettings, '').find((d) => d.code === 'statefulset-emptydir')!;
    const action = codeActions(document, analysis, { range: emptyDir.range, diagnostics: [emptyDir] }, { settings: defaultSettings, docsUri: '' }).find((a) =>
      a.title.startsWith('Disable statefulset-emptydir for this line'),
    )!;
    const after = TextDocument.applyEdits(document, action.edit!.changes![document.uri]);
    assert.ok(after.includes(`${ids}\n        # k8s-persistence-disable-next-line statefulset-emptydir\n        emptyDir: {}`), after);
  });

  test('a next-line directive above a list item covers the findings inside the node that starts there', () => {
    const above = seed.replace('      - name: empty-dir\n', '      # k8s-persistence-disable-next-line statefulset-emptydir -- a TODO\n      - name: empty-dir\n');
    assert.deepEqual(ids(above), ['unmounted-claim-template'], 'the emptyDir key is one line further down');
    const aboveKey = seed.replace('      volumes:\n', '      # k8s-persistence-disable-next-line statefulset-emptydir\n      volumes:\n');
    assert.deepEqual(ids(aboveKey), ['unmounted-claim-template'], 'a key whose items stand flush with it covers them');
    const aboveOther = seed.replace('      containers:\n', '      # k8s-persistence-disable-next-line statefulset-emptydir\n      containers:\n');
    assert.deepEqual(ids(aboveOther), ['statefulset-emptydir', 'unmounted-claim-template'], 'another node covers nothing');
  });

  test('the annotation k8s-persistence.io/ignore silences the listed rules on its object only', () => {
    const annotated = seed.replace('metadata:\n  name: sts-test\n', 'metadata:\n  name: sts-test\n  annotations:\n    k8s-persistence.io/ignore: "statefulset-emptydir, unknown-volume-mount"\n');
    assert.notEqual(annotated, seed);
    assert.deepEqual(ids(annotated), ['unmounted-claim-template']);
    assert.deepEqual(ids(`${annotated}\n---\n${seed}`), ['unmounted-claim-template', 'statefulset-emptydir', 'unmounted-claim-template']);
  });

  test('"Disable for this object" writes the annotation, and extends it', () => {
    const actionFor = (text: string, code: string) => {
      const document = TextDocument.create('file:///s.yaml', 'yaml', 1, text);
      const file = new FileAnalyser(document.uri).analyse(text);
      const diagnostic = toDiagnostics(document, file, defaultSettings, 'file:///docs/').find((d) => d.code === code)!;
      const action = codeActions(document, file, { range: diagnostic.range, diagnostics: [diagnostic] }, { settings: defaultSettings, docsUri: 'file:///docs/' })
        .find((a) => a.title === `Disable ${code} for StatefulSet 'sts-test'`)!;
      return TextDocument.applyEdits(document, action.edit!.changes![document.uri]);
    };
    const once = actionFor(seed, 'statefulset-emptydir');
    assert.match(once, /^metadata:\n {2}name: sts-test\n {2}annotations:\n {4}k8s-persistence.io\/ignore: "statefulset-emptydir"\n/m);
    assert.deepEqual(ids(once), ['unmounted-claim-template']);
    const twice = actionFor(once, 'unmounted-claim-template');
    assert.match(twice, /k8s-persistence.io\/ignore: "statefulset-emptydir,unmounted-claim-template"\n/);
    assert.deepEqual(ids(twice), []);
  });

  test('a directive that silences nothing is a hint, faded, with a fix that removes it', () => {
    const unused = seed.replace('      containers:\n', '      containers:  # k8s-persistence-disable-line hostpath-data\n');
    const text = `# k8s-persistence-disable-next-line\n${unused}`;
    const document = TextDocument.create('file:///s.yaml', 'yaml', 1, text);
    const file = new FileAnalyser(document.uri).analyse(text);
    const hints = toDiagnostics(document, file, defaultSettings, 'file:///docs/').filter((d) => d.code === 'unused-suppression');
    assert.deepEqual(
      hints.map((d) => [d.range.start.line, d.range.start.character, d.message, d.tags]),
      [
        [0, 0, 'Unused suppression: there is no problem here to silence.', [1]],
        [29, 19, "Unused suppression: there is no 'hostpath-data' problem here to silence.", [1]],
      ],
    );
    let fixed = text;
    for (const hint of hints.reverse()) {
      const doc = TextDocument.create('file:///s.yaml', 'yaml', 1, fixed);
      const [action] = codeActions(doc, new FileAnalyser(doc.uri).analyse(fixed), { range: hint.range, diagnostics: [hint] }, { settings: defaultSettings, docsUri: '' });
      assert.equal(action.title, 'Remove unused suppression');
      fixed = TextDocument.applyEdits(doc, action.edit!.changes![doc.uri]);
    }
    assert.equal(fixed, seed);
  });

  test('no unused-directive report where a document is a Go template or does not parse', () => {
    const template = `# k8s-persistence-disable-file statefulset-emptydir\n${seed}\n---\nmetadata: {name: "{{ .Release.Name }}"}\n`;
    assert.deepEqual(new FileAnalyser().analyse(template).unusedSuppressions, []);
  });

  test('a blank line or a comment between a next-line directive and its node is skipped, never a licence for the rest', () => {
    const blank = seed.replace('      - name: empty-dir\n', '      # k8s-persistence-disable-next-line statefulset-emptydir\n\n      - name: empty-dir\n');
    assert.deepEqual(ids(blank), ['unmounted-claim-template']);
    const atTop = seed.replace('      containers:\n', '      # k8s-persistence-disable-next-line\n\n      containers:\n');
    assert.notEqual(atTop, seed);
    assert.deepEqual(ids(atTop), ['statefulset-emptydir', 'unmounted-claim-template'], 'the containers node holds neither finding');
  });

  test('directive text inside a block scalar (a script) is text, neither a directive nor an unused one', () => {
    const script = seed.replace("        - '24h'", "        - |\n          # k8s-persistence-disable\n          sleep 24h");
    assert.notEqual(script, seed);
    assert.deepEqual(ids(script), ['statefulset-emptydir', 'unmounted-claim-template']);
    assert.deepEqual(new FileAnalyser().analyse(script).unusedSuppressions, []);
  });

  test('a directive on a block scalar\'s header line is a comment, and counts', () => {
    const header = seed.replace("        - '24h'", "        - | # k8s-persistence-disable statefulset-emptydir\n          sleep 24h");
    assert.notEqual(header, seed);
    assert.deepEqual(ids(header), ['unmounted-claim-template']);
  });

  test('with lone-CR line ends, a directive ends at its line, and removing it keeps the rest of the file', () => {
    const text = 'apiVersion: v1 # CR line endings\rkind: ConfigMap\r# k8s-persistence-disable-file\rdata:\r  a: b # keep me\r';
    const document = TextDocument.create('file:///cr.yaml', 'yaml', 1, text);
    const file = new FileAnalyser(document.uri).analyse(text);
    const [hint] = toDiagnostics(document, file, defaultSettings, '').filter((d) => d.code === 'unused-suppression');
    assert.equal(hint.message, 'Unused suppression: there is no problem here to silence.');
    const [action] = codeActions(document, file, { range: hint.range, diagnostics: [hint] }, { settings: defaultSettings, docsUri: '' });
    assert.equal(TextDocument.applyEdits(document, action.edit!.changes![document.uri]), 'apiVersion: v1 # CR line endings\rkind: ConfigMap\rdata:\r  a: b # keep me\r');
  });
});
