// `npx tsx bench/profileSummary.ts <file.cpuprofile> [top]`: where a V8 CPU profile's busy time went, by self time,
// per function and per package (garbage collection on its own line). A bundle's frames are mapped back to their
// sources through its source map when there is one (a development build: `npm run build`).
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A script's path from its package (node_modules/<name>/…) or from the repository (server/src/…). */
function pathOf(url: string): string {
  if (url.startsWith('node:') || url === '') return 'node internals';
  return url.replace(/^.*node_modules\//, '').replace(/^(?:.*\/|\.\.\/)*((?:server|client)\/(?:src|out)\/)/, '$1').replace(/^\.\.\/src\//, 'server/src/');
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
function originOf(frame: ProfileNode['callFrame']): { url: string; line: number } {
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  return entry && 'originalSource' in entry
    ? { url: entry.originalSource, line: entry.originalLine + 1 }
    : { url: frame.url, line: frame.lineNumber + 1 };
}

const [file, top = '15'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profileSummary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const perFunction = new Map<string, number>();
const perPackage = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = profile.timeDeltas[i] / 1000;
  const frame = byId.get(id)!.callFrame;
  const { functionName } = frame;
  const special = ['(garbage collector)', '(idle)', '(program)'].includes(functionName);
  const { url, line } = special ? { url: '', line: 0 } : originOf(frame);
  const name = special ? functionName : `${functionName || '(anonymous)'} ${pathOf(url)}:${line}`;
  perFunction.set(name, (perFunction.get(name) ?? 0) + ms);
  const bucket = special ? functionName : packageOf(url);
  perPackage.set(bucket, (perPackage.get(bucket) ?? 0) + ms);
  total += ms;
});

const idle = perPackage.get('(idle)') ?? 0;
const busy = total - idle;
const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  entries.delete('(idle)');
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${file}: ${total.toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle; percentages of the ${busy.toFixed(0)} ms busy`);
print('self time per package', perPackage);
print('self time per function', perFunction);
