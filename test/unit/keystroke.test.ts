// The keystroke path, guarded by counting work, not time (issue "Keystroke-fast"): an edit in one document re-parses
// that document only; documents of kinds no rule reads (CRDs, ConfigMaps, RBAC) are never composed on it, their
// syntax check is handed off; and the cut into documents follows edits.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { FileAnalyser } from '../../server/src/service/analysis';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/settings';
import { resplit, splitDocuments } from '../../server/src/yaml/parse';
import { plainTopLevelKind } from '../../server/src/yaml/topLevel';
import { countParses, work } from '../support/parseCounter';

const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  selector:\n    matchLabels: {app: d${i}}\n` +
  `  template:\n    metadata:\n      labels: {app: d${i}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n`;
const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: value${i}\n`;
const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec:\n  group: example.com\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        type: object\n        description: a thing\n`;

/** A file of 100 documents: 50 Deployments, 49 ConfigMaps and a CRD. */
const file = [...Array.from({ length: 50 }, (_, i) => deployment(i)), ...Array.from({ length: 49 }, (_, i) => configMap(i)), crd].join('---\n');

function edit(text: string, after: string, inserted: string) {
  const at = text.indexOf(after) + after.length;
  return { change: { start: at, end: at, text: inserted }, text: text.slice(0, at) + inserted + text.slice(at) };
}

describe('work on the keystroke path', () => {
  beforeEach(() => {
    countParses();
    work.parses = 0;
    work.characters = 0;
  });

  test('opening composes only the documents of kinds a rule reads; the others wait for their syntax check', () => {
    const deferred: string[] = [];
    const analyser = new FileAnalyser('file:///f.yaml', (text) => deferred.push(text));
    const analysis = analyser.analyse(file);
    assert.equal(analysis.documents.length, 100);
    assert.equal(work.parses, 50, 'the 50 Deployments');
    assert.equal(deferred.length, 50, 'the 49 ConfigMaps and the CRD');
    assert.equal(analyser.pendingChecks(), 50);
  });

  test('an edit in one document of a 100-document file re-parses exactly that document', () => {
    const analyser = new FileAnalyser('file:///f.yaml', () => undefined);
    const slices = splitDocuments(file);
    analyser.analyse(file, DEFAULT_MAX_FILE_SIZE, slices);
    work.parses = 0;
    work.characters = 0;
    const { change, text } = edit(file, 'name: d17', '7');
    const after = resplit(slices, change, text);
    const analysis = analyser.analyse(text, DEFAULT_MAX_FILE_SIZE, after);
    assert.equal(work.parses, 1);
    assert.equal(work.characters, after[17].text.length);
    assert.equal(analysis.documents[17].analysis.objects[0].name, 'd177');
  });

  test('an edit in the CRD document composes nothing: its new text goes to the deferred check', () => {
    const deferred: string[] = [];
    const analyser = new FileAnalyser('file:///f.yaml', (text) => deferred.push(text));
    analyser.analyse(file);
    work.parses = 0;
    deferred.length = 0;
    const { text } = edit(file, 'description: a thing', ', edited');
    analyser.analyse(text);
    assert.equal(work.parses, 0);
    assert.deepEqual(deferred.map((t) => plainTopLevelKind(t)), ['CustomResourceDefinition']);
  });

  test('preparing a version drops the work of the versions it supersedes, analysed or not', () => {
    const analyser = new FileAnalyser('file:///f.yaml', () => undefined);
    assert.equal([...analyser.prepare(file)].length, 100);
    const { text } = edit(file, 'name: d17', '7');
    assert.equal([...analyser.prepare(text)].length, 1, 'the edited document');
    assert.equal([...analyser.prepare(file)].length, 1, 'the superseded version of it is gone');
  });

  test('a deferred check settles its document, and only while the document is there', () => {
    const analyser = new FileAnalyser('file:///f.yaml', () => undefined);
    const texts = splitDocuments(file).map((slice) => slice.text);
    analyser.analyse(file);
    const error = { start: 0, end: 1, message: 'bad', tooDeep: false };
    assert.equal(analyser.awaits(texts[99]), true);
    assert.equal(analyser.settle(texts[99], { errors: [error], goTemplate: false }), true);
    assert.equal(analyser.awaits(texts[99]), false);
    assert.deepEqual(analyser.analyse(file).documents[99].analysis.yaml.errors, [error]);
    assert.equal(analyser.settle(texts[99], { errors: [], goTemplate: false }), false, 'settled once');
    assert.equal(analyser.settle(configMap(1234), { errors: [], goTemplate: false }), false, 'not a document of the file');
    assert.equal(analyser.pendingChecks(), 49);
  });

  test('without a deferral (the CLI), the same documents are checked at once', () => {
    const analysis = new FileAnalyser().analyse(`${file}---\n- a\nlist: [1, 2\n`);
    // The last document shows no kind: only the parser can tell what it holds.
    assert.equal(work.parses, 101, 'every document: the ConfigMaps and the CRD for their syntax, the last for its kind');
    assert.deepEqual(analysis.documents.map((d) => d.analysis.syntaxPending ?? false).filter(Boolean), []);
  });
});

describe('the kind read from the text', () => {
  test('reads a plain top-level kind, quoted or not, with comments and block sequences at column 0', () => {
    assert.equal(plainTopLevelKind(crd), 'CustomResourceDefinition');
    assert.equal(plainTopLevelKind(`---\n# c\napiVersion: v1\nkind: "ConfigMap"  # x\nrules:\n- a: b\n`), 'ConfigMap');
    assert.equal(plainTopLevelKind(`\uFEFFapiVersion: v1\r\nkind: 'Secret'\r\n`), 'Secret');
    assert.equal(plainTopLevelKind(`apiVersion: v1\rkind: Role\r`), 'Role', 'lone CRs are line breaks');
  });

  test('says nothing where only the parser can tell', () => {
    for (const text of [
      '{"apiVersion": "v1", "kind": "ConfigMap"}',
      'apiVersion: v1\nkind: ConfigMap\nkind: Deployment\n',
      'apiVersion: v1\nkind: &k ConfigMap\n',
      'apiVersion: v1\nkind: !!str ConfigMap\n',
      'apiVersion: v1\nkind:\n  ConfigMap\n',
      'apiVersion: v1\nkind: ConfigMap\n...\n---\nkind: Pod\n',
      '%YAML 1.2\n---\nkind: ConfigMap\n',
      '- kind: ConfigMap\n',
      'apiVersion: v1\n"kind": ConfigMap\n',
      'apiVersion: v1\n? kind\n: ConfigMap\n',
      'description: "a\nkind: Pod"\nkind: ConfigMap\n',
      'apiVersion: v1\n',
      // A root indented as a whole, with a quoted line break that puts `kind:` at column 0 inside a string.
      '  apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    annotations:\n      note: "x\nkind: ConfigMap # "\n',
      'note: "open\nkind: ConfigMap\n',
      "note: it's\nkind: ConfigMap\n",
    ]) {
      assert.equal(plainTopLevelKind(text), undefined, JSON.stringify(text));
    }
  });
});

test('a document whose kind the text does not show is composed: explicit and escaped keys are still read', () => {
  const body = 'metadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers:\n      - name: db\n        image: busybox\n        volumeMounts: [{name: s, mountPath: /data}]\n      volumes:\n      - name: s\n        emptyDir: {}\n';
  for (const head of ['? apiVersion\n: apps/v1\nkind: StatefulSet\n', '"api\\u0056ersion": apps/v1\nkind: StatefulSet\n', 'apiVersion: apps/v1\n? kind\n: StatefulSet\n']) {
    const analysis = new FileAnalyser('file:///x.yaml', () => undefined).analyse(head + body);
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['statefulset-emptydir'], head);
  }
});

test('documents are cut at `---` after CR or LF only, not after U+2028 or U+2029', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    note: "a\u2028--- b\u2029---"\n---\nkind: Service\n';
  assert.deepEqual(splitDocuments(text).map((slice) => slice.offset), [0, text.indexOf('---\nkind: Service')]);
  assert.equal(new FileAnalyser().analyse(text).documents[0].analysis.yaml.errors.length, 0);
});

