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
  const title = "Convert Deployment 'wiki' to a StatefulSet";

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

  test('is not offered where an edit would drop a comment, or on a patch', () => {
    const commented = before.replace('  strategy:\n    type: RollingUpdate\n', '  strategy:\n    # zero downtime\n    type: RollingUpdate\n');
    assert.deepEqual(refactorsAt(commented, at(13, 8)), []);
    const patch = before.replace('        image: requarks/wiki:2\n', '');
    assert.deepEqual(refactorsAt(patch, at(13, 8)), []);
  });

  test('says which claims stay shared when they are not in view', () => {
    const alone = before.slice(before.indexOf('---\n') + 4);
    const [action] = refactorsAt(alone, at(1, 8));
    assert.equal(action.title, "Convert Deployment 'wiki' to a StatefulSet (1 claim not in view stay shared)");
    assert.match(apply(alone, action), /persistentVolumeClaim:\n {10}claimName: wiki-data\n/);
  });
});

describe('Add a headless Service for a StatefulSet', () => {
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
