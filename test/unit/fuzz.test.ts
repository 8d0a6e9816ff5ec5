// Property-based fuzzing, CI-sized (issue "Never hang, never corrupt"): real manifests of the shared corpus, mutated
// (test/fuzz/arbitraries.ts), against the properties of test/fuzz/properties.ts. The seed is fixed, so a run is the
// same everywhere; FUZZ_SEED=<n> runs another one. `npm run fuzz -- --documents 100000` is the long run.
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { editSequence, hoverProbe, manifest } from '../fuzz/arbitraries';
import { fixesHold, neverThrows, rangesInBounds, serverMatchesModel, withinBudget } from '../fuzz/properties';
import { LspClient, serverPath } from '../support/lspClient';

const seed = Number(process.env.FUZZ_SEED ?? 20_251_125);
/** About 30 s in all on a 2-core machine; each property gets its own share. */
const RUNS = { neverThrows: 400, withinBudget: 600, rangesInBounds: 600, fixesHold: 800, serverMatchesModel: 80 };
/** The error of the shrunk counterexample goes into the report, not only the value. */
const params = { seed, includeErrorInReport: true };
/** A hang fails the test instead of stalling CI. */
const timeout = 180_000;

describe('fuzzing: mutated corpus manifests', () => {
  test('a. analysis, diagnostics, code actions, refactors and hovers never throw', { timeout }, (t) => {
    let calls = 0;
    fc.assert(
      fc.property(manifest(), hoverProbe, (c, probe) => {
        calls += neverThrows(c.text, probe);
      }),
      { ...params, numRuns: RUNS.neverThrows },
    );
    t.diagnostic(`seed ${seed}: ${RUNS.neverThrows} documents, ${calls} calls`);
  });

  test('b. syntax errors kept, findings and parse work stay within a budget of the text', { timeout }, (t) => {
    let checks = 0;
    fc.assert(
      fc.property(manifest(), (c) => {
        checks += withinBudget(c.text);
      }),
      { ...params, numRuns: RUNS.withinBudget },
    );
    t.diagnostic(`seed ${seed}: ${RUNS.withinBudget} documents, ${checks} checks`);
  });

  test('c. every range lies in the document, on code point boundaries', { timeout }, (t) => {
    let ranges = 0;
    fc.assert(
      fc.property(manifest(), hoverProbe, (c, probe) => {
        ranges += rangesInBounds(c.text, probe);
      }),
      { ...params, numRuns: RUNS.rangesInBounds },
    );
    t.diagnostic(`seed ${seed}: ${RUNS.rangesInBounds} documents, ${ranges} ranges`);
  });

  test('d. every fix and refactor offered applies, parses, fixes, keeps comments and is not offered again', { timeout }, (t) => {
    let applied = 0;
    fc.assert(
      fc.property(manifest(), (c) => {
        applied += fixesHold(c.text);
      }),
      { ...params, numRuns: RUNS.fixesHold },
    );
    t.diagnostic(`seed ${seed}: ${RUNS.fixesHold} documents, ${applied} code actions applied`);
  });
});

describe('fuzzing: the server process under incremental edits', () => {
  let client: LspClient;
  before(async () => {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
    client = new LspClient();
    await client.initialize();
  });
  after(() => client?.kill());

  test('e. after random didChange edits the published diagnostics are those of a fresh analysis', { timeout }, async (t) => {
    let edits = 0;
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(editSequence({ maxSteps: 4 }), async (s) => {
        edits += await serverMatchesModel(client, s, `file:///fuzz/sequence-${++sequence}.yaml`);
      }),
      { ...params, numRuns: RUNS.serverMatchesModel },
    );
    t.diagnostic(`seed ${seed}: ${RUNS.serverMatchesModel} edit sequences, ${edits} incremental edits`);
  });
});
