// Refactors (`refactor.rewrite`) applied as an editor applies them, against golden outputs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Range } from 'vscode-languageserver-types';
import { FileAnalyser } from '../../server/src/service/analysis';
import { codeActions } from '../../server/src/service/codeActions';
import { defaultSettings } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';
import { lint, yaml } from '../support/ruleTester';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'refactors', name), 'utf8');
const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });

function refactorsAt(text: string, range: Range, only = ['refactor']): CodeAction[] {
  const document = TextDocument.create('file:///work/app.yaml', 'yaml', 1, text);
  const file = new FileAnalyser(document.uri).analyse(text);
  return codeActions(document, file, { range, diagnostics: [], only }, { settings: defaultSettings, docsUri: 'file:///docs/' });
}

function apply(text: string, action: CodeAction): string {
  const document = TextDocument.create('file:///work/app.yaml', 'yaml', 1, text);
  return TextDocument.applyEdits(document, action.edit!.changes![document.uri]);
}

const comments = (text: string) => text.match(/#.*$/gm) ?? [];

describe('Convert Deployment to StatefulSet', () => {
  const before = fixture('deployment.yaml');
  const title = "Convert Deployment 'wiki' to a StatefulSet (new, empty claims per replica replace 'wiki-data')";

  test('is offered on kind and on the name, as refactor.rewrite, and nowhere else', () => {
    for (const position of [at(13, 8), at(15, 9)]) {
      const actions = refactorsAt(before, position);
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [[title, 'refactor.rewrite']]);
    }
    assert.deepEqual(refactorsAt(before, at(18, 4)), [], 'not on replicas');
    assert.deepEqual(refactorsAt(before, at(2, 8)), [], 'not on the claim');
    assert.deepEqual(refactorsAt(before, at(13, 8), ['quickfix']).filter((a) => a.kind === 'refactor.rewrite'), []);
  });

  test('rewrites the kind, serviceName, claim templates and Deployment-only fields to the golden output', () => {
    const [action] = refactorsAt(before, at(13, 8));
    const after = apply(before, action);
    assert.equal(after, fixture('deployment.statefulset.yaml'));
    assert.deepEqual(parseAllDocuments(after).flatMap((d) => d.errors), []);
    for (const comment of comments(before)) assert.ok(after.includes(comment), `comment kept: ${comment}`);
    assert.deepEqual(lint(after).map((f) => f.ruleId), [], 'the StatefulSet has nothing to report');
    assert.deepEqual(refactorsAt(after, at(13, 8)), [], 'neither offered again nor a headless Service: one is in view');
  });

  test('keeps the comments of what it removes, and is not offered on a patch', () => {
    const commented = before
      .replace('  strategy:\n    type: RollingUpdate\n', '  strategy:\n    # zero downtime\n    type: RollingUpdate\n')
      .replace('\n      - name: uploads\n        emptyDir:', '\n      # TODO: move to a PVC before prod\n      - name: uploads\n        emptyDir:');
    const [action] = refactorsAt(commented, at(13, 8));
    const after = apply(commented, action);
    for (const comment of comments(commented)) assert.ok(after.includes(comment), `comment kept: ${comment}`);
    assert.match(after, /\n {2}# zero downtime\n {2}serviceName: wiki\n/);
    assert.match(after, /\n {6}# TODO: move to a PVC before prod\n {6}- name: cache\n/);
    const patch = before.replace('        image: requarks/wiki:2\n', '');
    assert.deepEqual(refactorsAt(patch, at(13, 8)), []);
  });

  test('keeps shared the claims not in view, those the replicas can share, and those bound to a volume', () => {
    const alone = before.slice(before.indexOf('---\n') + 4);
    const [action] = refactorsAt(alone, at(1, 8));
    assert.equal(action.title, "Convert Deployment 'wiki' to a StatefulSet");
    assert.match(apply(alone, action), /persistentVolumeClaim:\n {10}claimName: wiki-data\n/);
    for (const shared of ['accessModes: ["ReadWriteMany"]', 'accessModes: ["ReadOnlyMany"]']) {
      const text = before.replace('accessModes: ["ReadWriteOnce"]', shared);
      const [sharing] = refactorsAt(text, at(13, 8));
      assert.equal(sharing.title, "Convert Deployment 'wiki' to a StatefulSet", shared);
      assert.match(apply(text, sharing), /persistentVolumeClaim:\n {10}claimName: wiki-data\n/);
    }
    const bound = before.replace('  storageClassName: fast\n', '  storageClassName: fast\n  volumeName: pv-wiki\n');
    assert.equal(refactorsAt(bound, at(14, 8))[0].title, "Convert Deployment 'wiki' to a StatefulSet");
  });

  test('retargets an autoscaler in view (in apps/v1), and names a headless Service that does not clash', () => {
    const old = before.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: extensions/v1beta1\nkind: Deployment');
    assert.deepEqual(refactorsAt(old, at(13, 8)), [], 'a version no longer served is not read');
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: wiki}\nspec:\n' +
      '  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: wiki\n  maxReplicas: 5\n';
    const clusterIP = 'apiVersion: v1\nkind: Service\nmetadata: {name: wiki}\nspec:\n  selector: {app: wiki}\n  ports: [{port: 80}]\n';
    const text = `${before}---\n${hpa}---\n${clusterIP}`;
    const [action] = refactorsAt(text, at(13, 8));
    const after = apply(text, action);
    assert.match(after, /apiVersion: apps\/v1\nkind: StatefulSet\n/);
    assert.match(after, /scaleTargetRef:\n {4}apiVersion: apps\/v1\n {4}kind: StatefulSet\n {4}name: wiki\n/);
    assert.match(after, /serviceName: wiki-headless\n/);
    assert.match(after, /kind: Service\nmetadata:\n {2}name: wiki-headless\nspec:\n {2}clusterIP: None\n/);
    assert.deepEqual(lint(after).map((f) => f.ruleId), []);
  });

  test('derives a Service name that the API server accepts', () => {
    const dotted = before.replace(/name: wiki {2}# public docs/, 'name: wiki.v2  # public docs');
    const [action] = refactorsAt(dotted, at(13, 8));
    const after = apply(dotted, action);
    assert.match(after, /serviceName: wiki-v2\n/);
    assert.match(after, /kind: Service\nmetadata:\n {2}name: wiki-v2\n/);
  });
});

describe('Add a headless Service for a StatefulSet', () => {
  test('gives every port a name of its own', () => {
    const ports = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: dns}
      spec:
        serviceName: dns
        selector: {matchLabels: {app: dns}}
        template:
          metadata: {labels: {app: dns}}
          spec:
            containers:
            - name: server
              image: coredns/coredns
              ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns, containerPort: 53, protocol: TCP}]
            - name: metrics
              image: exporter
              ports: [{name: dns, containerPort: 5353}]
    `;
    const [action] = refactorsAt(ports, at(1, 8));
    const after = apply(ports, action);
    assert.deepEqual([...after.matchAll(/- name: (\S+)/g)].map((m) => m[1]).slice(-3), ['dns', 'tcp-53', 'tcp-5353']);
  });

  test('offers nothing twice: the quick fix that writes the same edits hides the refactor', () => {
    const bare = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: db, image: example.com/db:1}]
    `;
    const document = TextDocument.create('file:///work/app.yaml', 'yaml', 1, bare);
    const file = new FileAnalyser(document.uri).analyse(bare);
    const actions = codeActions(document, file, { range: at(1, 8), diagnostics: [] }, { settings: defaultSettings, docsUri: '' });
    const edits = actions.filter((a) => a.edit).map((a) => JSON.stringify(a.edit));
    assert.equal(new Set(edits).size, edits.length, actions.map((a) => a.title).join('\n'));
    assert.ok(actions.some((a) => a.title === "Add serviceName 'db' and a headless Service 'db'"));
  });

  const statefulSet = yaml`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db-peers
      selector:
        matchLabels: {app: db}
      template:
        metadata:
          labels: {app: db}
        spec:
          containers:
          - name: db
            image: postgres:17
            ports: [{containerPort: 5432, name: pg}, {containerPort: 9187, name: metrics}]
  `;

  test('appends the Service that serviceName names, with named ports', () => {
    const [action] = refactorsAt(statefulSet, at(1, 8));
    assert.equal(action.title, "Add a headless Service 'db-peers' for StatefulSet 'db'");
    const after = apply(statefulSet, action);
    assert.equal(
      after,
      `${statefulSet}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db-peers\nspec:\n  clusterIP: None\n  selector:\n    app: db\n` +
        '  ports:\n  - name: pg\n    port: 5432\n  - name: metrics\n    port: 9187\n',
    );
    assert.deepEqual(refactorsAt(after, at(1, 8)), [], 'not offered twice');
  });
});
