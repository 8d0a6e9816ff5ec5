import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'selector-mismatch';
const API_ERROR = '"spec.template.metadata.labels: Invalid value: …: `selector` does not match template `labels`"';

const deployment = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        # the Pods' labels
        labels:
          app: webserver
      spec:
        containers:
        - name: web
          image: nginx:1.27
`;

/** A workload of `kind` (apps/v1 unless given) with the selector and template metadata written as block lines. */
function workload(kind: string, selector: string, metadata: string, extra = '', apiVersion = 'apps/v1'): string {
  return [
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    '  name: w',
    'spec:',
    ...extra.split('\n').filter(Boolean).map((line) => `  ${line}`),
    '  selector:',
    ...selector.split('\n').filter(Boolean).map((line) => `    ${line}`),
    '  template:',
    ...metadata.split('\n').filter(Boolean).map((line) => `    ${line}`),
    '    spec:',
    '      containers:',
    '      - name: c',
    '        image: busybox:1.36',
    '',
  ].join('\n');
}

describe(RULE, () => {
  test('fires on the selector value that the template labels contradict, pointing at the template labels', () => {
    const findings = lint(deployment, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[8, 12, 'web']]);
    assert.equal(
      findings[0].message,
      "The selector requires label 'app: web' (the pod template has 'app: webserver'): it does not select the pod " +
        `template's labels, so the API server rejects this Deployment with ${API_ERROR}.`,
    );
    assert.deepEqual(findings[0].related.map((r) => [r.line, r.text, r.message]), [[12, 'labels', "the pod template's labels"]]);
  });

  test('names every failing requirement in one finding, placed on the first of them', () => {
    const text = workload('Deployment', 'matchLabels:\n  app: web\n  tier: front', 'metadata:\n  labels:\n    app: web\n    version: v2');
    const findings = lint(text, RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[9, 13, 'front']]);
    assert.match(findings[0].message, /^The selector requires label 'tier: front' \(missing from the pod template\): it does not select/);

    const both = workload('StatefulSet', 'matchExpressions:\n- {key: env, operator: In, values: [prod]}\nmatchLabels:\n  app: db', 'metadata:\n  labels:\n    app: web');
    const [finding] = lint(both, RULE);
    assert.deepEqual([finding.line, finding.column, finding.text], [8, 7, '{key: env, operator: In, values: [prod]}']);
    assert.match(finding.message, /requires label 'app: db' \(the pod template has 'app: web'\), 'env In \(prod\)' \(the pod template has no 'env' label\): .* rejects this StatefulSet/);
  });

  test('fires on each matchExpressions operator, on the expression', () => {
    const cases: [string, string, RegExp][] = [
      ['- key: env\n  operator: In\n  values: [prod, staging]', 'env: dev', /'env In \(prod, staging\)' \(the pod template has 'env: dev'\)/],
      ['- key: env\n  operator: NotIn\n  values: [dev]', 'env: dev', /'env NotIn \(dev\)' \(the pod template has 'env: dev'\)/],
      ['- key: app\n  operator: Exists', 'env: dev', /'app Exists' \(the pod template has no 'app' label\)/],
      ['- key: env\n  operator: DoesNotExist', 'env: dev', /'env DoesNotExist' \(the pod template has 'env: dev'\)/],
    ];
    for (const [expression, label, message] of cases) {
      const text = workload('DaemonSet', `matchExpressions:\n${expression}`, `metadata:\n  labels:\n    ${label}`);
      const findings = lint(text, RULE);
      assert.equal(findings.length, 1, text);
      assert.deepEqual([findings[0].line, findings[0].column], [8, 7]);
      assert.equal(findings[0].text, expression.split('\n').map((l, i) => (i === 0 ? l.slice(2) : `    ${l}`)).join('\n'));
      assert.match(findings[0].message, message);
      assert.match(findings[0].message, /rejects this DaemonSet/);
    }
  });

  test('fires when the template has no labels, or no metadata, on a complete manifest', () => {
    const noLabels = workload('ReplicaSet', 'matchLabels:\n  app: web', 'metadata:\n  annotations:\n    team: a');
    const [finding] = lint(noLabels, RULE);
    assert.deepEqual([finding.line, finding.column, finding.text], [8, 12, 'web']);
    assert.match(finding.message, /label 'app: web' \(missing from the pod template\)/);
    assert.deepEqual(finding.related.map((r) => [r.line, r.message]), [[10, "the pod template's metadata, which has no labels"]]);

    const noMetadata = workload('StatefulSet', 'matchLabels:\n  app: web', '');
    assert.deepEqual(lint(noMetadata, RULE).map((f) => [f.line, f.text, f.related.map((r) => [r.line, r.text, r.message])]), [
      [8, 'web', [[9, 'template', 'the pod template, which has no metadata']]],
    ]);
  });

  test('fires on a Job with manualSelector: true and on a ReplicationController selector map', () => {
    const job = workload('Job', 'matchLabels:\n  job: a', 'metadata:\n  labels:\n    job: b', 'manualSelector: true', 'batch/v1');
    assert.deepEqual(lint(job, RULE).map((f) => [f.line, f.column, f.text]), [[9, 12, 'a']]);
    assert.match(lint(job, RULE)[0].message, /label 'job: a' \(the pod template has 'job: b'\).*rejects this Job/);

    const rc = workload('ReplicationController', 'app: web', 'metadata:\n  labels:\n    app: api', '', 'v1');
    const [finding] = lint(rc, RULE);
    assert.deepEqual([finding.line, finding.column, finding.text], [7, 10, 'web']);
    assert.match(finding.message, /label 'app: web' \(the pod template has 'app: api'\).*rejects this ReplicationController/);
  });

  test('a patch or fragment (no image, or no selector) reports only labels it contradicts, never ones it lacks', () => {
    const imageless = (labels: string) =>
      workload('Deployment', 'matchLabels:\n  app: web\n  tier: front', `metadata:\n  labels:\n${labels}`).replace('        image: busybox:1.36\n', '');
    assert.deepEqual(lint(imageless('    app: web'), RULE), []);
    assert.deepEqual(lint(imageless('    role: x'), RULE), []);
    const contradicted = lint(imageless('    app: api'), RULE);
    assert.deepEqual(contradicted.map((f) => [f.line, f.text]), [[8, 'web']]);
    assert.doesNotMatch(contradicted[0].message, /tier/);
    const noLabels = workload('StatefulSet', 'matchLabels:\n  app: web', '').replace('        image: busybox:1.36\n', '');
    assert.deepEqual(lint(noLabels, RULE), []);
    // A kustomize patch without a selector.
    const patch = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          metadata:
            labels: {version: v2}
    `;
    assert.deepEqual(lint(patch, RULE), []);
  });

  test('is silent when the selector selects the template labels', () => {
    const fine = [
      workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    app: web\n    version: v2'),
      workload('StatefulSet', 'matchLabels:\n  app: "web"', "metadata:\n  labels:\n    'app': web"),
      workload('Deployment', 'matchLabels:\n  version: "1"', 'metadata:\n  labels:\n    version: "1"'),
      workload('DaemonSet', 'matchExpressions:\n- {key: env, operator: In, values: [prod, dev]}\n- {key: canary, operator: DoesNotExist}', 'metadata:\n  labels:\n    env: dev'),
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: NotIn, values: [prod]}\n- {key: app, operator: Exists}', 'metadata:\n  labels:\n    app: x'),
      workload('ReplicationController', 'app: web', 'metadata:\n  labels:\n    app: web', '', 'v1'),
    ];
    for (const text of fine) assert.deepEqual(lint(text, RULE), [], text);
  });

  test('is silent on selectors the API server does not compare: empty, generated, invalid, or another API', () => {
    const silent = [
      // An empty selector is refused for another reason ("empty selector is invalid for deployment").
      workload('Deployment', 'matchLabels: {}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', '{}', 'metadata:\n  labels:\n    app: web').replace('  selector:\n    {}', '  selector: {}'),
      // A ReplicationController without a selector gets its template labels as selector.
      workload('ReplicationController', '{}', 'metadata:\n  labels:\n    app: web', '', 'v1').replace('  selector:\n    {}', '  selector: {}'),
      // Without manualSelector, a Job's selector is generated (a written one is refused as "not auto-generated").
      workload('Job', 'matchLabels:\n  job: a', 'metadata:\n  labels:\n    job: b', '', 'batch/v1'),
      workload('Job', 'matchLabels:\n  job: a', 'metadata:\n  labels:\n    job: b', 'manualSelector: false', 'batch/v1'),
      // Invalid selectors fail with their own errors before any comparison.
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: In, values: []}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: Exists, values: [x]}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: Like, values: [x]}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchLabels:\n  "my app": web', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchLabels:\n  app: "web server"', 'metadata:\n  labels:\n    app: web'),
      // Same kind names in other API groups.
      workload('StatefulSet', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    app: api', '', 'apps.kruise.io/v1beta1'),
      workload('Job', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    app: api', 'manualSelector: true', 'batch.volcano.sh/v1alpha1'),
    ];
    for (const text of silent) assert.deepEqual(lint(text, RULE), [], text);
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: c}
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            selector: {matchLabels: {a: b}}
            template:
              metadata: {labels: {a: c}}
              spec:
                restartPolicy: Never
                containers: [{name: c, image: busybox}]
    `;
    assert.deepEqual(lint(cron, RULE), []);
  });

  test('is silent when aliases or merge keys hide part of either side', () => {
    const silent = [
      `x-labels: &labels\n  app: api\n${workload('Deployment', 'matchLabels: *labels', 'metadata:\n  labels:\n    app: web')}`,
      workload('Deployment', 'matchLabels:\n  app: &a web', 'metadata:\n  labels:\n    app: api\n    other: *a'),
      `x: &l {app: web}\n${workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels: *l')}`,
      `x: &base\n  app: web\n${workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    <<: *base')}`,
      `x: &base\n  labels: {app: web}\n${workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  <<: *base')}`,
      `x: &m\n  labels: {app: web}\n${workload('Deployment', 'matchLabels:\n  app: web', 'metadata: *m')}`,
      `x: &e\n- {key: app, operator: In, values: [web]}\n${workload('Deployment', 'matchExpressions: *e', 'metadata:\n  labels:\n    app: api')}`,
      `x: &v [web]\n${workload('Deployment', 'matchExpressions:\n- {key: app, operator: In, values: *v}', 'metadata:\n  labels:\n    app: api')}`,
      `x: &k app\n${workload('Deployment', 'matchExpressions:\n- {key: *k, operator: Exists}', 'metadata:\n  labels:\n    other: x')}`,
    ];
    for (const text of silent) assert.deepEqual(lint(text, RULE), [], text);
    // An anchor hides nothing: the labels are all written. The analysis offers no fix in a document with anchors.
    const anchored = `${workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels: &l\n    app: api')}x: *l\n`;
    assert.equal(lint(anchored, RULE).length, 1);
    assert.deepEqual(fixesOf(anchored, RULE), []);
  });

  test('is silent where values are not strings, or template values are placeholders a tool fills in', () => {
    const silent = [
      workload('Deployment', 'matchLabels:\n  version: 1.0', 'metadata:\n  labels:\n    version: "1.0"'),
      workload('Deployment', 'matchLabels:\n  enabled: "true"', 'metadata:\n  labels:\n    enabled: true'),
      workload('Deployment', 'matchExpressions:\n- {key: v, operator: In, values: [1]}', 'metadata:\n  labels:\n    v: "2"'),
      workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    app: ${APP_NAME}'),
      workload('Deployment', 'matchLabels:\n  app: ${APP_NAME}', 'metadata:\n  labels:\n    app: web'),
    ];
    for (const text of silent) assert.deepEqual(lint(text, RULE), [], text);
  });

  test('adds a missing label after the template labels, keeping comments', () => {
    const text = workload('Deployment', 'matchLabels:\n  app: web\n  tier: front', 'metadata:\n  labels:\n    app: web # name\n    # more labels below');
    assert.deepEqual(fixesOf(text, RULE), [{ title: "Add label 'tier: front' to the pod template", preferred: true }]);
    const after = applyFix(text, RULE, "Add label 'tier: front' to the pod template");
    assert.equal(after, text.replace('        app: web # name\n', '        app: web # name\n        tier: front\n'));
  });

  test('adds several labels at once, quoting values YAML would read as other types', () => {
    const text = workload('StatefulSet', 'matchLabels:\n  app: web\n  version: "1"\n  enabled: "true"', 'metadata:\n  labels:\n    app: web');
    const title = "Add labels 'version: 1', 'enabled: true' to the pod template";
    assert.deepEqual(fixesOf(text, RULE), [{ title, preferred: true }]);
    assert.equal(applyFix(text, RULE, title), text.replace('        app: web\n    spec', '        app: web\n        version: "1"\n        enabled: "true"\n    spec'));
  });

  test('creates labels under the template metadata, or metadata under the template, in the file\'s indentation', () => {
    const noLabels = workload('ReplicaSet', 'matchLabels:\n  app: web', 'metadata:\n  annotations:\n    team: a');
    const added = applyFix(noLabels, RULE, "Add label 'app: web' to the pod template");
    assert.equal(added, noLabels.replace('        team: a\n', '        team: a\n      labels:\n        app: web\n'));

    const noMetadata = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
          name: db
      spec:
          selector:
              matchLabels:
                  app: db
          template:
              # the pod
              spec:
                  containers:
                  - name: db
                    image: postgres:17
    `;
    const created = applyFix(noMetadata, RULE, "Add label 'app: db' to the pod template");
    assert.equal(created, noMetadata.replace('        spec:\n', '        metadata:\n            labels:\n                app: db\n        spec:\n'));
  });

  test('sets a differing value in place, keeping its quotes; offered but not preferred', () => {
    const text = deployment.replace('app: webserver', "app: 'webserver'");
    assert.deepEqual(fixesOf(text, RULE), [{ title: "Set pod template label 'app: web'", preferred: false }]);
    assert.equal(applyFix(text, RULE, "Set pod template label 'app: web'"), deployment.replace('app: webserver', "app: 'web'"));
  });

  test('keeps CRLF line endings', () => {
    const text = workload('Deployment', 'matchLabels:\n  app: web\n  tier: front', 'metadata:\n  labels:\n    app: web').replace(/\n/g, '\r\n');
    const after = applyFix(text, RULE, "Add label 'tier: front' to the pod template");
    assert.equal(after, text.replace('        app: web\r\n', '        app: web\r\n        tier: front\r\n'));
  });

  test('fixes an In expression with one value; offers nothing for other operators or contradictions', () => {
    const single = workload('Deployment', 'matchExpressions:\n- {key: env, operator: In, values: [prod]}', 'metadata:\n  labels:\n    app: web');
    assert.equal(
      applyFix(single, RULE, "Add label 'env: prod' to the pod template"),
      single.replace('        app: web\n', '        app: web\n        env: prod\n'),
    );
    const none = [
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: In, values: [prod, dev]}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: Exists}', 'metadata:\n  labels:\n    app: web'),
      workload('Deployment', 'matchExpressions:\n- {key: env, operator: DoesNotExist}', 'metadata:\n  labels:\n    env: x'),
      workload('Deployment', 'matchLabels:\n  app: web\nmatchExpressions:\n- {key: app, operator: NotIn, values: [web]}', 'metadata:\n  labels:\n    app: api'),
    ];
    for (const text of none) {
      assert.equal(lint(text, RULE).length, 1, text);
      assert.deepEqual(fixesOf(text, RULE), [], text);
    }
  });

  test('offers no fix for a label written twice: which one counts is not for a fix to guess', () => {
    const twice = workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels:\n    app: api\n    app: webserver');
    assert.equal(lint(twice, RULE).length, 1, twice);
    assert.deepEqual(fixesOf(twice, RULE), []);
  });

  test('offers no fix where the template labels or metadata are flow style, or labels is empty', () => {
    const flow = [
      workload('Deployment', 'matchLabels:\n  app: web\n  tier: front', 'metadata:\n  labels: {app: web}'),
      workload('Deployment', 'matchLabels:\n  app: web', 'metadata: {annotations: {a: b}}'),
    ];
    for (const text of flow) {
      assert.equal(lint(text, RULE).length, 1, text);
      assert.deepEqual(fixesOf(text, RULE), [], text);
    }
    // A differing value in a flow map is a scalar replacement: that one is safe.
    const value = workload('Deployment', 'matchLabels:\n  app: web', 'metadata:\n  labels: {app: api}');
    assert.equal(applyFix(value, RULE, "Set pod template label 'app: web'"), value.replace('{app: api}', '{app: web}'));
  });
});
