// In one process: a full analysis of the big file (a fresh FileAnalyser, nothing cached) against a bare `yaml`
// parse of the same text, in turns, after a warm-up of each.
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { FileAnalyser } from '../server/src/service/analysis';

const WARMUP = 3;

export interface SideBySide {
  ours: number[];
  baseline: number[];
}

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

export function analysisVsParse(text: string, rounds: number): SideBySide {
  const analyse = () => new FileAnalyser().analyse(text);
  const parse = () => parseAllDocuments(text);
  for (let i = 0; i < WARMUP; i++) {
    analyse();
    parse();
  }
  const result: SideBySide = { ours: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always runs on the heap the other left.
    if (round % 2 === 0) {
      result.ours.push(timed(analyse));
      result.baseline.push(timed(parse));
    } else {
      result.baseline.push(timed(parse));
      result.ours.push(timed(analyse));
    }
  }
  return result;
}
