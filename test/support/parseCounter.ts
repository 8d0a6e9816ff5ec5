// Work, measured: the documents and characters the analysis hands to the YAML parser. The core calls the `yaml`
// package's exports through its CommonJS module object (tsx compiles it so), so wrapping them there sees every parse.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FileAnalyser } from '../../server/src/service/analysis';
import { repoRoot } from './fixtures';

export const work = { parses: 0, characters: 0 };
let counting = false;

/** Starts counting (once per process); the counters are the caller's to reset. */
export function countParses(): void {
  if (counting) return;
  const yaml = createRequire(path.join(repoRoot, 'package.json'))('yaml') as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['parse', 'parseDocument', 'parseAllDocuments']) {
    const original = yaml[name];
    yaml[name] = (source: unknown, ...rest: unknown[]) => {
      work.parses++;
      if (typeof source === 'string') work.characters += source.length;
      return original(source, ...rest);
    };
  }
  counting = true;
  work.parses = 0;
  new FileAnalyser().analyse('apiVersion: v1\nkind: Pod\n');
  assert.ok(work.parses > 0, 'the parse counter sees no parse: the core no longer calls yaml through its module object');
}
