// Paths of the fixtures the tests read: the bundled examples and the shared corpus beside the checkout.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusRoot);

export function example(name: string): string {
  return readFileSync(path.join(repoRoot, 'examples', name), 'utf8');
}
