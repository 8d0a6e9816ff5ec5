import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuantity } from '../../server/src/model/quantity';
import { accessModeFor, quantityTypos } from '../../server/src/rules/invalid-claim';
import { defaultSettings } from '../../server/src/settings';
import { applyFix, fixesOf, lint, yaml } from '../support/ruleTester';

const RULE = 'invalid-claim';
const REQUIRED_MODES = 'spec.accessModes: Required value: at least 1 access mode is required';
const SUPPORTED = 'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';
const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** A PersistentVolumeClaim named `data` with the given spec lines (two-space indented). */
const pvc = (spec: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n${spec}`;
const where = (text: string) => lint(text, RULE).map((f) => [f.line, f.column, f.text]);

describe('parseQuantity (a port of ParseQuantity, apimachinery pkg/api/resource/quantity.go)', () => {
  // The inputs of TestQuantityParse (quantity_test.go): each parses, and so does its negative and `+` form.
  const accepted = [
    '0', '0n', '0u', '0m', '0Ki', '0k', '0Mi', '0M', '0Gi', '0G', '0Ti', '0T', '1', '1Ki', '8Ki', '7Mi', '6Gi', '5Ti',
    '4Pi', '3Ei', '10Ti', '100Ti', '5n', '4u', '3m', '9', '8k', '50k', '7M', '6G', '5T', '40T', '300T', '2P', '1E',
    '1E-3', '1e3', '1E6', '1e9', '1E12', '1e15', '1E18', '1e14', '1e13', '100.035k', '0.001', '0.0005k', '0.005',
    '0.05', '0.5', '0.00050k', '0.00500', '0.05000', '0.50000', '0.5e0', '0.5e-1', '0.5e-2', '10.035M', '1.2e3',
    '1.3E+6', '1.40e9', '1.53E12', '1.6e15', '1.7E18', '9.01', '8.1k', '7.123456M', '6.987654321G', '5.444T',
    '40.1T', '300.2T', '2.5P', '1.01E', '3.001n', '1.1E-9', '0.0000000001', '0.0000000005', '0.00000000050',
    '0.5e-9', '0.9n', '0.00000012345', '0.00000012354', '9Ei', '9223372036854775807Ki', '12E', '100.035Ki',
    '0.5Mi', '0.05Gi', '0.025Ti', '0.000000000001Ki', '.001', '.0001k', '1.', '1.G',
  ];
  // TestQuantityParse's `invalid` list, and the empty string.
  const refused = ['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 ', ''];

  test('accepts what ParseQuantity accepts, with either sign', () => {
    for (const input of accepted) {
      for (const signed of [input, `-${input}`, `+${input}`]) {
        assert.equal(parseQuantity(signed, false).ok, true, signed);
      }
    }
  });

  test('refuses what ParseQuantity refuses, with its error', () => {
    for (const input of refused) assert.equal(parseQuantity(input, false).ok, false, JSON.stringify(input));
    assert.deepEqual(parseQuantity('10GB'), { ok: false, error: 'format' });
    assert.deepEqual(parseQuantity('10gi'), { ok: false, error: 'format' });
    assert.deepEqual(parseQuantity('10 Gi'), { ok: false, error: 'format' });
    assert.deepEqual(parseQuantity('0.1mi'), { ok: false, error: 'suffix' });
    assert.deepEqual(parseQuantity('10K'), { ok: false, error: 'suffix' });
    assert.deepEqual(parseQuantity('1e'), { ok: false, error: 'suffix' });
    // Paths that reach inf.Dec with no digit at all.
    assert.deepEqual(parseQuantity('.e-10'), { ok: false, error: 'numeric' });
    assert.deepEqual(parseQuantity('Ei'), { ok: false, error: 'numeric' });
  });

  test('reads the sign the API server compares with zero, leniencies included', () => {
    const sign = (input: string) => {
      const reading = parseQuantity(input);
      return reading.ok ? reading.sign : 'error';
    };
    assert.deepEqual(['10Gi', '0.000000000001Ki', '1e-20', '+1'].map(sign), [1, 1, 1, 1]);
    assert.deepEqual(['-1Gi', '-0.5'].map(sign), [-1, -1]);
    // "0" and its spellings; the scanner also reads a bare sign, a lone dot or a bare suffix as 0.
    assert.deepEqual(['0', '0Gi', '000', '-0', '0.0e5', '.', '-.', '+', 'Gi', 'k'].map(sign), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('trims surrounding whitespace as UnmarshalJSON does, unless told not to', () => {
    assert.deepEqual(parseQuantity(' 10Gi '), { ok: true, sign: 1 });
    assert.equal(parseQuantity(' 10Gi ', false).ok, false);
  });
});

describe(`${RULE}: access modes`, () => {
  test('fires on a claim without accessModes, on its spec key, with the validation error', () => {
    const text = pvc('  storageClassName: fast\n  volumeMode: Filesystem\n  resources:\n    requests:\n      storage: 10Gi\n');
    assert.deepEqual(where(text), [[5, 1, 'spec']]);
    assert.equal(
      lint(text, RULE)[0].message,
      `PersistentVolumeClaim 'data' has no accessModes: the API server rejects it (${REQUIRED_MODES}).`,
    );
    assert.deepEqual(fixesOf(text, RULE), [
      { title: 'Add accessModes: [ReadWriteOnce]', preferred: true },
      { title: 'Add accessModes: [ReadWriteOncePod]', preferred: false },
    ]);
    assert.equal(
      applyFix(text, RULE, 'Add accessModes: [ReadWriteOnce]'),
      pvc('  accessModes:\n    - ReadWriteOnce\n  storageClassName: fast\n  volumeMode: Filesystem\n  resources:\n    requests:\n      storage: 10Gi\n'),
    );
  });

  test('fires on an empty list, on its key, and fills it', () => {
    const empty = pvc('  accessModes: []\n  resources: {requests: {storage: 1Gi}}\n');
    assert.deepEqual(where(empty), [[6, 3, 'accessModes']]);
    assert.match(lint(empty, RULE)[0].message, /has an empty accessModes list: the API server rejects it/);
    assert.equal(
      applyFix(empty, RULE, 'Add accessModes: [ReadWriteOnce]'),
      pvc('  accessModes:\n    - ReadWriteOnce\n  resources: {requests: {storage: 1Gi}}\n'),
    );
    const none = pvc('  accessModes:\n  resources: {requests: {storage: 1Gi}}\n');
    assert.deepEqual(where(none), [[6, 3, 'accessModes']]);
    assert.equal(
      applyFix(none, RULE, 'Add accessModes: [ReadWriteOncePod]'),
      pvc('  accessModes:\n    - ReadWriteOncePod\n  resources: {requests: {storage: 1Gi}}\n'),
    );
  });

  test('fires on each unknown mode, and changes near misses and kubectl abbreviations', () => {
    const text = pvc('  accessModes: [ReadWriteOnly, "rwx", Shared]\n  resources: {requests: {storage: 1Gi}}\n');
    assert.deepEqual(where(text), [
      [6, 17, 'ReadWriteOnly'],
      [6, 32, '"rwx"'],
      [6, 39, 'Shared'],
    ]);
    assert.equal(
      lint(text, RULE)[2].message,
      `'Shared' is not an access mode: the API server rejects it (spec.accessModes: Unsupported value: "Shared": ${SUPPORTED}).`,
    );
    assert.deepEqual(fixesOf(text, RULE), [
      { title: "Change 'ReadWriteOnly' to 'ReadWriteOnce'", preferred: true },
      { title: "Change 'rwx' to 'ReadWriteMany'", preferred: true },
    ]);
    assert.equal(
      applyFix(text, RULE, "Change 'rwx' to 'ReadWriteMany'"),
      pvc('  accessModes: [ReadWriteOnly, "ReadWriteMany", Shared]\n  resources: {requests: {storage: 1Gi}}\n'),
    );
    assert.deepEqual(['RWO', 'rox', 'RWX', 'rwop', 'readwriteonce', 'ReadWriteOncPod', 'Shared'].map(accessModeFor), [
      'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod', 'ReadWriteOnce', 'ReadWriteOncePod', undefined,
    ]);
  });

  test('offers no change that would put ReadWriteOncePod beside another mode', () => {
    const text = pvc('  accessModes: [RWO, ReadWriteOncePod]\n  resources: {requests: {storage: 1Gi}}\n');
    // The API server counts only supported modes beside ReadWriteOncePod: `RWO` is reported alone.
    assert.deepEqual(where(text), [[6, 17, 'RWO']]);
    assert.deepEqual(fixesOf(text, RULE), []);
  });

  test('fires on ReadWriteOncePod beside other modes; keeping it alone or removing it is offered, not preferred', () => {
    const block = pvc('  accessModes:\n  - ReadWriteOnce\n  - ReadWriteOncePod  # one Pod only\n  - ReadOnlyMany\n  resources: {requests: {storage: 1Gi}}\n');
    const [finding] = lint(block, RULE);
    assert.deepEqual([finding.line, finding.column, finding.text], [8, 5, 'ReadWriteOncePod']);
    assert.equal(
      finding.message,
      'ReadWriteOncePod is listed with ReadWriteOnce, ReadOnlyMany: the API server rejects it ' +
        '(spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes).',
    );
    assert.deepEqual(finding.related.map((r) => [r.line, r.text]), [[7, 'ReadWriteOnce'], [9, 'ReadOnlyMany']]);
    assert.deepEqual(fixesOf(block, RULE), [
      { title: 'Keep only ReadWriteOncePod', preferred: false },
      { title: 'Remove ReadWriteOncePod', preferred: false },
    ]);
    assert.equal(
      applyFix(block, RULE, 'Keep only ReadWriteOncePod'),
      pvc('  accessModes:\n  - ReadWriteOncePod  # one Pod only\n  resources: {requests: {storage: 1Gi}}\n'),
    );
    assert.equal(
      applyFix(block, RULE, 'Remove ReadWriteOncePod'),
      pvc('  accessModes:\n  - ReadWriteOnce\n  # one Pod only\n  - ReadOnlyMany\n  resources: {requests: {storage: 1Gi}}\n'),
    );
    const flow = pvc('  accessModes: [ReadWriteOnce, ReadWriteOncePod]\n  resources: {requests: {storage: 1Gi}}\n');
    assert.deepEqual(where(flow), [[6, 32, 'ReadWriteOncePod']]);
    assert.equal(
      applyFix(flow, RULE, 'Keep only ReadWriteOncePod'),
      pvc('  accessModes: [ReadWriteOncePod]\n  resources: {requests: {storage: 1Gi}}\n'),
    );
    assert.equal(
      applyFix(flow, RULE, 'Remove ReadWriteOncePod'),
      pvc('  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n'),
    );
  });
});

describe(`${RULE}: storage request`, () => {
  test('fires on a claim without a storage request, even one bound by volumeName or cloned from a data source', () => {
    const text = pvc('  accessModes:\n  - ReadWriteOnce\n  storageClassName: fast  # the SSD class\n');
    assert.deepEqual(where(text), [[5, 1, 'spec']]);
    assert.equal(
      lint(text, RULE)[0].message,
      "PersistentVolumeClaim 'data' requests no storage (resources.requests.storage): the API server rejects it " +
        '(spec.resources[storage]: Required value).',
    );
    assert.equal(
      applyFix(text, RULE, 'Add a 1Gi storage request'),
      pvc('  accessModes:\n  - ReadWriteOnce\n  storageClassName: fast  # the SSD class\n  resources:\n    requests:\n      storage: 1Gi\n'),
    );
    assert.deepEqual(where(pvc('  accessModes: [ReadWriteOnce]\n  volumeName: pv-data\n')), [[5, 1, 'spec']]);
    assert.deepEqual(where(pvc('  accessModes: [ReadWriteOnce]\n  dataSource: {kind: PersistentVolumeClaim, name: src}\n')), [[5, 1, 'spec']]);
  });

  test('points at the deepest key there is, and writes only the missing levels', () => {
    const limits = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    limits:\n      storage: 5Gi\n');
    assert.deepEqual(where(limits), [[7, 3, 'resources']]);
    assert.equal(
      applyFix(limits, RULE, 'Add a 1Gi storage request'),
      pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    limits:\n      storage: 5Gi\n    requests:\n      storage: 1Gi\n'),
    );
    const cpu = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      cpu: 1\n');
    assert.deepEqual(where(cpu), [[8, 5, 'requests']]);
    assert.equal(
      applyFix(cpu, RULE, 'Add a 1Gi storage request'),
      pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      cpu: 1\n      storage: 1Gi\n'),
    );
    const empty = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n  storageClassName: fast\n');
    assert.deepEqual(where(empty), [[7, 3, 'resources']]);
    assert.equal(
      applyFix(empty, RULE, 'Add a 1Gi storage request'),
      pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n  storageClassName: fast\n'),
    );
  });

  test('writes the size of the defaultStorageRequest setting', () => {
    const text = pvc('  accessModes: [ReadWriteOnce]\n  volumeMode: Block\n');
    const settings = { ...defaultSettings, defaultStorageRequest: '20Gi' };
    assert.deepEqual(fixesOf(text, RULE, settings), [{ title: 'Add a 20Gi storage request', preferred: true }]);
    assert.equal(
      applyFix(text, RULE, 'Add a 20Gi storage request', settings),
      pvc('  accessModes: [ReadWriteOnce]\n  volumeMode: Block\n  resources:\n    requests:\n      storage: 20Gi\n'),
    );
  });

  test('fires on a storage key without a value, with no fix', () => {
    const text = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage:\n');
    assert.deepEqual(where(text), [[9, 7, 'storage']]);
    assert.match(lint(text, RULE)[0].message, /has no value: a claim must request more than zero storage/);
    assert.deepEqual(fixesOf(text, RULE), []);
  });

  test('fires on a size that is not a quantity, with the decoding error', () => {
    const text = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 10GB\n');
    assert.deepEqual(where(text), [[9, 16, '10GB']]);
    assert.equal(
      lint(text, RULE)[0].message,
      `Storage request '10GB' is not a Kubernetes quantity: the API server cannot decode this PersistentVolumeClaim (${FORMAT}).`,
    );
    assert.deepEqual(fixesOf(text, RULE), [
      { title: "Change '10GB' to '10Gi'", preferred: false },
      { title: "Change '10GB' to '10G'", preferred: false },
    ]);
    assert.equal(applyFix(text, RULE, "Change '10GB' to '10G'"), text.replace('10GB', '10G'));
    const suffix = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 10K\n');
    assert.match(lint(suffix, RULE)[0].message, /cannot decode this PersistentVolumeClaim \(unable to parse quantity's suffix\)/);
    assert.equal(applyFix(suffix, RULE, "Change '10K' to '10Ki'"), suffix.replace('10K', '10Ki'));
    const spaced = pvc('  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: "10 Gi"}}\n');
    assert.deepEqual(fixesOf(spaced, RULE), [{ title: "Change '10 Gi' to '10Gi'", preferred: true }]);
    assert.equal(applyFix(spaced, RULE, "Change '10 Gi' to '10Gi'"), spaced.replace('"10 Gi"', '"10Gi"'));
  });

  test('suggests only sizes that say what was meant', () => {
    assert.deepEqual(quantityTypos('10GiB'), [{ to: '10Gi', preferred: true }]);
    assert.deepEqual(quantityTypos('10gi'), [{ to: '10Gi', preferred: true }]);
    assert.deepEqual(quantityTypos('500mb'), [{ to: '500Mi', preferred: false }, { to: '500M', preferred: false }]);
    assert.deepEqual(quantityTypos('1.5Tb'), [{ to: '1.5Ti', preferred: false }, { to: '1.5T', preferred: false }]);
    assert.deepEqual(quantityTypos('10g'), [{ to: '10Gi', preferred: false }, { to: '10G', preferred: false }]);
    assert.deepEqual(quantityTypos(' 10 Gi '), [{ to: '10Gi', preferred: true }]);
    // Not a size, or spaces around milli-: nothing to suggest.
    for (const written of ['ten gigs', '10GBs', '-10GB', '10,5Gi']) assert.deepEqual(quantityTypos(written), [], written);
    // Spaced-out milli- is not what anyone means; a size unit may be.
    assert.deepEqual(quantityTypos('10 m'), [{ to: '10Mi', preferred: false }, { to: '10M', preferred: false }]);
  });

  test('fires on a size that is zero or negative', () => {
    const zero = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 0Gi\n');
    assert.deepEqual(where(zero), [[9, 16, '0Gi']]);
    assert.equal(
      lint(zero, RULE)[0].message,
      "Storage request '0Gi' is zero: the API server rejects it (spec.resources[storage]: Invalid value: \"0\": must be greater than zero).",
    );
    assert.deepEqual(fixesOf(zero, RULE), []);
    const negative = pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: -5\n');
    assert.match(lint(negative, RULE)[0].message, /^Storage request '-5' is negative: .*must be greater than zero\)\.$/);
  });

  test('is silent on sizes the API server reads, however they are written', () => {
    for (const size of ['10', '10Gi', '"10Gi"', "' 10Gi '", '.5Gi', '1.G', '1e3', '1_000', '0x10', '100M']) {
      const text = pvc(`  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: ${size}\n`);
      assert.deepEqual(where(text), [], size);
    }
  });
});

describe(`${RULE}: volumeMode`, () => {
  test('fires on a mode other than Filesystem or Block and fixes the case', () => {
    const text = pvc('  accessModes: [ReadWriteOnce]\n  volumeMode: block\n  resources: {requests: {storage: 1Gi}}\n');
    assert.deepEqual(where(text), [[7, 15, 'block']]);
    assert.equal(
      lint(text, RULE)[0].message,
      'volumeMode \'block\' is neither Filesystem nor Block: the API server rejects it (spec.volumeMode: Unsupported value: "block": supported values: "Block", "Filesystem").',
    );
    assert.equal(applyFix(text, RULE, "Change 'block' to 'Block'"), text.replace('block', 'Block'));
    const typo = text.replace('block', 'FileSytem');
    assert.equal(applyFix(typo, RULE, "Change 'FileSytem' to 'Filesystem'"), text.replace('block', 'Filesystem'));
    const empty = text.replace('block', '""');
    assert.deepEqual(where(empty), [[7, 15, '""']]);
    assert.deepEqual(fixesOf(empty, RULE), []);
  });
});

const statefulSet = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
  spec:
    serviceName: db
    selector:
      matchLabels: {app: db}
    template:
      metadata:
        labels: {app: db}
      spec:
        containers:
        - name: db
          image: postgres:17
          volumeMounts:
          - {name: data, mountPath: /data}
    volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        storageClassName: fast
        resources:
          requests:
            storage: 10Gi
`;

describe(`${RULE}: StatefulSet volumeClaimTemplates`, () => {
  test('says what the controller does, and what API servers with kubernetes/kubernetes#132212 do', () => {
    assert.deepEqual(where(statefulSet), [[21, 5, 'spec']]);
    assert.equal(
      lint(statefulSet, RULE)[0].message,
      "volumeClaimTemplate 'data' has no accessModes: the StatefulSet controller cannot create PersistentVolumeClaim " +
        "'data-db-<ordinal>' from it, and a Pod whose claim does not exist yet is not created (event FailedCreate: … is " +
        `invalid: ${REQUIRED_MODES}); API servers that include kubernetes/kubernetes#132212 reject the StatefulSet itself ` +
        'when it is created (spec.volumeClaimTemplates[0].spec.accessModes).',
    );
    assert.equal(
      applyFix(statefulSet, RULE, 'Add accessModes: [ReadWriteOnce]'),
      statefulSet.replace('      storageClassName: fast\n', '      accessModes:\n      - ReadWriteOnce\n      storageClassName: fast\n'),
    );
  });

  test('a value the API server cannot decode fails the StatefulSet itself', () => {
    const text = statefulSet.replace('      storageClassName: fast\n', '      accessModes: [ReadWriteOnce]\n').replace('10Gi', '10GB');
    assert.equal(
      lint(text, RULE)[0].message,
      `Storage request '10GB' is not a Kubernetes quantity: the API server cannot decode this StatefulSet (${FORMAT}).`,
    );
  });

  test('fires on a template with no spec, on its name, and adds one in the file\'s layout (4 spaces, CRLF)', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '    name: db',
      'spec:',
      '    selector:',
      '        matchLabels:',
      '            app: db',
      '    template:',
      '        spec:',
      '            containers:',
      '                -   name: db',
      '                    image: db',
      '    volumeClaimTemplates:',
      '        -   metadata:',
      '                name: data',
      '        -   metadata:',
      '                name: logs',
      '            spec:',
      '                accessModes: [ReadWriteOnce]',
      '                resources: {requests: {storage: 1Gi}}',
      '',
    ].join('\r\n');
    assert.deepEqual(where(text), [[16, 23, 'data']]);
    assert.match(lint(text, RULE)[0].message, /^volumeClaimTemplate 'data' has no spec, so neither accessModes nor a storage request: /);
    assert.deepEqual(fixesOf(text, RULE), [
      { title: 'Add a spec with accessModes [ReadWriteOnce] and a 1Gi storage request', preferred: true },
      { title: 'Add a spec with accessModes [ReadWriteOncePod] and a 1Gi storage request', preferred: false },
    ]);
    const spec = ['            spec:', '                accessModes:', '                    - ReadWriteOnce', '                resources:',
      '                    requests:', '                        storage: 1Gi'];
    assert.equal(
      applyFix(text, RULE, 'Add a spec with accessModes [ReadWriteOnce] and a 1Gi storage request'),
      text.replace('                name: data\r\n', `                name: data\r\n${spec.join('\r\n')}\r\n`),
    );
  });

  test('is silent on absences in a StatefulSet patch (no selector), not on wrong values', () => {
    const patch = statefulSet.replace('  selector:\n    matchLabels: {app: db}\n', '');
    assert.deepEqual(where(patch), []);
    assert.deepEqual(where(patch.replace('10Gi', '10GB')), [[23, 20, '10GB']]);
  });
});

describe(`${RULE}: generic ephemeral volumes`, () => {
  const deployment = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        spec:
          volumes:
          - name: config
            configMap: {name: api}
          - name: scratch
            ephemeral:
              volumeClaimTemplate:
                spec:
                  resources:
                    requests:
                      storage: 1Gi
          containers:
          - name: api
            image: api
  `;

  test('a Deployment is rejected at create, with the volume\'s field path', () => {
    assert.deepEqual(where(deployment), [[14, 13, 'spec']]);
    assert.equal(
      lint(deployment, RULE)[0].message,
      "The volumeClaimTemplate of ephemeral volume 'scratch' has no accessModes: the API server rejects this Deployment " +
        '(spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required).',
    );
    assert.equal(
      applyFix(deployment, RULE, 'Add accessModes: [ReadWriteOnce]'),
      deployment.replace('              resources:\n', '              accessModes:\n              - ReadWriteOnce\n              resources:\n'),
    );
  });

  test('a StatefulSet fails its Pods (and, from 1.34, its own create); a Pod and a CronJob use their paths', () => {
    const sts = deployment.replace('kind: Deployment', 'kind: StatefulSet');
    assert.match(
      lint(sts, RULE)[0].message,
      /the StatefulSet controller cannot create its Pods \(event FailedCreate: … is invalid: spec\.volumes\[1\]\.ephemeral\.volumeClaimTemplate\.spec\.accessModes: .*\); Kubernetes 1\.34 and later reject the StatefulSet when it is created\.$/,
    );
    const pod = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: a
          image: a
        volumes:
        - name: scratch
          ephemeral:
            volumeClaimTemplate:
              metadata:
                labels: {type: scratch}
    `;
    assert.deepEqual(where(pod), [[11, 7, 'volumeClaimTemplate']]);
    assert.match(lint(pod, RULE)[0].message, /has no spec, .*the API server rejects this Pod \(spec\.volumes\[0\]\.ephemeral\.volumeClaimTemplate\.spec\.accessModes: /);
    assert.equal(
      applyFix(pod, RULE, 'Add a spec with accessModes [ReadWriteOnce] and a 1Gi storage request'),
      `${pod}        spec:\n          accessModes:\n          - ReadWriteOnce\n          resources:\n            requests:\n              storage: 1Gi\n`,
    );
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: c}
      spec:
        jobTemplate:
          spec:
            template:
              spec:
                containers: [{name: a, image: a}]
                volumes:
                - name: scratch
                  ephemeral:
                    volumeClaimTemplate:
                      spec:
                        accessModes: [ReadWriteMany]
                        volumeMode: Blok
    `;
    assert.match(lint(cron, RULE)[0].message, /rejects this CronJob \(spec\.jobTemplate\.spec\.template\.spec\.volumes\[0\]\.ephemeral\.volumeClaimTemplate\.spec\.resources\[storage\]: Required value\)/);
    assert.match(lint(cron, RULE)[1].message, /volumeMode 'Blok' is neither Filesystem nor Block/);
  });
});

describe(`${RULE}: silence`, () => {
  test('on a PersistentVolumeClaim that may be a kustomize patch', () => {
    // No spec at all (a patch of labels), a resize, a new class and size: the base holds the rest.
    assert.deepEqual(where('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  labels: {tier: db}\n'), []);
    assert.deepEqual(where(pvc('  resources:\n    requests:\n      storage: 50Gi\n')), []);
    assert.deepEqual(where(pvc('  storageClassName: premium\n  resources:\n    requests:\n      storage: 50Gi\n')), []);
    assert.deepEqual(where(pvc('  accessModes: [ReadWriteMany]\n')), []);
  });

  test('on what aliases and merge keys stand for', () => {
    const anchored = yaml`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: a}
        spec: &spec
          accessModes: &modes [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
      - apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: b}
        spec:
          accessModes: *modes
          storageClassName: fast
          resources: {requests: {storage: 2Gi}}
      - apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: c}
        spec:
          <<: *spec
          storageClassName: slow
          volumeMode: Filesystem
    `;
    assert.deepEqual(where(anchored), []);
    const merged = statefulSet.replace('  - metadata:\n      name: data\n', '  - <<: {kind: x}\n    metadata:\n      name: data\n');
    assert.deepEqual(where(merged), []);
  });

  test('on complete claims, other kinds and other API groups', () => {
    assert.deepEqual(
      where(pvc('  accessModes: [ReadWriteOncePod]\n  volumeMode: Block\n  dataSourceRef: {kind: PersistentVolumeClaim, name: src}\n  resources: {requests: {storage: 1Gi}}\n')),
      [],
    );
    assert.deepEqual(where('apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\nspec:\n  capacity: {storage: 1Gi}\n  hostPath: {path: /x}\n'), []);
    const kruise = statefulSet.replace('apiVersion: apps/v1', 'apiVersion: apps.kruise.io/v1beta1');
    assert.deepEqual(where(kruise), []);
    const fine = statefulSet.replace('      storageClassName: fast\n', '      accessModes: ["ReadWriteOnce"]\n');
    assert.deepEqual(where(fine), []);
  });

  test('on Helm templates', () => {
    assert.deepEqual(where(pvc('  resources:\n    requests:\n      storage: {{ .Values.size }}\n  storageClassName: x\n  volumeMode: y\n')), []);
  });
});

describe(`${RULE}: fixes not offered`, () => {
  test('in a flow-style spec or template', () => {
    const flow = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec: {accessModes: [ReadWriteOnce], volumeMode: Block}\n';
    assert.deepEqual(where(flow), [[4, 1, 'spec']]);
    assert.deepEqual(fixesOf(flow, RULE), []);
    const template = statefulSet.replace(/ {2}- metadata:\n {6}name: data\n[\s\S]*$/, '  - {metadata: {name: data}}\n');
    assert.deepEqual(where(template), [[19, 23, 'data']]);
    assert.deepEqual(fixesOf(template, RULE), []);
  });
});
