// A worker thread of the long fuzz run (scripts/fuzz.ts): takes chunks of generated documents (a seed, a count, where
// to start), runs properties a-d on each, reports every failure, and shrinks the first one of each kind it meets.
// Before each property it says where it is, so that the main thread can name the case of a hang.
import { parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { documentCase, DOCUMENT_PROPERTIES, DocumentProperty, FailureReport, signatureOf, ToMain, ToWorker } from './long';

if (!parentPort) throw new Error('test/fuzz/worker.ts runs as a worker thread of scripts/fuzz.ts');
const port = parentPort;
const send = (message: ToMain) => port.postMessage(message);
const shrunk = new Set<string>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  const { chunk, seed, size, start, properties, slowMs } = message;
  const cases = fc.sample(documentCase(), { seed, numRuns: size });
  const checks: Record<string, number> = {};
  const ms: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (let index = start; index < size; index++) {
    const [c, probe] = cases[index];
    const documentBegan = performance.now();
    for (const name of properties) {
      send({ type: 'at', chunk, index, property: name });
      const began = performance.now();
      try {
        checks[name] = (checks[name] ?? 0) + DOCUMENT_PROPERTIES[name].run(c.text, probe);
      } catch (error) {
        failures[name] = (failures[name] ?? 0) + 1;
        const signature = signatureOf(name, error);
        const report: FailureReport = { property: name, signature, message: messageOf(error), seed, index, text: c.text, file: c.file, mutations: c.mutations };
        if (!shrunk.has(signature)) {
          shrunk.add(signature);
          Object.assign(report, shrink(name, seed, index, size));
        }
        send({ type: 'failure', report });
      }
      ms[name] = (ms[name] ?? 0) + performance.now() - began;
    }
    const took = performance.now() - documentBegan;
    if (took > slowMs) send({ type: 'slow', ms: took, seed, index, file: c.file, mutations: c.mutations, text: c.text });
  }
  send({ type: 'done', chunk, documents: size - start, checks, ms, failures });
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replays the case at `index` of the chunk through fc.check, which shrinks it. */
function shrink(name: DocumentProperty, seed: number, index: number, size: number): Partial<FailureReport> {
  const property = fc.property(documentCase(), ([c, probe]) => {
    DOCUMENT_PROPERTIES[name].run(c.text, probe);
  });
  const result = fc.check(property, { seed, path: String(index), numRuns: size });
  if (!result.failed || !result.counterexample) return {};
  const [[c]] = result.counterexample;
  return { shrunk: { text: c.text, file: c.file, mutations: c.mutations, message: messageOf(result.errorInstance), path: result.counterexamplePath ?? '' } };
}

send({ type: 'ready' });
