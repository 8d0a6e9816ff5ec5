// The long fuzz run of issue "Never hang, never corrupt":
//
//   npm run fuzz -- --documents 100000 [--seed N] [--sequences M] [--workers W] [--chunk C] [--hang-seconds S]
//                   [--slow-seconds S] [--properties a,b,c,d] [--out DIR]
//   npm run fuzz -- --replay /tmp/k8s-persistence-fuzz/seed-N/1-d.json
//
// Properties a-d (test/fuzz/properties.ts) over that many generated documents, spread over worker threads in chunks
// (each chunk its own seed, derived from the run's); then property e over M edit sequences against the real server
// process (server/out/server.js: run `npm run build` first). A worker that stops reporting for --hang-seconds is a
// hang: its case is recorded and the run goes on. Failures are grouped by their message; the first of each group is
// shrunk and saved (JSON with the exact text, and the text itself) under --out. The slowest documents (over
// --slow-seconds for all four properties) are listed and saved too: timing decides nothing here, but a document
// that takes seconds is where superlinear work hides. Exits 1 when anything failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describeMutation, editSequence, EditSequence } from '../test/fuzz/arbitraries';
import { chunkSeed, documentCase, DOCUMENT_PROPERTIES, DocumentProperty, FailureReport, signatureOf, ToMain, ToWorker } from '../test/fuzz/long';
import { serverMatchesModel } from '../test/fuzz/properties';
import { LspClient } from '../test/support/lspClient';

interface Options {
  documents: number;
  seed: number;
  sequences: number;
  workers: number;
  chunk: number;
  hangMs: number;
  slowMs: number;
  out: string;
  properties: DocumentProperty[];
  replay?: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`--${name} wants an integer, not ${raw}`);
    return n;
  };
  const documents = number('documents', 10_000);
  const seed = number('seed', Math.floor(Math.random() * 2 ** 31));
  const properties = (value('properties') ?? 'a,b,c,d').split(',').filter((p): p is DocumentProperty => p in DOCUMENT_PROPERTIES);
  return {
    documents,
    seed,
    sequences: number('sequences', Math.max(20, Math.round(documents / 200))),
    workers: Math.max(1, number('workers', Math.min(2, os.availableParallelism()))),
    chunk: Math.max(1, number('chunk', 200)),
    hangMs: number('hang-seconds', 60) * 1000,
    slowMs: number('slow-seconds', 3) * 1000,
    out: value('out') ?? path.join('/tmp', 'k8s-persistence-fuzz', `seed-${seed}`),
    properties,
    replay: value('replay'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Properties a-d on worker threads.

interface Totals {
  documents: number;
  checks: Record<string, number>;
  ms: Record<string, number>;
  failures: Record<string, number>;
}

type Slow = Extract<ToMain, { type: 'slow' }>;

async function runDocuments(options: Options, record: (report: FailureReport) => void, slow: (document: Slow) => void): Promise<Totals> {
  const totals: Totals = { documents: 0, checks: {}, ms: {}, failures: {} };
  const queue: Extract<ToWorker, { type: 'chunk' }>[] = [];
  for (let k = 0, left = options.documents; left > 0; k++, left -= options.chunk) {
    queue.push({ type: 'chunk', chunk: k, seed: chunkSeed(options.seed, k), size: Math.min(options.chunk, left), start: 0, properties: options.properties, slowMs: options.slowMs });
  }
  const workerPath = path.join(__dirname, '..', 'test', 'fuzz', 'worker.ts');
  const started = Date.now();
  let lastProgress = started;
  return new Promise((resolve, reject) => {
    const running = new Map<Worker, { job?: (typeof queue)[number]; index: number; property?: DocumentProperty; beat: number }>();
    const add = (into: Record<string, number>, from: Record<string, number>) => {
      for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
    };
    const next = (worker: Worker) => {
      const state = running.get(worker)!;
      const job = queue.shift();
      state.job = job;
      state.beat = Date.now();
      if (job) {
        state.index = job.start;
        worker.postMessage(job);
      } else {
        worker.postMessage({ type: 'stop' } satisfies ToWorker);
      }
    };
    const spawn = () => {
      // Worker threads of Node 20 do not inherit the tsx loader of `--import tsx`: they register its CommonJS hook.
      const worker = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(workerPath)});`, { eval: true });
      running.set(worker, { index: 0, beat: Date.now() });
      worker.on('message', (message: ToMain) => {
        const state = running.get(worker);
        if (!state) return;
        state.beat = Date.now();
        switch (message.type) {
          case 'ready':
            next(worker);
            break;
          case 'at':
            state.index = message.index;
            state.property = message.property;
            break;
          case 'failure':
            record(message.report);
            break;
          case 'slow':
            slow(message);
            break;
          case 'done':
            totals.documents += message.documents;
            add(totals.checks, message.checks);
            add(totals.ms, message.ms);
            add(totals.failures, message.failures);
            if (Date.now() - lastProgress > 15_000) {
              lastProgress = Date.now();
              const rate = totals.documents / ((Date.now() - started) / 1000);
              const failed = Object.values(totals.failures).reduce((a, b) => a + b, 0);
              console.log(`  ${totals.documents}/${options.documents} documents, ${failed} failures, ${rate.toFixed(0)} documents/s`);
            }
            next(worker);
            break;
        }
      });
      worker.on('error', (error) => {
        clearInterval(watchdog);
        reject(error);
      });
      worker.on('exit', () => {
        running.delete(worker);
        if (running.size === 0 && queue.length === 0) {
          clearInterval(watchdog);
          resolve(totals);
        }
      });
    };
    // A worker silent for too long is stuck on one case: record it as a hang, and go on with the rest of its chunk.
    const watchdog = setInterval(() => {
      for (const [worker, state] of running) {
        if (!state.job || Date.now() - state.beat < options.hangMs) continue;
        const job = state.job;
        running.delete(worker);
        void worker.terminate();
        const [c] = fc.sample(documentCase(), { seed: job.seed, numRuns: job.size })[state.index];
        const message = `no answer for ${options.hangMs / 1000} s during property ${state.property ?? '?'}`;
        record({ property: 'hang', signature: `hang: property ${state.property ?? '?'}`, message, seed: job.seed, index: state.index, file: c.file, mutations: c.mutations, text: c.text });
        totals.documents += state.index - job.start + 1;
        totals.failures.hang = (totals.failures.hang ?? 0) + 1;
        if (state.index + 1 < job.size) queue.unshift({ ...job, start: state.index + 1 });
        spawn();
      }
    }, 1000);
    for (let i = 0; i < Math.min(options.workers, queue.length); i++) spawn();
    if (queue.length === 0) {
      clearInterval(watchdog);
      resolve(totals);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Property e against the server process.

const SEQUENCES_PER_SEED = 50;

async function runSequences(options: Options, record: (report: FailureReport) => void): Promise<{ sequences: number; edits: number; failures: number; ms: number }> {
  const started = performance.now();
  let client = await startClient();
  let sequences = 0;
  let edits = 0;
  let failures = 0;
  let id = 0;
  const shrunk = new Set<string>();
  const uri = () => `file:///fuzz/sequence-${++id}.yaml`;
  for (let k = 0; sequences < options.sequences; k++) {
    const seed = chunkSeed(options.seed ^ 0x5eed, k);
    const size = Math.min(SEQUENCES_PER_SEED, options.sequences - sequences);
    const samples: EditSequence[] = fc.sample(editSequence(), { seed, numRuns: size });
    for (let index = 0; index < samples.length; index++) {
      sequences++;
      try {
        edits += await serverMatchesModel(client, samples[index], uri());
      } catch (error) {
        failures++;
        const signature = signatureOf('e', error);
        const start = samples[index].start;
        const report: FailureReport = {
          property: 'e',
          signature,
          message: error instanceof Error ? error.message : String(error),
          seed,
          index,
          file: start.file,
          mutations: start.mutations,
          text: JSON.stringify({ start: start.text, steps: samples[index].steps }),
        };
        client.kill();
        client = await startClient();
        if (!shrunk.has(signature)) {
          shrunk.add(signature);
          const result = await fc.check(
            fc.asyncProperty(editSequence(), async (s) => {
              try {
                await serverMatchesModel(client, s, uri());
              } catch (e) {
                client.kill();
                client = await startClient();
                throw e;
              }
            }),
            { seed, path: String(index), numRuns: size },
          );
          if (result.failed && result.counterexample) {
            const [s] = result.counterexample;
            report.shrunk = {
              text: JSON.stringify({ start: s.start.text, steps: s.steps }),
              file: s.start.file,
              mutations: s.start.mutations,
              message: result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance),
              path: result.counterexamplePath ?? '',
            };
          }
        }
        record(report);
      }
    }
  }
  client.kill();
  return { sequences, edits, failures, ms: performance.now() - started };
}

async function startClient(): Promise<LspClient> {
  const client = new LspClient();
  await client.initialize();
  return client;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports.

function save(options: Options, groups: Map<string, { count: number; first: FailureReport }>): string[] {
  mkdirSync(options.out, { recursive: true });
  const written: string[] = [];
  let n = 0;
  for (const { count, first } of groups.values()) {
    n++;
    const base = path.join(options.out, `${n}-${first.property}`);
    const chosen = first.shrunk ?? first;
    writeFileSync(`${base}.json`, `${JSON.stringify({ ...first, occurrences: count, runSeed: options.seed, mutations: first.mutations.map(describeMutation), shrunk: first.shrunk && { ...first.shrunk, mutations: first.shrunk.mutations.map(describeMutation) } }, null, 2)}\n`);
    // The text itself, to open in an editor (for e, the JSON already holds the start text and the edits).
    if (first.property !== 'e') writeFileSync(`${base}.yaml`, chosen.text);
    written.push(`${base}.json`);
  }
  return written;
}

function replay(file: string): number {
  const report = JSON.parse(readFileSync(file, 'utf8')) as FailureReport;
  const text = report.shrunk?.text ?? report.text;
  if (!(report.property in DOCUMENT_PROPERTIES)) {
    console.log(`Property ${report.property} is not replayed here; the case:\n${text}`);
    return 1;
  }
  const property = DOCUMENT_PROPERTIES[report.property as DocumentProperty];
  try {
    const checks = property.run(text, { offsets: [0], positions: [] });
    console.log(`${report.property} (${property.title}) holds now: ${checks} ${property.unit}.`);
    return 0;
  } catch (error) {
    console.log(`${report.property} (${property.title}) still fails:\n${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.replay) return replay(options.replay);
  const began = performance.now();
  console.log(
    `k8s-persistence fuzz: seed ${options.seed}, ${options.documents} documents (properties ${options.properties.join(', ')}; ` +
      `${options.workers} worker threads, chunks of ${options.chunk}), then ${options.sequences} edit sequences against the server`,
  );
  const groups = new Map<string, { count: number; first: FailureReport }>();
  const record = (report: FailureReport) => {
    const group = groups.get(report.signature);
    if (group) {
      group.count++;
      if (!group.first.shrunk && report.shrunk) group.first = report;
    } else {
      groups.set(report.signature, { count: 1, first: report });
      console.log(`  new failure: ${report.signature}`);
    }
  };
  const slowest: Slow[] = [];
  const totals = await runDocuments(options, record, (document) => {
    slowest.push(document);
    slowest.sort((x, y) => y.ms - x.ms);
    slowest.length = Math.min(slowest.length, 5);
  });
  const model = options.sequences > 0 ? await runSequences(options, record) : undefined;
  const written = save(options, groups);

  const rows: string[][] = [['property', 'documents', 'checked', 'failures', 'seconds']];
  for (const name of options.properties) {
    const { title, unit } = DOCUMENT_PROPERTIES[name];
    rows.push([`${name}. ${title}`, String(totals.documents), `${totals.checks[name] ?? 0} ${unit}`, String(totals.failures[name] ?? 0), ((totals.ms[name] ?? 0) / 1000).toFixed(1)]);
  }
  if (totals.failures.hang) rows.push(['hangs', '', '', String(totals.failures.hang), '']);
  if (model) rows.push(['e. server matches model', `${model.sequences} sequences`, `${model.edits} edits`, String(model.failures), (model.ms / 1000).toFixed(1)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const failed = [...groups.values()].reduce((sum, g) => sum + g.count, 0);
  console.log(`\n${totals.documents} documents, ${failed} failures in ${groups.size} groups, ${((performance.now() - began) / 1000).toFixed(0)} s (seed ${options.seed})`);
  for (const [signature, { count, first }] of groups) {
    const shown = first.shrunk ?? first;
    console.log(`\n${count} x ${signature}\n  first: ${first.file}, chunk seed ${first.seed}, case ${first.index}; ${shown === first ? 'not shrunk' : `shrunk to ${shown.text.length} characters`}`);
    console.log(`  ${shown.message.split('\n')[0]}`);
  }
  if (slowest.length > 0) {
    mkdirSync(options.out, { recursive: true });
    console.log(`\nSlowest documents (over ${options.slowMs / 1000} s for properties ${options.properties.join(', ')}):`);
    slowest.forEach((document, i) => {
      const base = path.join(options.out, `slow-${i + 1}`);
      writeFileSync(`${base}.json`, `${JSON.stringify({ ...document, mutations: document.mutations.map(describeMutation) }, null, 2)}\n`);
      writeFileSync(`${base}.yaml`, document.text);
      console.log(`  ${(document.ms / 1000).toFixed(1)} s  ${document.text.length} characters  ${document.file}  [${document.mutations.map((m) => m.kind).join(', ')}]  ${base}.yaml`);
    });
  }
  if (written.length > 0) console.log(`\nCounterexamples: ${options.out}/ (${written.length} groups; npm run fuzz -- --replay <file.json>)`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
