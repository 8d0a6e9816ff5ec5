// `npx tsx bench/profileSummary.ts <file.cpuprofile> [top]`: where a V8 CPU profile's busy time went: self time per
// package and per function (garbage collection on its own line), and total time (with everything they call) of our
// own functions, to see which step of the analysis costs what. A bundle's frames are mapped back to their sources
// through its source map when there is one (a development build: `npm run build`).
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

/** A script's path from its package (node_modules/<name>/…) or from the repository (server/src/…). */
function pathOf(url: string): string {
  if (url.startsWith('node:') || url === '') return 'node internals';
  return url
    .replace(/^.*node_modules\//, '')
    .replace(/^(?:.*\/|\.\.\/)*((?:server|client)\/(?:src|out)\/)/, '$1')
    .replace(/^\.\.\/src\//, 'server/src/');
}

/** The package a script belongs to, or its file for our own sources. */
function packageOf(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return inModules ? inModules[1] : pathOf(url);
}

const sourceMaps = new Map<string, SourceMap | undefined>();
function sourceMapOf(url: string): SourceMap | undefined {
  if (!sourceMaps.has(url)) {
    const mapFile = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : undefined;
    sourceMaps.set(url, mapFile && fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : undefined);
  }
  return sourceMaps.get(url);
}

/** Where a frame's code was written: its source file and line, through the bundle's source map. */
function originOf(frame: CallFrame): { url: string; line: number } {
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  return entry && 'originalSource' in entry
    ? { url: entry.originalSource, line: entry.originalLine + 1 }
    : { url: frame.url, line: frame.lineNumber + 1 };
}

/** A frame's function, where it was written, and the package or our file it belongs to. */
function describeFrame(frame: CallFrame): { name: string; bucket: string; ours: boolean } {
  if (SPECIAL.has(frame.functionName)) return { name: frame.functionName, bucket: frame.functionName, ours: false };
  const { url, line } = originOf(frame);
  const bucket = packageOf(url);
  return { name: `${frame.functionName || '(anonymous)'} ${pathOf(url)}:${line}`, bucket, ours: bucket.startsWith('server/src/') };
}

const [file, top = '15'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profileSummary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
const described = new Map(profile.nodes.map((n) => [n.id, describeFrame(n.callFrame)]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const selfPerFunction = new Map<string, number>();
const selfPerPackage = new Map<string, number>();
const totalPerOurFunction = new Map<string, number>();
const add = (into: Map<string, number>, key: string, ms: number) => into.set(key, (into.get(key) ?? 0) + ms);
let idle = 0;
let busy = 0;
profile.samples.forEach((id, i) => {
  const ms = profile.timeDeltas[i] / 1000;
  const { name, bucket } = described.get(id)!;
  if (name === '(idle)') {
    idle += ms;
    return;
  }
  busy += ms;
  add(selfPerFunction, name, ms);
  add(selfPerPackage, bucket, ms);
  // Each of our functions on the stack counts once, however deep it recurses.
  const onStack = new Set<string>();
  for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
    const frame = described.get(node)!;
    if (frame.ours) onStack.add(frame.name);
  }
  for (const name of onStack) add(totalPerOurFunction, name, ms);
});

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${file}: ${busy.toFixed(0)} ms busy (the percentages' base), ${idle.toFixed(0)} ms idle`);
print('self time per package', selfPerPackage);
print('self time per function', selfPerFunction);
print('total time of our functions (with what they call)', totalPerOurFunction);
