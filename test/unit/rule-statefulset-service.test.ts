import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'statefulset-service';

function statefulSet(serviceName: string | undefined, namespace = ''): string {
  return yaml`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db${namespace ? `\n      namespace: ${namespace}` : ''}
    spec:${serviceName === undefined ? '' : `\n      serviceName: ${serviceName}`}
      selector:
        matchLabels:
          app: db
      template:
        metadata:
          labels:
            app: db
            tier: data
        spec:
          containers:
          - name: app
            image: example.com/app:1
            ports:
            - containerPort: 5432
              name: pg
  `;
}

function service(name: string, { clusterIP = 'None', selector = 'app: db', namespace = '' } = {}): string {
  return yaml`
    apiVersion: v1
    kind: Service
    metadata:
      name: ${name}${namespace ? `\n      namespace: ${namespace}` : ''}
    spec:
      clusterIP: ${clusterIP}
      selector: {${selector}}
      ports: [{port: 5432}]
  `;
}

const file = (...documents: string[]) => documents.join('---\n');

describe(RULE, () => {
  test('is silent on a StatefulSet whose headless Service selects its Pods, or whose Service is not in view', () => {
    assert.deepEqual(lint(file(statefulSet('db'), service('db')), RULE), []);
    assert.deepEqual(lint(statefulSet('db'), RULE), []);
    assert.deepEqual(lint(file(statefulSet('db', 'prod'), service('db', { namespace: 'prod' })), RULE), []);
    assert.deepEqual(lint(file(statefulSet('db'), service('db', { selector: 'app: db, tier: data' })), RULE), []);
  });

  test('is an error when serviceName is not a DNS-1123 label', () => {
    const [found] = lint(statefulSet('DB_Service'), RULE);
    assert.deepEqual([found.line, found.column, found.text], [6, 16, 'DB_Service']);
    assert.match(found.message, /not a DNS-1123 label .* since Kubernetes 1\.33 the API server rejects a new StatefulSet/);
  });

  test('informs when serviceName is missing, on kind, and offers serviceName plus a headless Service', () => {
    const text = statefulSet(undefined);
    const [found] = lint(text, RULE);
    assert.deepEqual([found.line, found.column, found.text], [2, 7, 'StatefulSet']);
    assert.match(found.message, /has no serviceName: its Pods get no DNS names of their own/);
    const title = "Add serviceName 'db' and a headless Service 'db'";
    assert.deepEqual(fixesOf(text, RULE), [{ title, preferred: false }]);
    const fixed = applyFix(text, RULE, title);
    assert.equal(
      fixed,
      text.replace('spec:\n  selector:', 'spec:\n  serviceName: db\n  selector:') +
        '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n  - port: 5432\n',
    );
    assert.deepEqual(lint(fixed), [], 'nothing else to say about the result');
  });

  test('points a missing serviceName at the headless Service in view that selects the Pods', () => {
    const text = file(statefulSet(undefined), service('db-headless'));
    const [found] = lint(text, RULE);
    assert.match(found.message, /Headless Service 'db-headless' selects its Pods\.$/);
    const fixed = applyFix(text, RULE, "Set serviceName to 'db-headless'");
    assert.match(fixed, /spec:\n {2}serviceName: db-headless\n {2}selector:/);
  });

  test('informs when the Service is not headless', () => {
    const [found] = lint(file(statefulSet('db'), service('db', { clusterIP: '10.0.0.12' })), RULE);
    assert.match(found.message, /^Service 'db' is not headless/);
    assert.deepEqual(found.related.map((r) => r.text), ['10.0.0.12']);
  });

  test('warns when the Service does not select the Pods', () => {
    const [found] = lint(file(statefulSet('db'), service('db', { selector: 'app: postgres' })), RULE);
    assert.match(found.message, /does not select the Pods of StatefulSet 'db' \(their template labels lack app=postgres\)/);
  });

  test('warns when the Service is in view only in another namespace', () => {
    const [found] = lint(file(statefulSet('db', 'prod'), service('db', { namespace: 'staging' })), RULE);
    assert.match(found.message, /^Service 'db' is in view only in namespace 'staging', not in 'prod'/);
    assert.deepEqual(lint(file(statefulSet('db'), service('db', { namespace: 'staging' })), RULE), [], 'the StatefulSet may be applied to staging');
  });

  test('suggests the headless Service that selects the Pods when serviceName names none in view', () => {
    const text = file(statefulSet('db-hl'), service('db-headless'));
    const [found] = lint(text, RULE);
    assert.match(found.message, /did you mean serviceName 'db-headless'\?/);
    const fixed = applyFix(text, RULE, "Change serviceName to 'db-headless'");
    assert.match(fixed, /serviceName: db-headless\n/);
    assert.deepEqual(lint(file(statefulSet('db-hl'), service('metrics', { clusterIP: '10.0.0.1' })), RULE), [], 'not a headless one');
  });

  test('a finding comes back when the Service changes back (relational findings are not cached)', () => {
    assert.equal(lint(file(statefulSet('db'), service('db', { selector: 'app: other' })), RULE).length, 1);
    assert.equal(lint(file(statefulSet('db'), service('db')), RULE).length, 0);
  });

  test('warns when serviceName can name no Service (not an RFC 1035 label), and offers no Service for it', () => {
    const [found] = lint(statefulSet('1db'), RULE);
    assert.match(found.message, /^serviceName '1db' can name no Service: a Service's name is an RFC 1035 label/);
    assert.deepEqual(fixesOf(statefulSet('1db'), RULE), []);
  });

  test('offers no headless Service where the selector misses the template labels: no Service could select the Pods', () => {
    const mismatch = statefulSet(undefined).replace('      app: db\n  template:', '      app: database\n  template:');
    assert.notEqual(mismatch, statefulSet(undefined));
    assert.equal(lint(mismatch, RULE).length, 1);
    assert.deepEqual(fixesOf(mismatch, RULE), []);
  });

  test('never suggests a Service without a name, or with one no Service can have', () => {
    const nameless = 'apiVersion: v1\nkind: Service\nmetadata: {labels: {app: db}}\nspec:\n  clusterIP: None\n  selector: {app: db}\n';
    const text = file(statefulSet(undefined), nameless);
    const [found] = lint(text, RULE);
    assert.doesNotMatch(found.message, /Headless Service/);
    assert.deepEqual(fixesOf(text, RULE).map((f) => f.title), ["Add serviceName 'db' and a headless Service 'db'"]);
    const trailing = file(statefulSet('db-1'), service('db-'));
    assert.deepEqual(lint(trailing, RULE), [], 'db- is no Service name: nothing to suggest');
  });
});
