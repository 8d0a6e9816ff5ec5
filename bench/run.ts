// `npm run bench [-- --rounds N --edits N]`: our server against yaml-language-server on the same LSP traffic,
// the analysis against a bare parse, the CLI against a parse-only script, and the bundle sizes. Prints a markdown
// table (the README's "Performance" section) and writes every sample to bench/results.json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { collectFiles } from '../server/src/cli/files';
import { corpusRoot, repoRoot } from '../test/support/fixtures';
import { bundleSizes } from './bundles';
import { cliVsParse } from './cliVsParse';
import { analysisVsParse } from './inProcess';
import { lspRounds } from './lspRounds';
import { cpuProfiled, ours, peer, peerVersion } from './servers';
import { markdown, rows } from './table';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    edits: { type: 'string', default: '8' },
    file: { type: 'string', default: path.join(corpusRoot, 'argo-cd', 'install.yaml') },
    out: { type: 'string', default: path.join(repoRoot, 'bench', 'results.json') },
    /** Run both servers under `node --cpu-prof`, profiles into this directory (see bench/profileSummary.ts). */
    'cpu-prof': { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const edits = Number(values.edits);
if (!(rounds >= 1 && edits >= 1)) throw new Error('--rounds and --edits take positive numbers');
const file = path.resolve(values.file);
const profileDir = values['cpu-prof'] && path.resolve(values['cpu-prof']);
const profiles = [ours, peer].map((profile) => (profileDir ? cpuProfiled(profile, profileDir) : profile));
const log = (line: string) => console.error(`bench: ${line}`);

async function main(): Promise<void> {
  const bundles = bundleSizes();
  const corpusFiles = collectFiles([corpusRoot]).map((f) => path.resolve(f));
  log(`LSP: ${rounds} rounds, ${edits} keystrokes per site and round, ${corpusFiles.length} corpus files`);
  const lsp = await lspRounds({
    profiles,
    file,
    corpusFiles: corpusFiles.filter((f) => f !== file),
    rounds,
    edits,
    fixAllRequests: edits,
    log,
  });
  log('in process: analysis vs parse');
  const inProcess = analysisVsParse(fs.readFileSync(file, 'utf8'), rounds * 3);
  log('CLI vs parse-only');
  const cli = cliVsParse(corpusRoot, corpusFiles, rounds);

  const peerName = `yaml-language-server ${lsp.serverInfo[peer.name]?.version ?? peerVersion()}`;
  const table = rows({
    ours: lsp.samples[ours.name],
    peer: lsp.samples[peer.name],
    inProcess,
    cli,
    bundles: { client: bundles['client/out/extension.js'], server: bundles['server/out/server.js'], cli: bundles['server/out/cli.js'] },
  });
  const machine = `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  const header = [
    `Measured ${new Date().toISOString().slice(0, 16)} UTC with node ${process.version} on ${machine}; medians of`,
    `${rounds} rounds (a fresh process of each server per round, steps in turns), ${edits} keystrokes per site and round.`,
    `Typed in ${path.relative(repoRoot, file)}: ${lsp.sites.deployment}; ${lsp.sites.largest}.`,
  ].join('\n');
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    machine,
    file: path.relative(repoRoot, file),
    options: { rounds, edits },
    peer: peerName,
    sites: lsp.sites,
    table,
    samples: { lsp: lsp.samples, inProcess, cli, bundles },
  };
  fs.writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`${header}\n\n${markdown(table, peerName)}`);
  log(`samples written to ${path.relative(process.cwd(), values.out)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
