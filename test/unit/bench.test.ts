// `npm run bench` is not part of `npm test`; this keeps it from rotting without timing anything: the bench's LSP
// session drives both servers through one open → diagnostics → keystroke → diagnostics round, its typing sites
// keep argo-cd's install.yaml valid YAML, and its table says met or missed against each target.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { BenchSession } from '../../bench/session';
import { ours, peer, type ServerProfile } from '../../bench/servers';
import { rows } from '../../bench/table';
import { deploymentSite, documentLines, keystroke, largestDocumentSite, linesOf, wholeRange } from '../../bench/traffic';
import { corpusRoot } from '../support/fixtures';

const seedPath = path.join(corpusRoot, 'seed', 'sts-emptyDir.yaml');
const seedText = fs.readFileSync(seedPath, 'utf8');
const seedUri = pathToFileURL(seedPath).href;
const argoText = fs.readFileSync(path.join(corpusRoot, 'argo-cd', 'install.yaml'), 'utf8');

for (const profile of [ours, peer]) {
  describe(`the bench drives ${profile.name} over stdio`, { timeout: 60_000 }, () => {
    let session: BenchSession | undefined;
    after(() => session?.kill());

    test('open → diagnostics, keystroke → diagnostics of that version, fixAll → an answer, peak RSS', async () => {
      session = await BenchSession.start(profile, 20_000);
      const opened = await session.open(seedUri, seedText);
      assert.ok(opened.ms >= 0);
      const lines = linesOf(seedText);
      // A letter typed into the mount's volume name: the mount now names no volume.
      const mountName = lines.findIndex((line) => /^\s+name: empty-dir$/.test(line));
      const typed = await session.change(seedUri, keystroke({ description: 'mount name', line: mountName, end: lines[mountName].length }, 0));
      assert.ok(typed.ms >= 0);
      if (profile === ours) {
        // The diagnostics are those of the edited version, not a late copy of the first ones.
        assert.ok(!opened.diagnostics.some((d) => d.code === 'unknown-volume-mount'), JSON.stringify(opened.diagnostics));
        assert.ok(typed.diagnostics.some((d) => d.code === 'unknown-volume-mount'), JSON.stringify(typed.diagnostics));
      }
      const { actions } = await session.codeActions(seedUri, wholeRange(lines), ['source.fixAll']);
      assert.ok(Array.isArray(actions));
      assert.ok(session.peakRssMb() > 1);
      await session.stop();
      session = undefined;
    });
  });
}

test('a server that fails to start is named, with its stderr', async () => {
  const broken: ServerProfile = {
    name: 'broken-server',
    command: { file: process.execPath, args: ['-e', 'console.error("no such server"); process.exit(3)'] },
  };
  await assert.rejects(BenchSession.start(broken, 5_000), /broken-server failed to start: .*no such server/s);
});

test('the typing sites are in the documents they say, and the typed letters keep every document valid', () => {
  const lines = linesOf(argoText);
  const documents = documentLines(lines);
  const deployment = deploymentSite(lines);
  const largest = largestDocumentSite(lines);
  const holding = (line: number) => documents.find((d) => d.first <= line && line <= d.last)!;
  assert.equal(holding(deployment.line).kind, 'Deployment');
  assert.equal(holding(largest.line).kind, 'CustomResourceDefinition');
  assert.ok(holding(largest.line).last - holding(largest.line).first > 20_000);

  const typed = [...lines];
  for (let i = 0; i < 30; i++) {
    for (const site of [deployment, largest]) {
      const { range, text } = keystroke(site, i);
      const line = typed[range.start.line];
      assert.equal(range.start.character, line.length, 'each letter goes after the ones before it');
      typed[range.start.line] = line + text;
    }
  }
  const errors = (text: string) => parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors : []));
  assert.deepEqual(errors(typed.join('\n')), errors(argoText));
  assert.notEqual(typed.join('\n'), argoText);
});

test('the table says met or missed against each target', () => {
  const lsp = (open: number, edit: number, crdEdit: number, fixAll: number, rss: number) => ({
    open: [open],
    deploymentEdit: [edit],
    largestEdit: [crdEdit],
    fixAll: [fixAll],
    fixAllActions: [0],
    peakRssBigFileMb: [rss / 2],
    peakRssMb: [rss],
  });
  const table = rows({
    ours: lsp(300, 10, 31, 20, 151),
    peer: lsp(1400, 600, 700, 30, 400),
    // Ratios 1.4 and 1.2: the median is 1.3, at the target.
    inProcess: { ours: [140, 120], baseline: [100, 100] },
    cli: { ours: [160], baseline: [100] },
    bundles: { client: { bytes: 1, gzipBytes: 1 }, server: { bytes: 1_000_001, gzipBytes: 1 }, cli: { bytes: 1, gzipBytes: 1 } },
  });
  assert.deepEqual(
    table.map((r) => [r.label.slice(0, 24), r.met]),
    [
      ['one-character edit in a ', true],
      ['one-character edit in th', false],
      ['open the file → first di', false],
      ['`source.fixAll` on the f', true],
      ['server peak RSS (VmHWM) ', undefined],
      ['server peak RSS (VmHWM) ', false],
      ['full analysis vs bare `y', true],
      ['CLI `lint` over the corp', false],
      ['server bundle `server/ou', false],
      ['client bundle `client/ou', undefined],
      ['CLI bundle `server/out/c', undefined],
    ],
  );
});
