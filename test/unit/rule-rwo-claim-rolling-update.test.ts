import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'rwo-claim-rolling-update';

function claim(mode: string): string {
  return yaml`
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: data}
    spec:
      accessModes: [${mode}]
      resources: {requests: {storage: 1Gi}}
  `;
}

function deployment(): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: grafana
    spec:
      replicas: 1
      selector:
        matchLabels: {app: grafana}
      template:
        metadata:
          labels: {app: grafana}
        spec:
          containers:
          - name: grafana
            image: grafana/grafana
            volumeMounts: [{name: storage, mountPath: /var/lib/grafana}]
          volumes:
          - name: storage
            persistentVolumeClaim: {claimName: data}
  `;
}

/** The claim and the Deployment, with `strategy` (lines at the spec's indentation) inserted before its template. */
const file = (mode: string, strategy = '') =>
  `${claim(mode)}---\n${deployment()}`.replace('  template:\n', strategy ? `${strategy}\n  template:\n` : '  template:\n');

describe(RULE, () => {
  test('warns with ReadWriteOncePod: the default rollout waits for ever', () => {
    const [found, ...rest] = lint(file('ReadWriteOncePod'), RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual([found.line, found.column, found.text], [26, 44, 'data']);
    assert.match(found.message, /ReadWriteOncePod and Deployment 'grafana' rolls out with the default strategy, RollingUpdate,/);
    assert.match(found.message, /stays Pending/);
    assert.deepEqual(found.related.map((r) => [r.line, r.text]), [[5, '[ReadWriteOncePod]']]);
  });

  test('informs with ReadWriteOnce: the rollout stalls when the new Pod lands on another node', () => {
    const [found] = lint(file('ReadWriteOnce'), RULE);
    assert.match(found.message, /if the new Pod is scheduled to another node .* \(Multi-Attach error\)/);
  });

  test('is silent with Recreate, a shareable claim, a claim not in view, or a rollout that may stop an old Pod first', () => {
    assert.deepEqual(lint(file('ReadWriteOnce', '  strategy: {type: Recreate}'), RULE), []);
    assert.deepEqual(lint(file('ReadWriteMany'), RULE), []);
    assert.deepEqual(lint(deployment(), RULE), []);
    assert.deepEqual(lint(file('ReadWriteOncePod', '  strategy: {rollingUpdate: {maxUnavailable: 1}}'), RULE), []);
    assert.deepEqual(lint(file('ReadWriteOncePod', '  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}'), RULE), [], 'both 0 means 1 unavailable');
    assert.deepEqual(lint(file('ReadWriteOncePod').replace('replicas: 1', 'replicas: 4'), RULE), [], '25% of 4 is one Pod');
    assert.equal(lint(file('ReadWriteOncePod', '  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0}}'), RULE).length, 1);
  });

  test('its fix inserts strategy Recreate before the template (preferred with ReadWriteOncePod)', () => {
    const title = 'Use strategy Recreate (stop the old Pod before the new one starts)';
    assert.deepEqual(fixesOf(file('ReadWriteOncePod'), RULE), [{ title, preferred: true }]);
    assert.deepEqual(fixesOf(file('ReadWriteOnce'), RULE), [{ title, preferred: false }]);
    const fixed = applyFix(file('ReadWriteOncePod'), RULE, title);
    assert.match(fixed, /matchLabels: \{app: grafana\}\n {2}strategy:\n {4}type: Recreate\n {2}template:\n/);
  });

  test('its fix replaces a RollingUpdate strategy block, rollingUpdate and all', () => {
    const before = file('ReadWriteOncePod', '  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0');
    const fixed = applyFix(before, RULE, 'Use strategy Recreate (stop the old Pod before the new one starts)');
    assert.match(fixed, /\n {2}strategy:\n {4}type: Recreate\n {2}template:\n/);
    assert.doesNotMatch(fixed, /rollingUpdate|maxUnavailable/);
  });

  test('keeps the comments of the strategy block it replaces, above the new one', () => {
    const before = file('ReadWriteOncePod', '  strategy:\n    # zero downtime\n    rollingUpdate:\n      maxUnavailable: 0  # one at a time');
    const fixed = applyFix(before, RULE, 'Use strategy Recreate (stop the old Pod before the new one starts)');
    assert.match(fixed, /\n {2}# zero downtime\n {2}# one at a time\n {2}strategy:\n {4}type: Recreate\n {2}template:\n/);
  });
});
