// Two processes in turns: the bundled CLI linting the corpus, and a script that only reads and parses the same files.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../test/support/fixtures';
import type { SideBySide } from './inProcess';

const cliPath = path.join(repoRoot, 'server', 'out', 'cli.js');
const parseOnlyPath = path.join(repoRoot, 'bench', 'parseOnly.mjs');

/** Wall-clock ms of `node args…`; throws unless it exits with one of `ok`. */
function run(args: string[], ok: readonly number[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  if (!ok.includes(result.status ?? -1)) {
    throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
  }
  return ms;
}

/** `directory` as the CLI is given it; `files`, the files the CLI reads there, for the parse-only script. */
export function cliVsParse(directory: string, files: readonly string[], rounds: number): SideBySide {
  // Lint exits 1 when it reports findings; 2 is a usage or input error.
  const lint = () => run([cliPath, 'lint', directory], [0, 1]);
  const parse = () => run([parseOnlyPath, ...files], [0]);
  const result: SideBySide = { ours: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      result.ours.push(lint());
      result.baseline.push(parse());
    } else {
      result.baseline.push(parse());
      result.ours.push(lint());
    }
  }
  return result;
}
