// The analysis budget (issue "Never hang, never corrupt"): a file over `maxFileSize` gets one information
// diagnostic and nothing else, in the core, the CLI and the server; and a large file being analysed does not hold
// up the answers about another one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover } from 'vscode-languageserver-types';
import { FileAnalyser } from '../../server/src/service/analysis';
import { codeActions } from '../../server/src/service/codeActions';
import { FILE_TOO_LARGE_CODE, toDiagnostics } from '../../server/src/service/diagnostics';
import { hover } from '../../server/src/service/hover';
import { defaultSettings, toSettings } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

const seed = fs.readFileSync(path.join(repoRoot, 'examples', 'sts-emptyDir.yaml'), 'utf8');
const seedBytes = Buffer.byteLength(seed);

function analysed(text: string, maxFileSize: number) {
  const document = TextDocument.create('file:///big.yaml', 'yaml', 1, text);
  const file = new FileAnalyser(document.uri).analyse(text, maxFileSize);
  return { document, file, diagnostics: toDiagnostics(document, file, { ...defaultSettings, maxFileSize }, 'file:///docs/') };
}

describe('maxFileSize', () => {
  test('a file over the budget gets one information diagnostic on its first line, and no findings, hovers or fixes', () => {
    const { document, file, diagnostics } = analysed(seed, seedBytes - 1);
    assert.deepEqual(file.tooLarge, { bytes: seedBytes, limit: seedBytes - 1 });
    assert.equal(diagnostics.length, 1);
    const [only] = diagnostics;
    assert.equal(only.code, FILE_TOO_LARGE_CODE);
    assert.equal(only.severity, 3);
    assert.deepEqual(only.range, { start: { line: 0, character: 0 }, end: { line: 0, character: seed.split('\n')[0].length } });
    assert.equal(
      only.message,
      `Not analysed: this file is ${seedBytes} bytes, larger than the maxFileSize setting (${seedBytes - 1} bytes). Raise the setting to analyse it.`,
    );
    const emptyDir = document.positionAt(seed.indexOf('emptyDir'));
    assert.equal(hover(document, file, emptyDir), null);
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(seed.length) };
    assert.deepEqual(codeActions(document, file, { range: whole, diagnostics: [] }, { settings: defaultSettings, docsUri: '' }), []);
  });

  test('at the budget exactly the file is analysed as usual', () => {
    const { diagnostics } = analysed(seed, seedBytes);
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['statefulset-emptydir', 'unmounted-claim-template']);
  });

  test('the budget counts UTF-8 bytes, not UTF-16 code units', () => {
    // 1,000 "é" are 1,000 code units and 2,000 bytes.
    const text = `${seed}# ${'é'.repeat(1000)}\n`;
    assert.ok(text.length < seedBytes + 1500);
    assert.equal(analysed(text, seedBytes + 1500).file.tooLarge?.bytes, seedBytes + 2003);
  });

  test('the setting: a whole number of bytes, else the default of 4 MiB', () => {
    assert.equal(defaultSettings.maxFileSize, 4 * 1024 * 1024);
    assert.equal(toSettings({ maxFileSize: 100 }).maxFileSize, 100);
    assert.equal(toSettings({ maxFileSize: 0 }).maxFileSize, 0);
    for (const bad of [-1, 1.5, '100', null, Number.MAX_VALUE]) assert.equal(toSettings({ maxFileSize: bad }).maxFileSize, defaultSettings.maxFileSize, String(bad));
  });
});

describe('maxFileSize in the CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-budget-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'server', 'out', 'cli.js'), ...args], { encoding: 'utf8', timeout: 30_000 });

  test('from the configuration file: the file is reported as not analysed, which fails nothing', () => {
    fs.writeFileSync(path.join(dir, 'sts.yaml'), seed);
    fs.writeFileSync(path.join(dir, '.k8s-persistence.yaml'), 'maxFileSize: 100\n');
    const run = cli(['lint', path.join(dir, 'sts.yaml')]);
    assert.match(run.stdout, new RegExp(`sts\\.yaml:1:1: information ${FILE_TOO_LARGE_CODE} Not analysed: this file is ${seedBytes} bytes`));
    assert.doesNotMatch(run.stdout, /statefulset-emptydir/);
    assert.equal(run.status, 0, run.stderr);
  });

  test('a size that is not a whole number of bytes is a configuration error (exit 2)', () => {
    fs.writeFileSync(path.join(dir, '.k8s-persistence.yaml'), 'maxFileSize: 1MB\n');
    const run = cli(['lint', path.join(dir, 'sts.yaml')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /maxFileSize must be integer/);
  });
});

describe('the server, while a large file is analysed', () => {
  // 60 StatefulSets of 400 environment variables each: about a second of analysis, in 60 documents.
  const env = Array.from({ length: 400 }, (_, k) => `        - name: V${k}\n          value: "${k}"\n`).join('');
  const statefulSet = (i: number) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s${i}\nspec:\n  serviceName: s${i}\n  selector:\n    matchLabels: {app: s${i}}\n` +
    `  template:\n    metadata:\n      labels: {app: s${i}}\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        env:\n${env}` +
    `        volumeMounts:\n        - {name: data, mountPath: /data}\n      volumes:\n      - name: data\n        emptyDir: {}\n`;
  const large = Array.from({ length: 60 }, (_, i) => statefulSet(i)).join('---\n');
  const emptyDir = TextDocument.create('', '', 0, seed).positionAt(seed.indexOf('emptyDir'));
  let hoverSent: (() => void) | undefined;
  // The hover is sent once the server has the large file's settings: from then on it is analysing that file.
  const client = new LspClient({
    configuration: (item) => {
      if (item.scopeUri === 'file:///large.yaml') setImmediate(() => hoverSent?.());
      return {};
    },
  });
  after(() => client.kill());

  test('answers a hover on a small file before it has finished with the large one', async () => {
    await client.initialize();
    const open = (uri: string, text: string) => client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    let largePublishedBeforeHover: boolean | undefined;
    const answer = new Promise<Hover | null>((resolve, reject) => {
      hoverSent = () => {
        void open('file:///small.yaml', seed);
        client
          .request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///small.yaml' }, position: emptyDir }, 30_000)
          .then((result) => {
            largePublishedBeforeHover = client.published.some((p) => p.uri === 'file:///large.yaml');
            resolve(result);
          }, reject);
      };
    });
    void open('file:///large.yaml', large);
    const result = await answer;
    assert.match(JSON.stringify(result?.contents), /emptyDir/);
    const published = await client.waitForDiagnostics('file:///large.yaml', 1, 60_000);
    assert.equal(published.diagnostics.filter((d) => d.code === 'statefulset-emptydir').length, 60, 'the large file is analysed in full');
    assert.equal(largePublishedBeforeHover, false, 'the hover was answered while the large file was still being analysed');
  });
});
