// Times the analysis core on a large real file (`npx tsx scripts/bench.ts [file]`):
//   (a) a full analysis from a fresh FileAnalyser (what opening the file costs),
//   (b) a re-analysis after a one-character edit in one document with a warm FileAnalyser (what typing costs),
//       once in a small document and once in the largest one,
//   (c) the baseline: `yaml`'s parseAllDocuments of the whole file.
// Each is warmed up, then measured RUNS times in this one process; the table shows the median (and min/max).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { FileAnalyser } from '../server/src/service/analysis';
import { toDiagnostics } from '../server/src/service/diagnostics';
import { defaultSettings } from '../server/src/settings';
import { splitDocuments } from '../server/src/yaml/parse';

const WARMUP = 3;
const RUNS = 9;

const repoRoot = path.resolve(import.meta.dirname, '..');
const file = path.resolve(process.argv[2] ?? path.resolve(repoRoot, '..', 'shared', 'corpus', 'argo-cd', 'install.yaml'));
const text = fs.readFileSync(file, 'utf8');
const documents = splitDocuments(text);

function time(run: (i: number) => void): { median: number; min: number; max: number } {
  for (let i = 0; i < WARMUP; i++) run(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run(WARMUP + i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] };
}

/** The file with one character of the document at `index` changed: a digit in its text flipped between 0 and 1. */
function editedIn(index: number): string {
  const { offset, text: documentText } = documents[index];
  // Edit inside a value: the last character of the first `name:` line of that document, or its last character.
  const nameLine = /^\s*name: .*\S/m.exec(documentText);
  const at = offset + (nameLine ? nameLine.index + nameLine[0].length - 1 : documentText.trimEnd().length - 1);
  const replacement = text[at] === 'x' ? 'y' : 'x';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

/** Times re-analysis after a one-character edit: alternate the original and the edited text on a warm analyser. */
function reanalysis(index: number) {
  const edited = editedIn(index);
  const analyser = new FileAnalyser();
  analyser.analyse(text);
  return time((i) => analyser.analyse(i % 2 === 0 ? edited : text));
}

const sizes = documents.map((d, index) => ({ index, lines: d.text.split('\n').length }));
const largest = sizes.reduce((a, b) => (b.lines > a.lines ? b : a));
const smallest = sizes.reduce((a, b) => (b.lines < a.lines ? b : a));
const workload = sizes.find((s) => /^kind: (Deployment|StatefulSet)\b/m.test(documents[s.index].text)) ?? smallest;

function kindOf(index: number): string {
  return /^kind: (\S+)/m.exec(documents[index].text)?.[1] ?? 'non-k8s';
}

const document = TextDocument.create('file:///bench.yaml', 'yaml', 1, text);
const rows: [string, ReturnType<typeof time>][] = [
  ['(a) full analysis, fresh FileAnalyser', time(() => new FileAnalyser().analyse(text))],
  [
    '(a+) full analysis + toDiagnostics',
    time(() => toDiagnostics(document, new FileAnalyser().analyse(text), defaultSettings, 'file:///docs/rules/')),
  ],
  [`(b) 1-char edit, smallest doc #${smallest.index} (${smallest.lines} lines), warm`, reanalysis(smallest.index)],
  [`(b) 1-char edit, ${kindOf(workload.index)} doc #${workload.index} (${workload.lines} lines), warm`, reanalysis(workload.index)],
  [`(b) 1-char edit, largest doc #${largest.index} (${largest.lines} lines), warm`, reanalysis(largest.index)],
  ['(c) baseline: yaml parseAllDocuments(whole file)', time(() => parseAllDocuments(text))],
];

const lineCount = text.split('\n').length;
console.log(`${path.relative(process.cwd(), file)}: ${lineCount} lines, ${documents.length} YAML documents; ` +
  `node ${process.version}; ${WARMUP} warm-up + ${RUNS} measured runs each`);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'case'.padEnd(width)}  median ms    min ms    max ms`);
for (const [name, { median, min, max }] of rows) {
  console.log(`${name.padEnd(width)}  ${median.toFixed(2).padStart(9)} ${min.toFixed(2).padStart(9)} ${max.toFixed(2).padStart(9)}`);
}
