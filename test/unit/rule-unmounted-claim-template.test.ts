import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { example } from '../support/fixtures';
import { applyFix, fixesOf, lint } from '../support/ruleTester';

const RULE = 'unmounted-claim-template';

function statefulSet(mounts: string, containerKey = 'containers'): string {
  return [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  volumeClaimTemplates:',
    '  - metadata:',
    '      name: www  # per-replica storage',
    '    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}',
    '  template:',
    '    spec:',
    `      ${containerKey}:`,
    '      - name: nginx',
    '        image: nginx',
    mounts,
    '',
  ].join('\n');
}

describe(RULE, () => {
  test('fires on the seed, on the template name, naming the claim the controller creates', () => {
    const findings = lint(example('sts-emptyDir.yaml'), RULE);
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.text]), [[13, 13, 'sts-test']]);
    assert.match(findings[0].message, /PersistentVolumeClaim 'sts-test-sts-test-<ordinal>' for every replica/);
    assert.deepEqual(findings[0].related.map((r) => [r.line, r.text]), [[28, 'emptyDir']]);
  });

  test('fires with no fix when no emptyDir could take its place', () => {
    const text = statefulSet('        ports: [{containerPort: 80}]');
    assert.deepEqual(lint(text, RULE).map((f) => [f.line, f.text]), [[8, 'www']]);
    assert.deepEqual(fixesOf(text, RULE), []);
  });

  test('is silent when a container mounts it, uses it as a block device, or an init container mounts it', () => {
    assert.deepEqual(lint(statefulSet('        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]'), RULE), []);
    assert.deepEqual(lint(statefulSet('        volumeDevices: [{name: www, devicePath: /dev/xvda}]'), RULE), []);
    assert.deepEqual(lint(statefulSet('        volumeMounts: [{name: www, mountPath: /seed}]', 'initContainers'), RULE), []);
    assert.deepEqual(lint(example('sts-volume-template.yaml'), RULE), []);
    assert.deepEqual(lint(example('deployment-emptyDir.yaml'), RULE), []);
  });

  test('is silent on a patch (no selector, or a container without image), whose mounts may be in the base', () => {
    const text = statefulSet('        ports: [{containerPort: 80}]');
    assert.deepEqual(lint(text.replace('  selector: {matchLabels: {app: web}}\n', ''), RULE), []);
    assert.deepEqual(lint(text.replace('        image: nginx\n', ''), RULE), []);
  });

  test('its fix mounts the template instead of the emptyDir', () => {
    const before = example('sts-emptyDir.yaml');
    const title = "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'";
    assert.deepEqual(fixesOf(before, RULE), [{ title, preferred: true }]);
    const after = applyFix(before, RULE, title);
    assert.ok(!after.includes('emptyDir'));
    assert.match(after, /mountPath: \/test\n {12}name: sts-test$/);
  });
});
