import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser } from '../../server/src/service/analysis';
import { hover } from '../../server/src/service/hover';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { parseDocument, splitDocuments } from '../../server/src/yaml/parse';
import { example } from '../support/fixtures';

function diagnose(text: string) {
  const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
  return toDiagnostics(document, new FileAnalyser().analyse(text), defaultSettings, 'file:///docs/rules/');
}

describe('documents', () => {
  test('split at `---` lines only, with a preamble kept with the first document', () => {
    const text = '%YAML 1.2\n# top\n---\na: 1\n--- # second\nb: "---"\nc: |\n  ---\n---\n';
    assert.deepEqual(
      splitDocuments(text).map((d) => d.text),
      ['%YAML 1.2\n# top\n---\na: 1\n', '--- # second\nb: "---"\nc: |\n  ---\n', '---\n'],
    );
    assert.equal(splitDocuments(text).map((d) => d.text).join(''), text);
  });

  test('an edit re-analyses only the document it touched', () => {
    const analyser = new FileAnalyser();
    const text = `${example('sts-emptyDir.yaml')}\n---\n${example('deployment-emptyDir.yaml')}\n`;
    const first = analyser.analyse(text).documents.map((d) => d.analysis);
    const second = analyser.analyse(text.replace('deploy-test', 'deploy-prod')).documents.map((d) => d.analysis);
    assert.equal(second[0], first[0]);
    assert.notEqual(second[1], first[1]);
  });

  test('a syntax error is one diagnostic at its position, and other documents are still checked', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n';
    const diagnostics = diagnose(`${broken}---\n${example('sts-emptyDir.yaml')}`);
    const syntax = diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].range.start.line, 2);
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'yaml-syntax').map((d) => d.code),
      ['statefulset-emptydir', 'unmounted-claim-template'],
    );
  });

  test('YAML that is not Kubernetes gets silence, syntax errors included', () => {
    assert.deepEqual(diagnose('services:\n  db: image: postgres\n'), [], 'a broken compose file');
    assert.deepEqual(diagnose('apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n').map((d) => d.message), ['Flow map in block collection must be sufficiently indented and end with a }']);
    const compose = 'services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data\nvolumes:\n  data: {}\n';
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
    const values = 'persistence:\n  enabled: true\n  size: 8Gi\nkind: StatefulSet\n';
    for (const text of [compose, workflow, values, '', '---\n', '# only a comment\n', '- a\n- b\n', 'plain scalar']) {
      assert.deepEqual(diagnose(text), [], text);
    }
  });

  test('Helm templates get silence, even where they do not parse', () => {
    const chart = '{{- if .Values.db.enabled }}\n' + example('sts-emptyDir.yaml') + '\n  {{- include "x" . | nindent 4 }}\n{{- end }}\n';
    assert.deepEqual(diagnose(chart), []);
  });

  test('a Go template is judged per document: `{{` inside a block scalar is text', () => {
    const alerting = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  msg.tmpl: |\n    {{ .Labels.instance }} is down\n';
    const file = `${alerting}---\n${example('sts-emptyDir.yaml')}\n`;
    assert.deepEqual(diagnose(file).map((d) => d.code), ['statefulset-emptydir', 'unmounted-claim-template']);
    const commandInBlock = example('sts-emptyDir.yaml').replace("        - '24h'", "        - >-\n          sleep {{duration}}");
    assert.equal(diagnose(commandInBlock).length, 2);
    const helmDocument = example('sts-emptyDir.yaml').replace('name: sts-test\nspec', 'name: "{{ .Release.Name }}"\nspec');
    assert.deepEqual(diagnose(`${helmDocument}\n---\n${example('sts-emptyDir.yaml')}`).map((d) => d.range.start.line).sort(), [50, 65]);
    const analysis = new FileAnalyser().analyse(`${helmDocument}\n---\n${alerting}`);
    assert.equal(analysis.goTemplates, 1);
    const commented = example('sts-emptyDir.yaml').replace('spec:\n', 'spec:  # alerts use {{ $labels.instance }}\n');
    assert.equal(diagnose(commented).length, 2, 'a comment is text');
    const brokenConfigMap = `${alerting}  broken: [unclosed\n`;
    assert.deepEqual(diagnose(brokenConfigMap).map((d) => d.code), ['yaml-syntax'], 'a syntax error is not hidden by `{{` in a block scalar');
  });

  test('a quoted annotation whose closing line sits at its key\'s column reads as Kubernetes reads it, not as an error', () => {
    const annotation = "  annotations:\n    example.com/rules: '[\n      {\"a\": 1}\n    ]'\n";
    const text = example('sts-emptyDir.yaml').replace('metadata:\n  name: sts-test\n', `metadata:\n  name: sts-test\n${annotation}`);
    assert.notEqual(text, example('sts-emptyDir.yaml'));
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['statefulset-emptydir', 31], ['unmounted-claim-template', 16]]);
    assert.deepEqual(diagnose(text.replace(/\n/g, '\r\n')).map((d) => d.range.start.line), [31, 16], 'with CRLF line ends too');
    const unclosed = text.replace("    ]'\n", '    ]\n');
    assert.deepEqual(diagnose(unclosed).map((d) => d.code), ['yaml-syntax'], 'a quote that never closes is still an error');
    const doubled = text.replace("example.com/rules: '[", 'example.com/rules: "[').replace('{"a": 1}', '{a: 1}').replace("    ]'\n", '    ]"\n');
    assert.deepEqual(diagnose(doubled).map((d) => d.code), ['statefulset-emptydir', 'unmounted-claim-template']);
  });

  test('an error storm costs one pass: the parser builds no excerpt per error (the 80,000-error reproducer)', () => {
    const storm = `- a\nlist: [${Array(40001).fill(1).join(',')}]\n`;
    const { errors } = parseDocument(storm);
    assert.ok(errors.length > 40_000, `the storm is there (${errors.length} errors)`);
    assert.ok(errors.every((e) => !e.message.includes('\n') && !/ at line \d+/.test(e.message)), 'no excerpt (prettyErrors) was built');
    assert.equal(diagnose(`apiVersion: v1\nkind: X\n${storm}`).length, 1, 'one diagnostic per document');
  });

  test('a syntax error range never splits an astral character', () => {
    const [error] = diagnose('a: >😀\nkind: Pod\napiVersion: v1\n');
    assert.deepEqual(error.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } });
  });

  test('"too deeply nested" is decided by a depth measure, the same alone and after a warm-up', () => {
    const deep = `${example('sts-emptyDir.yaml')}\n  extra: ${'['.repeat(900)}${']'.repeat(900)}\n`;
    const alone = diagnose(deep);
    for (let i = 0; i < 20; i++) diagnose(example('sts-emptyDir.yaml'));
    assert.deepEqual(diagnose(deep), alone);
    assert.deepEqual(alone.map((d) => [d.code, d.severity, d.message]), [['yaml-syntax', 3, 'Not analysed: this YAML document nests more than 300 levels deep.']]);
    const shallow = `${example('sts-emptyDir.yaml')}\n  extra: ${'['.repeat(250)}${']'.repeat(250)}\n`;
    assert.deepEqual(diagnose(shallow).map((d) => d.code), ['statefulset-emptydir', 'unmounted-claim-template'], 'analysed below the limit');
    let blocks = 'apiVersion: v1\nkind: ConfigMap\ndata:\n';
    for (let i = 1; i <= 320; i++) blocks += `${' '.repeat(i)}k${i}:\n`;
    assert.match(diagnose(blocks)[0].message, /nests more than 300 levels/);
  });

  test('a kind in a version Kubernetes no longer serves is said to be not analysed; a CRD of the same name is silence', () => {
    const old = example('deployment-emptyDir.yaml').replace('apiVersion: apps/v1', 'apiVersion: extensions/v1beta1');
    assert.notEqual(old, example('deployment-emptyDir.yaml'));
    const [diagnostic, ...rest] = diagnose(old);
    assert.deepEqual(rest, []);
    assert.deepEqual([diagnostic.code, diagnostic.severity, diagnostic.range.start], ['unserved-api-version', 3, { line: 0, character: 12 }]);
    assert.equal(diagnostic.message, 'Not analysed: Kubernetes serves Deployment in apps/v1, no longer in extensions/v1beta1 (the API server answers "no matches for kind").');
    const kruise = example('sts-emptyDir.yaml').replace('apiVersion: apps/v1', 'apiVersion: apps.kruise.io/v1beta1');
    assert.deepEqual(diagnose(kruise), []);
  });

  test('lone-CR line breaks are line breaks (YAML and LSP agree): the same findings, at the same lines, and no fix', () => {
    const lf = diagnose(example('sts-emptyDir.yaml')).map((d) => [d.code, d.range]);
    const cr = example('sts-emptyDir.yaml').replace(/\n/g, '\r');
    assert.deepEqual(diagnose(cr).map((d) => [d.code, d.range]), lf);
    const document = TextDocument.create('file:///cr.yaml', 'yaml', 1, cr);
    const file = new FileAnalyser(document.uri).analyse(cr);
    assert.deepEqual(file.findings.flatMap((f) => f.fixes(defaultSettings)), [], 'the edits find lines by LF: no fix rather than a wrong one');
  });

  test('junk, alias bombs and deep nesting end with a result, not a crash or a hang', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.ok(Array.isArray(diagnose(junk)));
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bombText = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n${bomb.join('\n')}\nspec:\n  containers: *l\n`;
    assert.ok(Array.isArray(diagnose(bombText)));
    const deep = 'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    assert.deepEqual(
      diagnose(deep).map((d) => [d.severity, d.message]),
      [[3, 'Not analysed: this YAML document nests more than 300 levels deep.']],
      'valid YAML too deep to parse is said to be unanalysed, not wrong',
    );
  });
});

test('kinds, access modes and quantity suffixes named like Object.prototype members are read as any other word', () => {
  for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const text = `apiVersion: v1\nkind: ${word}\nmetadata: {name: x}\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  accessModes: [${word}]\n  resources: {requests: {storage: 1${word}}}\n`;
    const file = new FileAnalyser().analyse(text);
    assert.deepEqual([...new Set(file.findings.map((f) => f.ruleId))], ['invalid-claim'], word);
    const document = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
    assert.equal(hover(document, file, document.positionAt(text.indexOf(word))), null, `no hover on kind: ${word}`);
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: v\n    ${word}: {}\n  containers:\n  - name: c\n    image: busybox\n    volumeMounts:\n    - {name: v, mountPath: /v}\n`;
    const podDocument = TextDocument.create('file:///p.yaml', 'yaml', 1, pod);
    const shown = hover(podDocument, new FileAnalyser().analyse(pod), podDocument.positionAt(pod.indexOf(`${word}:`)));
    assert.doesNotMatch(JSON.stringify(shown), /undefined|\[object Object\]|redirected|removed in/, `the hover on a ${word} volume`);
  }
});
